package host.exosphere.samples.creategraph;

import host.exosphere.annotations.Node;

/** Processes what the loader produced. */
@Node
public final class DataProcessorNode {
  /** The data to process. */
  public record Inputs(String data) {}

  /** The processed result. */
  public record Outputs(String result) {}

  /** Upper-cases the data. */
  public Outputs execute(Inputs inputs) {
    return new Outputs(inputs.data().toUpperCase(java.util.Locale.ROOT));
  }
}
