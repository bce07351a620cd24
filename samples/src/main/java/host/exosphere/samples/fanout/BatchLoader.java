package host.exosphere.samples.fanout;

import host.exosphere.annotations.Node;

/** Root of the fan-out samples: names the source and how many batches to split it into. */
@Node
public final class BatchLoader {
  public record Inputs(String source, String batch_count) {}

  public record Outputs(String source, String batch_count) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs(inputs.source(), inputs.batch_count());
  }
}
