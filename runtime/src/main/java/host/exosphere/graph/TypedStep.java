package host.exosphere.graph;

import host.exosphere.annotations.UnitesStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shared part of every generated {@code <Node>Step}: identifier, inputs, {@code next_nodes},
 * {@code unites} and namespace, and the node template they make. A generated step adds one pair of
 * typed setters per input field and typed output references; keeping the rest here, written once, keeps
 * what javac compiles per node small.
 *
 * <p>Not meant to be extended by hand: the annotation processor writes the subclasses.
 *
 * @param <S> the generated step type, returned by the setters so that calls chain
 */
public abstract class TypedStep<S extends TypedStep<S>> implements GraphBuilder.Step {
  private final String nodeName;
  private final String identifier;
  private String namespace;
  private final Map<String, Object> inputs = new LinkedHashMap<>();
  private final List<String> next = new ArrayList<>();
  private Unites unites;

  /**
   * @param nodeName the registered node name ({@code node_name})
   * @param namespace the namespace given on {@code @Node}, or {@code null} for the graph's
   * @param identifier the step's identifier, unique in its graph
   */
  protected TypedStep(String nodeName, String namespace, String identifier) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.namespace = namespace;
    this.identifier = Objects.requireNonNull(identifier, "identifier");
  }

  @SuppressWarnings("unchecked") // S is the subclass itself, by construction of the generated code
  private S self() {
    return (S) this;
  }

  /** This step's identifier. */
  public final String identifier() {
    return identifier;
  }

  /** Sets input {@code field} to a template string (a literal, or text with placeholders). */
  protected final S input(String field, String value) {
    inputs.put(field, Objects.requireNonNull(value, field));
    return self();
  }

  /** Sets input {@code field} to another step's output. */
  protected final S input(String field, GraphBuilder.OutputRef output) {
    return input(field, output.placeholder());
  }

  /** Runs the node from another namespace than the graph's. */
  public final S namespace(String nodeNamespace) {
    this.namespace = Objects.requireNonNull(nodeNamespace, "namespace");
    return self();
  }

  /** Appends identifiers of the steps that run after this one ({@code next_nodes}). */
  public final S next(String... identifiers) {
    next.addAll(List.of(identifiers));
    return self();
  }

  /** Makes this step a join on {@code target}: it runs once every descendant of that step is done. */
  public final S unites(String target, UnitesStrategy strategy) {
    this.unites = new Unites(target, strategy);
    return self();
  }

  /** A reference to output {@code field} of this step: {@code ${{ identifier.outputs.field }}}. */
  protected final GraphBuilder.OutputRef output(String field) {
    return new GraphBuilder.OutputRef(identifier, field);
  }

  /** The node template; the node runs in {@code graphNamespace} unless a namespace was set. */
  @Override
  public final NodeTemplate toNodeTemplate(String graphNamespace) {
    return new NodeTemplate(nodeName, namespace == null ? graphNamespace : namespace, identifier, inputs, next,
        unites);
  }
}
