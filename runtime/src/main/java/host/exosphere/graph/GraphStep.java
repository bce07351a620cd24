package host.exosphere.graph;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One step of a graph with the node type it runs, as generated in {@code <Graph>Graph.Steps}: what typed
 * results are read by, e.g. {@code run.outputs(OrderPipelineGraph.Steps.CONFIRM)} gives
 * {@code List<ConfirmOrder.Outputs>}.
 *
 * @param <N> the node class (or {@code @Node} interface)
 * @param <O> its {@code Outputs} record
 */
public final class GraphStep<N, O> {
  private final String identifier;
  private final Class<N> nodeClass;
  private final Function<Map<String, String>, O> outputsReader;

  private GraphStep(String identifier, Class<N> nodeClass, Function<Map<String, String>, O> outputsReader) {
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.nodeClass = Objects.requireNonNull(nodeClass, "nodeClass");
    this.outputsReader = Objects.requireNonNull(outputsReader, "outputsReader");
  }

  /**
   * A step running {@code nodeClass}, reading reported outputs with {@code outputsReader} (the generated
   * adapter's {@code readOutputs}).
   */
  public static <N, O> GraphStep<N, O> of(
      String identifier, Class<N> nodeClass, Function<Map<String, String>, O> outputsReader) {
    return new GraphStep<>(identifier, nodeClass, outputsReader);
  }

  /** The step's identifier in its graph. */
  public String identifier() {
    return identifier;
  }

  /** The node class it runs. */
  public Class<N> nodeClass() {
    return nodeClass;
  }

  /**
   * One output map a state of this step reported, as the node's {@code Outputs} record.
   *
   * @throws IllegalArgumentException (a {@code NodeInputException}) when a value does not decode
   */
  public O readOutputs(Map<String, String> outputs) {
    return outputsReader.apply(outputs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GraphStep<?, ?> other && identifier.equals(other.identifier) && nodeClass == other.nodeClass;
  }

  @Override
  public int hashCode() {
    return identifier.hashCode() * 31 + nodeClass.hashCode();
  }

  @Override
  public String toString() {
    return "GraphStep[" + identifier + ": " + nodeClass.getSimpleName() + "]";
  }
}
