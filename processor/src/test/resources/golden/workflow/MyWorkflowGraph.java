package test;

import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.client.GraphStatus;
import host.exosphere.client.GraphValidationException;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.client.UpsertOptions;
import host.exosphere.graph.CronTrigger;
import host.exosphere.graph.GraphBuilder;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import host.exosphere.graph.Unites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.annotation.processing.Generated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(MyWorkflowGraph.class);

  private static final GraphTemplate TEMPLATE = buildTemplate();

  private MyWorkflowGraph() {
  }

  /**
   * The graph template, checked at compile time; secret values are {@code null}.
   */
  public static GraphTemplate template() {
    return TEMPLATE;
  }

  private static GraphTemplate buildTemplate() {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("api_key", null);
    List<NodeTemplate> nodes = new ArrayList<>(4);
    nodes.add(step("DataLoaderNode", "MyProject", "loader", pairs("source", "${{ store.cursor }}"), names("processor")));
    nodes.add(step("DataProcessorNode", "MyProject", "processor", pairs("data", "${{ loader.outputs.data }}"), names("merge")));
    nodes.add(step("MergeNode", "MyProject", "merge", pairs(), names("report"))
        .withUnites(new Unites("loader", UnitesStrategy.ALL_DONE)));
    nodes.add(step("Reporter", "MyProject", "report", pairs("result", "${{ loader.outputs.data }}"), names()));
    RetryPolicy retryPolicy = new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 2, null);
    StoreConfig storeConfig = new StoreConfig(List.of("cursor", "batch_id"), pairs("cursor", "0", "mode", "fast"));
    List<CronTrigger> triggers = List.of();
    return new GraphTemplate(NAME, NAMESPACE, secrets, nodes, retryPolicy, storeConfig, triggers);
  }

  /**
   * One node template: node name, namespace, identifier, inputs and next nodes.
   */
  private static NodeTemplate step(String nodeName, String namespace, String identifier,
      Map<String, String> inputs, List<String> next) {
    return NodeTemplate.of(nodeName, namespace, identifier, inputs, next);
  }

  /**
   * A list of identifiers.
   */
  private static List<String> names(String... identifiers) {
    return List.of(identifiers);
  }

  /**
   * An ordered map from alternating keys and values.
   */
  private static Map<String, String> pairs(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
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
   * Uploads this graph with its secret values and waits until the state manager says VALID,
   * logging progress.
   *
   * @throws GraphValidationException with the state manager's errors when it refuses the graph or it ends INVALID
   */
  public static GraphStatus upsert(StateManager client, Secrets secrets) {
    UpsertOptions defaults = UpsertOptions.DEFAULT;
    return upsert(client, secrets, new UpsertOptions(defaults.timeout(), defaults.pollInterval(),
        progress -> LOG.info("Graph {}: {}", NAME, progress)));
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
}
