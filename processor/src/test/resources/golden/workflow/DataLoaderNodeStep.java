package test;

import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.graph.GraphBuilder;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.Unites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * A typed step running {@link DataLoaderNode}, for graphs built in code with {@link GraphBuilder}:
 * one setter per input field, and {@link #outputs()} for references to its outputs.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class DataLoaderNodeStep implements GraphBuilder.Step {
  /**
   * The registered node name ({@code node_name}).
   */
  public static final String NODE_NAME = "DataLoaderNode";

  private final String identifier;

  private String namespace = null;

  private final Map<String, Object> inputs = new LinkedHashMap<>();

  private final List<String> next = new ArrayList<>();

  private Unites unites;

  private DataLoaderNodeStep(String identifier) {
    this.identifier = Objects.requireNonNull(identifier, "identifier");
  }

  /**
   * A step with this identifier, unique in its graph.
   */
  public static DataLoaderNodeStep step(String identifier) {
    return new DataLoaderNodeStep(identifier);
  }

  /**
   * This step's identifier.
   */
  public String identifier() {
    return identifier;
  }

  /**
   * Sets input {@code source} to a template string (a literal, or text with placeholders).
   */
  public DataLoaderNodeStep source(String value) {
    inputs.put("source", Objects.requireNonNull(value, "source"));
    return this;
  }

  /**
   * Sets input {@code source} to another step's output.
   */
  public DataLoaderNodeStep source(GraphBuilder.OutputRef output) {
    return source(output.placeholder());
  }

  /**
   * Runs the node from another namespace than the graph's.
   */
  public DataLoaderNodeStep namespace(String nodeNamespace) {
    this.namespace = Objects.requireNonNull(nodeNamespace, "namespace");
    return this;
  }

  /**
   * Appends identifiers of the steps that run after this one ({@code next_nodes}).
   */
  public DataLoaderNodeStep next(String... identifiers) {
    next.addAll(List.of(identifiers));
    return this;
  }

  /**
   * Makes this step a join on {@code target}: it runs once every descendant of that step is done.
   */
  public DataLoaderNodeStep unites(String target, UnitesStrategy strategy) {
    this.unites = new Unites(target, strategy);
    return this;
  }

  /**
   * Typed references to this step's outputs, e.g. for another step's input.
   */
  public Outputs outputs() {
    return new Outputs(identifier);
  }

  /**
   * The node template; the node runs in {@code graphNamespace} unless a namespace was set.
   */
  @Override
  public NodeTemplate toNodeTemplate(String graphNamespace) {
    return new NodeTemplate(NODE_NAME, namespace == null ? graphNamespace : namespace, identifier, inputs, next, unites);
  }

  /**
   * References to the outputs of one step running {@link DataLoaderNode}.
   */
  public static final class Outputs {
    private final String identifier;

    private Outputs(String identifier) {
      this.identifier = identifier;
    }

    /**
     * Output {@code data}: renders as {@code ${{ identifier.outputs.data }}}.
     */
    public GraphBuilder.OutputRef data() {
      return new GraphBuilder.OutputRef(identifier, "data");
    }
  }
}
