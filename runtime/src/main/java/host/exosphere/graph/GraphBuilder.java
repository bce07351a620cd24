package host.exosphere.graph;

import host.exosphere.annotations.UnitesStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds a {@link GraphTemplate} in code and validates it with the same {@link GraphValidator} the
 * annotation processor, the upload helper and the embedded state manager use.
 *
 * <pre>{@code
 * GraphTemplate graph = GraphBuilder.create("my-workflow", "MyProject")
 *     .secret("api_key")
 *     .step("loader", "DataLoaderNode").input("source", "initial").next("processor").add()
 *     .step("processor", "DataProcessorNode").input("data", "${{ loader.outputs.data }}").add()
 *     .build();
 * }</pre>
 *
 * <p>Generated graphs start from {@code XGraph.builder()}, pre-filled from the annotations; generated
 * step builders ({@code <Node>Step}) plug in through {@link #add(Step)}. Steps keep their order: the
 * state manager's ancestor rules depend on it (docs/state-manager.md §3.2). Not thread-safe.
 */
public final class GraphBuilder {

  private String name;
  private String namespace;
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final List<NodeTemplate> nodes = new ArrayList<>();
  private RetryPolicy retryPolicy;
  private List<String> requiredKeys;
  private Map<String, String> defaultValues;
  private final List<CronTrigger> triggers = new ArrayList<>();
  private NodeRegistry registry;

  private GraphBuilder(String name, String namespace) {
    this.name = Objects.requireNonNull(name, "name");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** An empty graph {@code name} in {@code namespace}. */
  public static GraphBuilder create(String name, String namespace) {
    return new GraphBuilder(name, namespace);
  }

  /** A builder holding everything {@code template} holds, secret values included. */
  public static GraphBuilder from(GraphTemplate template) {
    GraphBuilder builder = new GraphBuilder(template.name(), template.namespace());
    builder.secrets.putAll(template.secrets());
    builder.nodes.addAll(template.nodes());
    builder.retryPolicy = template.retryPolicy();
    template.declaredStoreConfig().ifPresent(store -> {
      builder.requiredKeys = new ArrayList<>(store.requiredKeys());
      builder.defaultValues = new LinkedHashMap<>(store.defaultValues());
    });
    builder.triggers.addAll(template.triggers());
    return builder;
  }

  /** Renames the graph (the {@code {graph_name}} path parameter). */
  public GraphBuilder name(String newName) {
    this.name = Objects.requireNonNull(newName, "name");
    return this;
  }

  /** Moves the graph to another namespace; steps added later without a namespace take this one. */
  public GraphBuilder namespace(String newNamespace) {
    this.namespace = Objects.requireNonNull(newNamespace, "namespace");
    return this;
  }

  /** Declares a secret; its value is supplied at upload time ({@link GraphTemplate#withSecretValues}). */
  public GraphBuilder secret(String secretName) {
    secrets.putIfAbsent(Objects.requireNonNull(secretName, "secretName"), null);
    return this;
  }

  /** Sets the retry policy; {@code null} leaves {@code retry_policy} out (the server's default). */
  public GraphBuilder retryPolicy(RetryPolicy policy) {
    this.retryPolicy = policy;
    return this;
  }

  /** Replaces the store configuration; {@code null} leaves {@code store_config} out. */
  public GraphBuilder storeConfig(StoreConfig config) {
    if (config == null) {
      requiredKeys = null;
      defaultValues = null;
    } else {
      requiredKeys = new ArrayList<>(config.requiredKeys());
      defaultValues = new LinkedHashMap<>(config.defaultValues());
    }
    return this;
  }

  /** Adds a key every trigger must supply ({@code store_config.required_keys}). */
  public GraphBuilder requiredStoreKey(String key) {
    ensureStore();
    requiredKeys.add(Objects.requireNonNull(key, "key"));
    return this;
  }

  /** Adds or replaces a store default ({@code store_config.default_values}). */
  public GraphBuilder storeDefault(String key, String value) {
    ensureStore();
    defaultValues.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Adds a cron trigger. */
  public GraphBuilder cron(String expression) {
    triggers.add(new CronTrigger(expression));
    return this;
  }

  /**
   * Validates {@link #build()} against these registered nodes too (the state manager's background
   * verification); without a registry only the upsert-time rules apply.
   */
  public GraphBuilder registry(NodeRegistry nodeRegistry) {
    this.registry = nodeRegistry;
    return this;
  }

  /** Appends a node template, or replaces the one with the same identifier in place. */
  public GraphBuilder add(NodeTemplate node) {
    Objects.requireNonNull(node, "node");
    int index = indexOf(node.identifier());
    if (index >= 0) {
      nodes.set(index, node);
    } else {
      nodes.add(node);
    }
    return this;
  }

  /** Appends (or replaces in place) a step from a typed step builder. */
  public GraphBuilder add(Step step) {
    return add(Objects.requireNonNull(step, "step").toNodeTemplate(namespace));
  }

  /** Starts a step that runs node {@code nodeName} (in the graph's namespace unless set); finish with {@link StepBuilder#add()}. */
  public StepBuilder step(String identifier, String nodeName) {
    return new StepBuilder(identifier, nodeName);
  }

  /**
   * Changes an existing step: a builder holding its current values, which replaces it in place on
   * {@link StepBuilder#add()}.
   *
   * @throws IllegalArgumentException when no step has this identifier
   */
  public StepBuilder editStep(String identifier) {
    int index = indexOf(identifier);
    if (index < 0) {
      throw new IllegalArgumentException("No step '" + identifier + "' in graph '" + name + "'; steps: "
          + nodes.stream().map(NodeTemplate::identifier).collect(Collectors.toList()));
    }
    NodeTemplate node = nodes.get(index);
    StepBuilder step = new StepBuilder(node.identifier(), node.nodeName());
    step.namespace = node.namespace();
    step.inputs.putAll(node.inputs());
    step.next.addAll(node.nextNodes());
    step.unites = node.unites();
    return step;
  }

  /** Removes the step with this identifier, if there is one (references to it are left as written). */
  public GraphBuilder remove(String identifier) {
    int index = indexOf(identifier);
    if (index >= 0) {
      nodes.remove(index);
    }
    return this;
  }

  /** The template as built so far, without validation. */
  public GraphTemplate template() {
    StoreConfig store = requiredKeys == null ? null : new StoreConfig(requiredKeys, defaultValues);
    return new GraphTemplate(name, namespace, secrets, nodes, retryPolicy, store, triggers);
  }

  /**
   * The template, validated with {@link GraphValidator#validate} (against the {@link #registry} when
   * one is set). Warnings do not fail the build.
   *
   * @throws InvalidGraphException listing every error the state manager would report
   */
  public GraphTemplate build() {
    GraphTemplate template = template();
    ValidationReport report = GraphValidator.validate(template, registry);
    if (!report.valid()) {
      throw new InvalidGraphException(name, report);
    }
    return template;
  }

  private void ensureStore() {
    if (requiredKeys == null) {
      requiredKeys = new ArrayList<>();
      defaultValues = new LinkedHashMap<>();
    }
  }

  private int indexOf(String identifier) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).identifier().equals(identifier)) {
        return i;
      }
    }
    return -1;
  }

  /** A step contributed by a typed step builder (the generated {@code <Node>Step} classes). */
  public interface Step {
    /** The node template; {@code graphNamespace} applies when the step names no namespace of its own. */
    NodeTemplate toNodeTemplate(String graphNamespace);
  }

  /**
   * A reference to an output field of a step, rendered as the state manager's placeholder
   * {@code ${{ identifier.outputs.field }}}.
   */
  public record OutputRef(String identifier, String field) {
    public OutputRef {
      Objects.requireNonNull(identifier, "identifier");
      Objects.requireNonNull(field, "field");
    }

    /** The placeholder text, e.g. {@code ${{ loader.outputs.data }}}. */
    public String placeholder() {
      return "${{ " + identifier + ".outputs." + field + " }}";
    }

    @Override
    public String toString() {
      return placeholder();
    }
  }

  /** Builds one step of the enclosing graph; {@link #add()} adds it and returns the graph builder. */
  public final class StepBuilder {
    private final String identifier;
    private final String nodeName;
    private String namespace;
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private final List<String> next = new ArrayList<>();
    private Unites unites;

    private StepBuilder(String identifier, String nodeName) {
      this.identifier = Objects.requireNonNull(identifier, "identifier");
      this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    /** The node's namespace, when it is not the graph's. */
    public StepBuilder namespace(String nodeNamespace) {
      this.namespace = Objects.requireNonNull(nodeNamespace, "namespace");
      return this;
    }

    /** Sets input {@code field} to a template string (a literal, or text with placeholders). */
    public StepBuilder input(String field, String value) {
      inputs.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets input {@code field} to another step's output. */
    public StepBuilder input(String field, OutputRef output) {
      return input(field, output.placeholder());
    }

    /** Appends identifiers to {@code next_nodes}. */
    public StepBuilder next(String... identifiers) {
      next.addAll(List.of(identifiers));
      return this;
    }

    /** Makes this step a join on {@code target} with the default strategy. */
    public StepBuilder unites(String target) {
      return unites(target, UnitesStrategy.ALL_SUCCESS);
    }

    /** Makes this step a join on {@code target}. */
    public StepBuilder unites(String target, UnitesStrategy strategy) {
      this.unites = new Unites(target, strategy);
      return this;
    }

    /** A reference to output {@code field} of this step. */
    public OutputRef output(String field) {
      return new OutputRef(identifier, field);
    }

    /** Adds the step (replacing one with the same identifier in place) and returns the graph builder. */
    public GraphBuilder add() {
      String ns = namespace == null ? GraphBuilder.this.namespace : namespace;
      return GraphBuilder.this.add(new NodeTemplate(nodeName, ns, identifier, inputs, next, unites));
    }
  }

  /** {@link #build()} found errors: the message lists every one of them. */
  public static final class InvalidGraphException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    InvalidGraphException(String graphName, ValidationReport report) {
      super(describe(graphName, report));
      this.report = report;
    }

    /** Everything the validator found, warnings included. */
    public ValidationReport report() {
      return report;
    }

    private static String describe(String graphName, ValidationReport report) {
      List<Diagnostic> errors = report.errors();
      StringBuilder message = new StringBuilder("Graph '").append(graphName).append("' is invalid (")
          .append(errors.size()).append(errors.size() == 1 ? " error):" : " errors):");
      for (Diagnostic error : errors) {
        message.append("\n  ").append(error);
        if (error.serverMessage() != null) {
          message.append(" (state manager: \"").append(error.serverMessage()).append("\")");
        }
      }
      return message.toString();
    }
  }
}
