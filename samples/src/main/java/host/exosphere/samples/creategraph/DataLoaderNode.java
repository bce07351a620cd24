package host.exosphere.samples.creategraph;

import host.exosphere.annotations.Node;

/** Loads a batch from a source; reads an API key from the graph's secrets. */
@Node
public final class DataLoaderNode {
  /** Where to load from. */
  public record Inputs(String source) {}

  /** The loaded data. */
  public record Outputs(String data) {}

  /** The key of the source's API. */
  public record Secrets(String api_key) {}

  /** Loads {@code inputs.source()}. */
  public Outputs execute(Inputs inputs, Secrets secrets) {
    // A real loader would call the source's API with secrets.api_key(); the sample only proves the wiring.
    return new Outputs("rows from " + inputs.source());
  }
}
