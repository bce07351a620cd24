package test;

import host.exosphere.client.GraphStatus;
import host.exosphere.client.GraphValidationException;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.client.UpsertOptions;
import host.exosphere.graph.GraphBuilder;
import host.exosphere.graph.GraphResources;
import host.exosphere.graph.GraphStep;
import host.exosphere.graph.GraphTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.annotation.processing.Generated;

/**
 * Graph {@code my-workflow} in namespace {@code MyProject}, generated from {@link MyWorkflow}.
 *
 * <p>Upload it with {@link #upsert}, start runs with {@link #trigger}, change it in code with
 * {@link #builder()}. The JSON body it uploads is the class-path resource {@link #TEMPLATE_RESOURCE}.
 *
 * <pre>{@code
 * flowchart TD
 *   n0["loader: DataLoaderNode"]
 *   n1["processor: DataProcessorNode"]
 *   n2["merge: MergeNode"]
 *   n3["report: Reporter"]
 *   n0 --> n1
 *   n1 --> n2
 *   n2 --> n3
 *   n0 -. unites .-> n2
 * }</pre>
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class MyWorkflowGraph {
  /**
   * The graph name.
   */
  public static final String NAME = "my-workflow";

  /**
   * The graph's namespace.
   */
  public static final String NAMESPACE = "MyProject";

  /**
   * The node classes this graph runs that the Java runtime executes (not the {@code @Node} interfaces).
   */
  public static final List<Class<?>> NODES = List.of(DataLoaderNode.class, DataProcessorNode.class, MergeNode.class);

  /**
   * The class-path resource holding the upsert body (secret values {@code null} until upload).
   */
  public static final String TEMPLATE_RESOURCE = "META-INF/exosphere/graphs/MyProject/my-workflow.json";

  /**
   * Read from {@link #TEMPLATE_RESOURCE}, written with this class: one JSON file rather than a
   * statement per step for javac to compile.
   */
  private static final GraphTemplate TEMPLATE = GraphResources.template(MyWorkflowGraph.class, TEMPLATE_RESOURCE, NAME, NAMESPACE);

  private MyWorkflowGraph() {
  }

  /**
   * The graph template, checked at compile time; secret values are {@code null}.
   */
  public static GraphTemplate template() {
    return TEMPLATE;
  }

  /**
   * A graph builder holding this graph, for changing it in code; {@code build()} validates again.
   */
  public static GraphBuilder builder() {
    return GraphBuilder.from(TEMPLATE);
  }

  /**
   * Starts the values of this graph's secrets, supplied at upload time.
   */
  public static SecretsBuilder secrets() {
    return new SecretsBuilder();
  }

  /**
   * Uploads this graph with its secret values and waits until the state manager says VALID;
   * the client logs each status it sees.
   *
   * @throws GraphValidationException with the state manager's errors when it refuses the graph or it ends INVALID
   */
  public static GraphStatus upsert(StateManager client, Secrets secrets) {
    return upsert(client, secrets, UpsertOptions.DEFAULT);
  }

  /**
   * Uploads this graph with its secret values and waits as {@code options} say.
   *
   * @throws GraphValidationException with the state manager's errors when it refuses the graph or it ends INVALID
   */
  public static GraphStatus upsert(StateManager client, Secrets secrets, UpsertOptions options) {
    return client.upsertGraph(TEMPLATE.withSecretValues(secrets.values), options);
  }

  /**
   * Starts a run with the required store keys; set optional keys, root inputs or a delay,
   * then call {@link TriggerBuilder#trigger}.
   * @param cursor store key {@code cursor}
   * @param batchId store key {@code batch_id}
   */
  public static TriggerBuilder newTrigger(String cursor, String batchId) {
    TriggerBuilder trigger = new TriggerBuilder();
    trigger.store.put("cursor", Objects.requireNonNull(cursor, "cursor"));
    trigger.store.put("batch_id", Objects.requireNonNull(batchId, "batch_id"));
    return trigger;
  }

  /**
   * Starts a run with the required store keys; returns its run id.
   * @param cursor store key {@code cursor}
   * @param batchId store key {@code batch_id}
   */
  public static String trigger(StateManager client, String cursor, String batchId) {
    return newTrigger(cursor, batchId).trigger(client);
  }

  /**
   * The values of this graph's secrets, made with {@link #secrets()}; never printed.
   */
  public static final class Secrets {
    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
      this.values = Map.copyOf(values);
    }

    /**
     * Names the secrets, never their values.
     */
    @Override
    public String toString() {
      return "Secrets" + new TreeSet<>(values.keySet());
    }
  }

  /**
   * Collects one value per secret declared on {@code @Graph}.
   */
  public static final class SecretsBuilder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private SecretsBuilder() {
    }

    /**
     * The value of secret {@code api_key}.
     */
    public SecretsBuilder apiKey(String value) {
      values.put("api_key", Objects.requireNonNull(value, "api_key"));
      return this;
    }

    /**
     * The secrets.
     *
     * @throws IllegalStateException naming every declared secret without a value
     */
    public Secrets build() {
      List<String> missing = new ArrayList<>();
      for (String name : TEMPLATE.secrets().keySet()) {
        if (!values.containsKey(name)) {
          missing.add(name);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Graph " + NAME + " needs a value for secret(s) " + missing);
      }
      return new Secrets(values);
    }
  }

  /**
   * A run of this graph: store values, root inputs and a start delay.
   */
  public static final class TriggerBuilder {
    private final Map<String, String> store = new LinkedHashMap<>();

    private final Map<String, String> inputs = new LinkedHashMap<>();

    private Duration startDelay = Duration.ZERO;

    private TriggerBuilder() {
    }

    /**
     * Store key {@code mode} for this run (default {@code fast}).
     */
    public TriggerBuilder storeMode(String value) {
      store.put("mode", Objects.requireNonNull(value, "mode"));
      return this;
    }

    /**
     * Overrides root input {@code source} (written {@code ${{ store.cursor }}} in the graph) for this run.
     */
    public TriggerBuilder inputSource(String value) {
      inputs.put("source", Objects.requireNonNull(value, "source"));
      return this;
    }

    /**
     * Delays the root state by {@code delay}.
     */
    public TriggerBuilder startDelay(Duration delay) {
      this.startDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * The trigger request.
     */
    public TriggerRequest request() {
      return new TriggerRequest(inputs, store, startDelay);
    }

    /**
     * Starts the run; returns its run id.
     */
    public String trigger(StateManager client) {
      return client.trigger(NAME, request());
    }
  }

  /**
   * The steps of this graph with their node types, for typed results, e.g.
   * {@code runResult.outputs(Steps.X)} gives the {@code Outputs} records of step x.
   */
  public static final class Steps {
    /**
     * Step {@code loader}, running {@link DataLoaderNode}.
     */
    public static final GraphStep<DataLoaderNode, DataLoaderNode.Outputs> LOADER = GraphStep.of("loader", DataLoaderNode.class,
        DataLoaderNodeAdapter::readOutputs);

    /**
     * Step {@code processor}, running {@link DataProcessorNode}.
     */
    public static final GraphStep<DataProcessorNode, DataProcessorNode.Outputs> PROCESSOR = GraphStep.of("processor", DataProcessorNode.class,
        DataProcessorNodeAdapter::readOutputs);

    /**
     * Step {@code merge}, running {@link MergeNode}.
     */
    public static final GraphStep<MergeNode, MergeNode.Outputs> MERGE = GraphStep.of("merge", MergeNode.class,
        MergeNodeAdapter::readOutputs);

    /**
     * Step {@code report}, running {@link PythonReporter}.
     */
    public static final GraphStep<PythonReporter, PythonReporter.Outputs> REPORT = GraphStep.of("report", PythonReporter.class,
        PythonReporterAdapter::readOutputs);

    private Steps() {
    }
  }
}
