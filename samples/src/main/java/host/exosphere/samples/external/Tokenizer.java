package host.exosphere.samples.external;

import host.exosphere.annotations.Node;

/** Normalises text before it is summarised elsewhere. */
@Node
public final class Tokenizer {
  public record Inputs(String text) {}

  public record Outputs(String tokens) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs(String.join(" ", inputs.text().trim().toLowerCase(java.util.Locale.ROOT).split("\\s+")));
  }
}
