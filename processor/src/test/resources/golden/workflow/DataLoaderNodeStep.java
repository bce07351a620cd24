package test;

import host.exosphere.graph.GraphBuilder;
import host.exosphere.graph.TypedStep;
import javax.annotation.processing.Generated;

/**
 * A typed step running {@link DataLoaderNode}, for graphs built in code with {@link GraphBuilder}:
 * one setter per input field, and {@link #outputs()} for references to its outputs.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class DataLoaderNodeStep extends TypedStep<DataLoaderNodeStep> {
  /**
   * The registered node name ({@code node_name}).
   */
  public static final String NODE_NAME = "DataLoaderNode";

  private DataLoaderNodeStep(String identifier) {
    super(NODE_NAME, null, identifier);
  }

  /**
   * A step with this identifier, unique in its graph.
   */
  public static DataLoaderNodeStep step(String identifier) {
    return new DataLoaderNodeStep(identifier);
  }

  /**
   * Sets input {@code source} to a template string (a literal, or text with placeholders).
   */
  public DataLoaderNodeStep source(String value) {
    return input("source", value);
  }

  /**
   * Sets input {@code source} to another step's output.
   */
  public DataLoaderNodeStep source(GraphBuilder.OutputRef output) {
    return input("source", output);
  }

  /**
   * Typed references to this step's outputs, e.g. for another step's input.
   */
  public Outputs outputs() {
    return new Outputs();
  }

  /**
   * References to the outputs of one step running {@link DataLoaderNode}.
   */
  public final class Outputs {
    private Outputs() {
    }

    /**
     * Output {@code data}: renders as {@code ${{ identifier.outputs.data }}}.
     */
    public GraphBuilder.OutputRef data() {
      return DataLoaderNodeStep.this.output("data");
    }
  }
}
