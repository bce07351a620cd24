package host.exosphere.samples.resilience;

import host.exosphere.annotations.Node;

/** Publishes what the gatekeeper let through. */
@Node
public final class Publisher {
  public record Inputs(String body) {}

  public record Outputs(String receipt) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs("published " + inputs.body().length() + " chars");
  }
}
