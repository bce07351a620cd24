package host.exosphere.samples.fanout;

import host.exosphere.annotations.Node;
import java.util.Locale;

/** Processes one batch. */
@Node
public final class ItemProcessor {
  public record Inputs(String item) {}

  public record Outputs(String result) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs(inputs.item().toUpperCase(Locale.ROOT));
  }
}
