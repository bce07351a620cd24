package host.exosphere.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.RegisteredNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed client of one namespace of an Exosphere state manager (docs/state-manager.md §1), over {@code java.net.http}.
 *
 * <pre>{@code
 * try (StateManager sm = StateManager.fromEnvironment("MyProject")) {
 *   sm.upsertGraph(MyWorkflowGraph.template().withSecretValues(Map.of("api_key", key)), UpsertOptions.DEFAULT);
 *   String runId = sm.trigger("my-workflow", new TriggerRequest(Map.of(), Map.of("cursor", "0"), Duration.ZERO));
 * }
 * }</pre>
 *
 * <p>Every endpoint of docs/state-manager.md §1.2 has a typed method. Calls that are safe to repeat (every {@code GET},
 * and the {@code PUT}s of nodes and graphs, which replace what they write) are retried with exponential
 * backoff and jitter on connection errors, timeouts, 429 (honouring {@code Retry-After}) and 5xx. Calls
 * that change run state are sent exactly once; see {@link #trigger}. A failure is a {@link
 * StateManagerException} with the status and the server's {@code detail}; the API key and secret values
 * never appear in its message or in the log.
 *
 * <p>Thread-safe. {@link #withNamespace} views share one connection pool; {@link #close()} closes them all.
 */
public final class StateManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StateManager.class);

  /** Environment variable with the state manager's base URL (the same one the Python SDK reads). */
  public static final String URI_VARIABLE = "EXOSPHERE_STATE_MANAGER_URI";
  /** Environment variable with the API key (the same one the Python SDK reads). */
  public static final String API_KEY_VARIABLE = "EXOSPHERE_API_KEY";
  /** Response header by which the embedded state manager offers {@link #awaitStates}. */
  static final String AWAIT_HEADER = "x-exosphere-await";

  private final HttpTransport transport;
  private final String namespace;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  /** Set once an enqueue answer said the server offers {@code states/await} (see {@link #offersAwaitStates}). */
  private volatile boolean awaitOffered;

  private StateManager(HttpTransport transport, String namespace, Sleeper sleeper, LongSupplier nanoTime) {
    this.transport = transport;
    this.namespace = namespace;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
  }

  /** Starts a builder: {@code StateManager.builder().uri(uri).apiKey(key).namespace(ns).build()}. */
  public static Builder builder() {
    return new DefaultBuilder();
  }

  /**
   * From {@code EXOSPHERE_STATE_MANAGER_URI} and {@code EXOSPHERE_API_KEY}, with default timeouts and
   * retries; use {@code builder().fromEnvironment()} to change those.
   *
   * @throws IllegalStateException naming the variable that is missing or malformed
   */
  public static StateManager fromEnvironment(String namespace) {
    return builder().fromEnvironment().namespace(namespace).build();
  }

  /** The namespace every call addresses. */
  public String namespace() {
    return namespace;
  }

  /** The state manager's base URL (without a trailing slash). */
  public URI uri() {
    return transport.base();
  }

  /** The same server, key and connection pool, another namespace. */
  public StateManager withNamespace(String namespace) {
    return new StateManager(transport, requireNamespace(namespace), sleeper, nanoTime);
  }

  // ---------------------------------------------------------------------------------------------
  // Server-wide calls

  /** {@code GET /health} (§1.2 #1): the server's message, {@code "OK"} when it is up. */
  public String health() {
    HttpTransport.Call call = HttpTransport.Call.get("/health");
    return ClientJson.read(call, transport.send(call)).text("message");
  }

  /** {@code GET /v0/namespaces} (§1.2.2): namespaces that have registered nodes, sorted. */
  public List<String> namespaces() {
    HttpTransport.Call call = HttpTransport.Call.get("/v0/namespaces");
    return List.copyOf(ClientJson.read(call, transport.send(call)).strings("namespaces"));
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  /**
   * Registers nodes for {@code runtimeName} ({@code PUT …/nodes/}, §1.2.3), with the body the Python
   * runtime sends (§2.1). Registration replaces a same-named node, so repeating it is harmless.
   */
  public void registerNodes(String runtimeName, List<NodeRegistration> nodes) {
    Objects.requireNonNull(runtimeName, "runtimeName");
    Objects.requireNonNull(nodes, "nodes");
    List<RegisteredNode> registered = new ArrayList<>();
    for (NodeRegistration node : nodes) {
      registered.add(new RegisteredNode(node.name(), namespace, node.inputsSchema(), node.outputsSchema(), node.secrets()));
    }
    ObjectNode body = GraphJson.registrationBody(runtimeName, namespace, registered);
    transport.send(new HttpTransport.Call("PUT", ns("nodes") + "/", ClientJson.write(body), true, List.of()));
  }

  /** {@code GET …/nodes/} (§1.2.4): the nodes registered in this namespace. */
  public List<RegisteredNode> listNodes() {
    HttpTransport.Call call = HttpTransport.Call.get(ns("nodes") + "/");
    ClientJson.Answer answer = ClientJson.read(call, transport.send(call));
    List<RegisteredNode> nodes;
    try {
      nodes = GraphJson.readRegisteredNodes(answer.root(), namespace);
    } catch (IllegalArgumentException e) {
      throw answer.unexpected(e.getMessage());
    }
    return List.copyOf(nodes);
  }

  // ---------------------------------------------------------------------------------------------
  // Graphs

  /** {@link #upsertGraph(GraphTemplate, UpsertOptions)} with {@link UpsertOptions#DEFAULT}. */
  public GraphStatus upsertGraph(GraphTemplate template) {
    return upsertGraph(template, UpsertOptions.DEFAULT);
  }

  /**
   * PUTs the template (its secret values filled in) to the template's own namespace and waits until the
   * server says VALID (§1.2.5, §3.3). The body is {@link GraphJson#toPutBody}, the bytes the Python SDK
   * sends. Each status seen is reported to {@link UpsertOptions#progress()} and logged at INFO.
   *
   * @throws GraphValidationException when the server answers 400/422 or the graph ends INVALID; it
   *     carries the server's errors
   * @throws StateManagerException when verification does not finish within the timeout, or on any
   *     other failure
   * @throws IllegalArgumentException when a declared secret has no value (nothing is sent)
   */
  public GraphStatus upsertGraph(GraphTemplate template, UpsertOptions options) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(options, "options");
    template.secrets().forEach((name, value) -> {
      if (value == null) {
        throw new IllegalArgumentException("Secret '" + name + "' of graph '" + template.name()
            + "' has no value: supply the values with GraphTemplate.withSecretValues(...) before uploading");
      }
    });
    return upsertGraphBody(
        template.namespace(), template.name(), GraphJson.toPutBody(template), template.secrets().values(), options);
  }

  /**
   * PUTs an already-serialised upsert body and waits for verification: what {@link #upsertGraph} does
   * after writing the body. {@code secretValues} are blanked out of any error text.
   */
  GraphStatus upsertGraphBody(
      String graphNamespace, String graphName, String body, Collection<String> secretValues, UpsertOptions options) {
    if (!graphName.equals(graphName.strip())) {
      // The server looks the graph up by the raw name but stores it trimmed: the upload would succeed,
      // the status poll would 404 and the next upload would fail with a 500 (docs/state-manager.md §3.2).
      throw new IllegalArgumentException("Graph name '" + graphName + "' has leading or trailing whitespace: "
          + "the state manager stores it trimmed and could then never find it again; remove the whitespace");
    }
    String path = "/v0/namespace/" + segment(requireNamespace(graphNamespace)) + "/graph/" + segment(graphName);
    HttpTransport.Call put = new HttpTransport.Call("PUT", path, body, true, List.copyOf(secretValues));
    long started = nanoTime.getAsLong();
    HttpTransport.Response response = transport.exchange(put);
    if (response.status() == 400 || response.status() == 422) {
      // 422: the request model refused it (§3.1); 400: the template validators did (§3.2).
      StateManagerException failure = transport.failure(put, response);
      List<String> errors = new ArrayList<>();
      for (String item : ErrorBodies.items(response.body())) {
        errors.add(transport.redact(item, put));
      }
      throw new GraphValidationException(failure.getMessage(), response.status(), errors);
    }
    if (!response.ok()) {
      throw transport.failure(put, response);
    }
    String label = graphNamespace + "/" + graphName;
    GraphStatus status = statusOf(ClientJson.read(put, response));
    report(options, label, status, started);
    StateManager view = graphNamespace.equals(namespace) ? this : withNamespace(graphNamespace);
    long deadline = started + options.timeout().toNanos();
    // Verification usually takes milliseconds (the embedded server's always does): look again soon, then
    // less and less often, up to the configured interval.
    Duration nextPause = Duration.ofMillis(1);
    while (isPending(status)) {
      long remaining = deadline - nanoTime.getAsLong();
      if (remaining <= 0) {
        throw new StateManagerException("Graph " + label + " is still " + status.validationStatus() + " after "
            + HttpTransport.seconds(options.timeout()) + ": the state manager has not finished verifying it"
            + " (allow more time with UpsertOptions.timeout, or check the state manager's log)",
            0, status.validationStatus());
      }
      Duration pause = nextPause.compareTo(options.pollInterval()) < 0 ? nextPause : options.pollInterval();
      nextPause = nextPause.multipliedBy(2);
      if (pause.toNanos() > remaining) {
        pause = Duration.ofNanos(remaining);
      }
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateManagerException("Interrupted while waiting for graph " + label + " to be verified", e);
      }
      status = view.getGraph(graphName).status();
      report(options, label, status, started);
    }
    if (status.isValid()) {
      return status;
    }
    if ("INVALID".equals(status.validationStatus())) {
      List<String> errors = new ArrayList<>();
      for (String error : status.validationErrors()) {
        errors.add(transport.redact(error, put));
      }
      throw new GraphValidationException(
          "Graph " + label + " is INVALID:\n  " + String.join("\n  ", errors), 200, errors);
    }
    throw new StateManagerException(
        "Graph " + label + " ended in an unknown validation status " + status.validationStatus(), 200,
        status.validationStatus());
  }

  /** {@code GET …/graph/{name}} (§1.2.6): the graph, its validation status and errors. */
  public GraphInfo getGraph(String graphName) {
    HttpTransport.Call call = HttpTransport.Call.get(ns("graph", graphName));
    return graphInfo(ClientJson.read(call, transport.send(call)), graphName, namespace);
  }

  /**
   * {@code GET …/graphs/} (§1.2.7): every graph of the namespace, with the retry policy, store
   * configuration and triggers as stored. Secret names only: the server sends ciphertexts, which are
   * dropped here.
   */
  public List<GraphInfo> listGraphs() {
    HttpTransport.Call call = HttpTransport.Call.get(ns("graphs") + "/");
    ClientJson.Answer answer = ClientJson.read(call, transport.send(call));
    List<GraphInfo> graphs = new ArrayList<>();
    for (JsonNode item : answer.array("templates")) {
      ClientJson.Answer graph = answer.at(item);
      String graphNamespace = graph.optionalText("namespace");
      graphs.add(graphInfo(graph, graph.text("name"), graphNamespace == null ? namespace : graphNamespace));
    }
    return List.copyOf(graphs);
  }

  // ---------------------------------------------------------------------------------------------
  // Runs and states
  //
  // The calls below change run state and are sent exactly once: trigger would start a second run,
  // enqueue would claim (and strand) a second batch, executed/errored would create next states or
  // retries twice or fail with "State is not queued", manual-retry would create a second copy,
  // re-enqueue-after would push the state back again. After a timeout the first request may well have
  // been applied, so only the caller, who knows what it was doing, can decide to repeat it.

  /** {@link #trigger(String, TriggerRequest)} with no inputs, no store values and no delay. */
  public String trigger(String graphName) {
    return trigger(graphName, TriggerRequest.EMPTY);
  }

  /** Triggers a run ({@code POST …/graph/{name}/trigger}, §1.2.8); returns its run id. Never retried. */
  public String trigger(String graphName, TriggerRequest request) {
    Objects.requireNonNull(request, "request");
    Duration delay = request.startDelay() == null ? Duration.ZERO : request.startDelay();
    if (delay.isNegative()) {
      throw new IllegalArgumentException("startDelay must not be negative (the state manager refuses it)");
    }
    ObjectNode body = ClientJson.object();
    body.put("start_delay", delay.toMillis());
    body.set("inputs", ClientJson.MAPPER.valueToTree(request.inputs()));
    body.set("store", ClientJson.MAPPER.valueToTree(request.store()));
    return postForAnswer(ns("graph", graphName) + "/trigger", body).text("run_id");
  }

  /**
   * Claims up to {@code batchSize} CREATED states of these nodes ({@code POST …/states/enqueue}, §1.2.9).
   *
   * <p>It waits for the answer however long the server takes (no request timeout): the server marks the
   * states QUEUED before it answers and has no lease on them, so an answer given up on would strand every
   * state in it for good. A broken connection still ends the call.
   */
  public List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize) {
    Objects.requireNonNull(nodeNames, "nodeNames");
    ObjectNode body = ClientJson.object();
    ArrayNode nodes = body.putArray("nodes");
    nodeNames.forEach(nodes::add);
    body.put("batch_size", batchSize);
    HttpTransport.Call call = new HttpTransport.Call(
        "POST", ns("states") + "/enqueue", ClientJson.write(body), false, List.of(), true);
    HttpTransport.Response response = transport.send(call);
    if (!awaitOffered && response.headers().firstValue(AWAIT_HEADER).isPresent()) {
      awaitOffered = true;
    }
    return enqueuedStates(ClientJson.read(call, response));
  }

  private static List<EnqueuedState> enqueuedStates(ClientJson.Answer answer) {
    List<EnqueuedState> states = new ArrayList<>();
    for (JsonNode item : answer.array("states")) {
      ClientJson.Answer state = answer.at(item);
      states.add(new EnqueuedState(
          state.text("state_id"),
          state.text("node_name"),
          state.text("identifier"),
          state.stringMap("inputs"),
          state.optionalText("created_at")));
    }
    return List.copyOf(states);
  }

  /**
   * Whether this server offers {@link #awaitStates}, as its answers to {@link #enqueue} say. The embedded
   * state manager does; Exosphere's own state manager does not, so nothing but the standard API is ever
   * sent to it. False until the first enqueue.
   */
  public boolean offersAwaitStates() {
    return awaitOffered;
  }

  /**
   * Waits until a CREATED state of one of these nodes can be claimed, without claiming it ({@code POST
   * …/states/await}, an extension of the embedded state manager, not of Exosphere's API): a caller calls
   * {@link #enqueue} when it answers true, instead of polling while idle. False when {@code timeout}
   * passed first, when a newer call with the same {@code waiterId} ended this one (a zero timeout only
   * does that), or when the server holds as many waits as it allows and only looked once. The wait is cut
   * to half the request timeout so the HTTP call itself never times out.
   *
   * @throws UnsupportedOperationException when the server has not offered it ({@link #offersAwaitStates})
   */
  public boolean awaitStates(List<String> nodeNames, Duration timeout, String waiterId) {
    Duration limit = transport.requestTimeout().dividedBy(2);
    ObjectNode body = awaitBody(nodeNames, timeout.compareTo(limit) > 0 ? limit : timeout, waiterId);
    JsonNode available = postForAnswer(ns("states") + "/await", body).root().get("available");
    return available != null && available.asBoolean();
  }

  /**
   * {@link #awaitStates} and {@link #enqueue} in one call ({@code POST …/states/await} with a {@code
   * batch_size}, an extension of the embedded state manager): waits up to {@code timeout} until a CREATED
   * state of these nodes can be claimed, then claims up to {@code batchSize} of them. Empty when the
   * timeout passed first, a newer call with the same {@code waiterId} ended this one, or the server holds
   * as many waits as it allows and only looked once. Since it claims, it waits for its answer however long
   * the server takes, as {@link #enqueue} does; the server bounds the wait at a minute.
   *
   * @throws UnsupportedOperationException when the server has not offered it ({@link #offersAwaitStates})
   */
  public List<EnqueuedState> awaitAndEnqueue(List<String> nodeNames, int batchSize, Duration timeout, String waiterId) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batch size should be at least 1, got " + batchSize);
    }
    ObjectNode body = awaitBody(nodeNames, timeout, waiterId).put("batch_size", batchSize);
    HttpTransport.Call call = new HttpTransport.Call(
        "POST", ns("states") + "/await", ClientJson.write(body), false, List.of(), true);
    return enqueuedStates(ClientJson.read(call, transport.send(call)));
  }

  /** The body both forms of {@code states/await} send; refused at once when the server does not offer it. */
  private ObjectNode awaitBody(List<String> nodeNames, Duration timeout, String waiterId) {
    Objects.requireNonNull(nodeNames, "nodeNames");
    Objects.requireNonNull(waiterId, "waiterId");
    if (!awaitOffered) {
      throw new UnsupportedOperationException("The state manager at " + transport.base() + " does not offer "
          + "states/await (only the embedded state manager does); poll with enqueue instead");
    }
    ObjectNode body = ClientJson.object();
    ArrayNode nodes = body.putArray("nodes");
    nodeNames.forEach(nodes::add);
    body.put("timeout_ms", Math.max(0, timeout.toMillis()));
    body.put("waiter", waiterId);
    return body;
  }

  /**
   * All secrets of the state's graph, decrypted ({@code GET …/state/{id}/secrets}, §1.2.10). Never
   * logged: the client logs no response bodies at all.
   */
  public Map<String, String> secrets(String stateId) {
    HttpTransport.Call call = HttpTransport.Call.get(state(stateId, "secrets"));
    Map<String, String> secrets = ClientJson.read(call, transport.send(call)).stringMap("secrets");
    return java.util.Collections.unmodifiableMap(secrets);
  }

  /** Reports a state's outputs ({@code POST …/state/{id}/executed}, §1.2.11); one map per fan-out branch. */
  public void executed(String stateId, List<Map<String, String>> outputs) {
    Objects.requireNonNull(outputs, "outputs");
    // Written straight from the maps (the hottest call of a runtime), not through a JSON tree first.
    String body = ClientJson.writeValue(Map.of("outputs", outputs));
    transport.send(new HttpTransport.Call("POST", state(stateId, "executed"), body, false, List.of()));
  }

  /** Reports a failure ({@code POST …/state/{id}/errored}, §1.2.12); returns whether the server created a retry. */
  public boolean errored(String stateId, String error) {
    Objects.requireNonNull(error, "error");
    ObjectNode body = ClientJson.object();
    body.put("error", error);
    return postForAnswer(state(stateId, "errored"), body).bool("retry_created");
  }

  /** Prunes a queued state ({@code POST …/state/{id}/prune}, §1.2.13): it ends without next states. */
  public void prune(String stateId, Map<String, Object> data) {
    Objects.requireNonNull(data, "data");
    ObjectNode body = ClientJson.object();
    body.set("data", ClientJson.MAPPER.valueToTree(data));
    post(state(stateId, "prune"), body);
  }

  /**
   * Puts a state back to CREATED after {@code delay} ({@code POST …/state/{id}/re-enqueue-after},
   * §1.2.14). Returns the new absolute {@code enqueue_after} in epoch milliseconds.
   *
   * @throws IllegalArgumentException when the delay is under a millisecond (the server refuses 0)
   */
  public long reEnqueueAfter(String stateId, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.toMillis() <= 0) {
      throw new IllegalArgumentException(
          "delay must be at least 1 ms: the state manager refuses 0 or less, got " + delay);
    }
    ObjectNode body = ClientJson.object();
    body.put("enqueue_after", delay.toMillis());
    return postForAnswer(state(stateId, "re-enqueue-after"), body).number("enqueue_after");
  }

  /** {@link #manualRetry(String, String)} with a fresh random {@code fanout_id}, as the dashboard does. */
  public String manualRetry(String stateId) {
    return manualRetry(stateId, UUID.randomUUID().toString());
  }

  /**
   * Re-runs a state as a new CREATED copy ({@code POST …/state/{id}/manual-retry}, §1.2.15). Returns the
   * new state's id. A {@code fanoutId} already used for this state gives a 409.
   */
  public String manualRetry(String stateId, String fanoutId) {
    Objects.requireNonNull(fanoutId, "fanoutId");
    ObjectNode body = ClientJson.object();
    body.put("fanout_id", fanoutId);
    return postForAnswer(state(stateId, "manual-retry"), body).text("id");
  }

  /**
   * One page of the namespace's runs, newest first ({@code GET …/runs/{page}/{size}}, §1.2.16).
   *
   * @param page 1-based (the server fails on page 0 with a 500, so it is refused here)
   * @param size at least 1 (the server would read 0 as "all runs")
   */
  public RunsPage runs(int page, int size) {
    if (page < 1) {
      throw new IllegalArgumentException("page starts at 1, got " + page);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got " + size);
    }
    HttpTransport.Call call = HttpTransport.Call.get(ns("runs", Integer.toString(page), Integer.toString(size)));
    ClientJson.Answer answer = ClientJson.read(call, transport.send(call));
    List<RunSummary> runs = new ArrayList<>();
    for (JsonNode item : answer.array("runs")) {
      ClientJson.Answer run = answer.at(item);
      runs.add(new RunSummary(
          run.text("run_id"),
          run.text("graph_name"),
          run.number("success_count"),
          run.number("pending_count"),
          run.number("errored_count"),
          run.number("retried_count"),
          run.number("total_count"),
          run.text("status"),
          run.optionalText("created_at")));
    }
    String pageNamespace = answer.optionalText("namespace");
    return new RunsPage(pageNamespace == null ? namespace : pageNamespace, answer.number("total"), page, size, runs);
  }

  /** The run's states as a graph ({@code GET …/states/run/{run_id}/graph}, §1.2.17). */
  public RunGraph graphStructure(String runId) {
    HttpTransport.Call call = HttpTransport.Call.get(ns("states", "run", runId, "graph"));
    ClientJson.Answer answer = ClientJson.read(call, transport.send(call));
    Map<String, Long> summary = new LinkedHashMap<>();
    ClientJson.Answer counts = answer.at(answer.required("execution_summary"));
    counts.root().fieldNames().forEachRemaining(status -> summary.put(status, counts.number(status)));
    List<RunGraph.Edge> edges = new ArrayList<>();
    for (JsonNode item : answer.array("edges")) {
      ClientJson.Answer edge = answer.at(item);
      edges.add(new RunGraph.Edge(edge.text("source"), edge.text("target")));
    }
    return new RunGraph(
        answer.text("graph_name"),
        stateNodes(answer, "root_states"),
        stateNodes(answer, "nodes"),
        edges,
        answer.integer("node_count"),
        answer.integer("edge_count"),
        summary);
  }

  /** One state of a run in full ({@code GET …/graph/{graph}/run/{run_id}/node/{state_id}}, §1.2.18). */
  public NodeRunDetails nodeRunDetails(String graphName, String runId, String stateId) {
    HttpTransport.Call call = HttpTransport.Call.get(ns("graph", graphName, "run", runId, "node", stateId));
    ClientJson.Answer answer = ClientJson.read(call, transport.send(call));
    return new NodeRunDetails(
        answer.text("id"),
        answer.text("node_name"),
        answer.text("identifier"),
        answer.text("graph_name"),
        answer.text("run_id"),
        answer.text("status"),
        answer.anyMap("inputs"),
        answer.anyMap("outputs"),
        answer.optionalText("error"),
        answer.stringMap("parents"),
        answer.optionalText("created_at"),
        answer.optionalText("updated_at"));
  }

  /**
   * Marks this client, and every {@link #withNamespace} view of it, closed: later calls throw
   * {@link IllegalStateException}. On Java 21 and later the HTTP client the builder made is closed too
   * (after in-flight requests finish); a client given to {@link Builder#httpClient} is left to its owner.
   * On Java 17 the JDK releases its connections once it is no longer referenced.
   */
  @Override
  public void close() {
    transport.close();
  }

  /** The server and namespace; never the API key. */
  @Override
  public String toString() {
    return "StateManager[" + transport.base() + ", namespace " + namespace + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private HttpTransport.Response post(String path, ObjectNode body) {
    return transport.send(postCall(path, body));
  }

  private ClientJson.Answer postForAnswer(String path, ObjectNode body) {
    HttpTransport.Call call = postCall(path, body);
    return ClientJson.read(call, transport.send(call));
  }

  /** Never idempotent: see the comment above {@link #trigger(String)}. */
  private static HttpTransport.Call postCall(String path, ObjectNode body) {
    return new HttpTransport.Call("POST", path, ClientJson.write(body), false, List.of());
  }

  /** The status of an upsert or get body. */
  private static GraphStatus statusOf(ClientJson.Answer answer) {
    return new GraphStatus(answer.text("validation_status"), answer.strings("validation_errors"));
  }

  private static boolean isPending(GraphStatus status) {
    // ONGOING is declared by the server but never written (§3.3); treat it as still running.
    return "PENDING".equals(status.validationStatus()) || "ONGOING".equals(status.validationStatus());
  }

  private void report(UpsertOptions options, String label, GraphStatus status, long startedNanos) {
    // The progress text is the documented "STATUS after 1.0 s"; the log line adds which graph.
    long elapsed = nanoTime.getAsLong() - startedNanos;
    String text = status.validationStatus() + " after " + String.format(java.util.Locale.ROOT, "%.1f s", elapsed / 1e9);
    log.info("Graph {}: {}", label, text);
    options.progress().accept(text);
  }

  private String ns(String... tail) {
    StringBuilder path = new StringBuilder("/v0/namespace/").append(segment(namespace));
    for (String part : tail) {
      path.append('/').append(segment(part));
    }
    return path.toString();
  }

  private String state(String stateId, String action) {
    return ns("state", stateId, action);
  }

  private static ObjectNode schema(ClientJson.Answer node, String field) {
    JsonNode schema = node.required(field);
    if (!schema.isObject()) {
      throw node.unexpected("'" + field + "' is not an object");
    }
    return (ObjectNode) schema;
  }

  private static List<RunGraph.StateNode> stateNodes(ClientJson.Answer answer, String field) {
    List<RunGraph.StateNode> nodes = new ArrayList<>();
    for (JsonNode item : answer.array(field)) {
      ClientJson.Answer node = answer.at(item);
      nodes.add(new RunGraph.StateNode(
          node.text("id"), node.text("node_name"), node.text("identifier"), node.text("status"),
          node.optionalText("error")));
    }
    return nodes;
  }

  private static GraphInfo graphInfo(ClientJson.Answer answer, String name, String namespace) {
    // The same reader as for upsert bodies, so a graph reads back exactly as it would be written.
    // Secrets come back as booleans or ciphertexts, which that reader reports and nulls: only the
    // names are kept here anyway.
    GraphTemplate template = GraphJson.read(answer.root(), name, namespace).template();
    if (template == null) {
      throw answer.unexpected("not a graph template");
    }
    GraphStatus status = statusOf(answer);
    return new GraphInfo(
        name,
        namespace,
        template.nodes(),
        List.copyOf(template.secrets().keySet()),
        status.validationStatus(),
        status.validationErrors(),
        template.effectiveRetryPolicy(),
        template.effectiveStoreConfig(),
        template.triggers(),
        answer.optionalText("created_at"),
        answer.optionalText("updated_at"));
  }

  private static String requireNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("namespace must not be blank");
    }
    return namespace;
  }

  /**
   * Percent-encodes one path segment: everything but RFC 3986 unreserved characters, so a name with a
   * space, a slash or a non-ASCII letter addresses exactly that name.
   */
  static String segment(String value) {
    Objects.requireNonNull(value, "path segment");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("A name or id in the request path must not be empty");
    }
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Builder

  /** Builder of {@link StateManager}. Defaults: 30 s per request, 10 s to connect, 3 retries from 200 ms up to 5 s. */
  public interface Builder {
    /** The state manager's base URL, e.g. {@code http://localhost:8000}. Required. */
    Builder uri(URI uri);

    /** The state manager's base URL as text. */
    Builder uri(String uri);

    /** The API key sent as {@code x-api-key}. Required; never logged. */
    Builder apiKey(String apiKey);

    /** The namespace every call addresses. Required. */
    Builder namespace(String namespace);

    /** Time allowed for each request's answer (each retry gets it afresh). */
    Builder requestTimeout(Duration timeout);

    /** Retries of an idempotent call after its first attempt; 0 disables retries. */
    Builder maxRetries(int retries);

    /** Time allowed to open a connection. Ignored when an {@link #httpClient} is given. */
    Builder connectTimeout(Duration timeout);

    /** First retry delay (doubling with each retry, jittered) and the most any delay may grow to. */
    Builder backoff(Duration base, Duration cap);

    /** A ready-made HTTP client (proxy, TLS, executor…) instead of the one the builder would make. */
    Builder httpClient(HttpClient client);

    /**
     * The executor of the HTTP client the builder makes. By default there is none: the client's small
     * internal tasks run inline on its own threads, which saves a thread hand-off per step of every call.
     * Ignored when an {@link #httpClient} is given.
     */
    Builder executor(Executor executor);

    /**
     * Takes the URI and the API key from {@code EXOSPHERE_STATE_MANAGER_URI} and {@code EXOSPHERE_API_KEY}.
     *
     * @throws IllegalStateException naming the variable that is missing or malformed
     */
    Builder fromEnvironment();

    StateManager build();
  }

  static final class DefaultBuilder implements Builder {
    private URI uri;
    private String apiKey;
    private String namespace;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxRetries = 3;
    private Duration backoffBase = Duration.ofMillis(200);
    private Duration backoffCap = Duration.ofSeconds(5);
    private HttpClient httpClient;
    private Executor executor;
    private Sleeper sleeper = Sleeper.REAL;
    private LongSupplier nanoTime = System::nanoTime;
    private Function<String, String> environment = System::getenv;

    @Override
    public Builder uri(URI uri) {
      this.uri = base(Objects.requireNonNull(uri, "uri"));
      return this;
    }

    @Override
    public Builder uri(String uri) {
      Objects.requireNonNull(uri, "uri");
      try {
        this.uri = base(new URI(uri.strip()));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("Not a valid state manager URI: " + e.getMessage(), e);
      }
      return this;
    }

    @Override
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    @Override
    public Builder namespace(String namespace) {
      this.namespace = requireNamespace(namespace);
      return this;
    }

    @Override
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    @Override
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRetries must not be negative, got " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    @Override
    public Builder backoff(Duration base, Duration cap) {
      positive(base, "backoff base");
      positive(cap, "backoff cap");
      if (cap.compareTo(base) < 0) {
        throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base);
      }
      this.backoffBase = base;
      this.backoffCap = cap;
      return this;
    }

    @Override
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    @Override
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    @Override
    public Builder fromEnvironment() {
      String uriText = environment.apply(URI_VARIABLE);
      if (uriText == null || uriText.isBlank()) {
        throw new IllegalStateException(URI_VARIABLE
            + " is not set: set it to the state manager's base URL, e.g. http://localhost:8000");
      }
      try {
        uri(uriText);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(URI_VARIABLE + " is not a valid URL: " + e.getMessage(), e);
      }
      String key = environment.apply(API_KEY_VARIABLE);
      if (key == null || key.isEmpty()) {
        throw new IllegalStateException(API_KEY_VARIABLE
            + " is not set: set it to the state manager's API key (its STATE_MANAGER_SECRET)");
      }
      this.apiKey = key;
      return this;
    }

    /** Test hook: where environment variables come from. */
    DefaultBuilder environment(Function<String, String> environment) {
      this.environment = environment;
      return this;
    }

    /** Test hook: how retries and polls wait, and the clock the upsert timeout is measured on. */
    DefaultBuilder time(Sleeper sleeper, LongSupplier nanoTime) {
      this.sleeper = sleeper;
      this.nanoTime = nanoTime;
      return this;
    }

    @Override
    public StateManager build() {
      if (uri == null) {
        throw new IllegalStateException(
            "uri is required: the state manager's base URL, e.g. http://localhost:8000");
      }
      if (apiKey == null || apiKey.isEmpty()) {
        throw new IllegalStateException("apiKey is required: the state manager's API key");
      }
      if (namespace == null) {
        throw new IllegalStateException("namespace is required");
      }
      HttpClient client = httpClient;
      if (client == null) {
        HttpClient.Builder http = HttpClient.newBuilder()
            // The state manager speaks HTTP/1.1; skipping the h2c upgrade attempt saves a round of
            // negotiation and avoids servers that mishandle the Upgrade header.
            .version(HttpClient.Version.HTTP_1_1)
            // Never follow redirects: a 307 means a wrong trailing slash (docs/state-manager.md §1.1) and following
            // it would resend the API key to wherever the Location points.
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
        // Without an executor the JDK client hands every step of every exchange between its selector
        // thread and a cached pool, several thread wake-ups per call. This SDK only calls the blocking
        // send() with the JDK's own non-blocking body handlers, so no user code and nothing blocking
        // ever runs on that executor: running its tasks inline (which the JDK client supports) does the
        // same work without the hand-offs, about a third less CPU per call (WorkerBenchmark).
        http.executor(executor != null ? executor : Runnable::run);
        client = http.build();
      }
      HttpTransport transport = new HttpTransport(
          client, httpClient == null, uri, apiKey, requestTimeout, maxRetries, backoffBase, backoffCap, sleeper);
      return new StateManager(transport, namespace, sleeper, nanoTime);
    }

    /** The base URL without a trailing slash, so paths can be appended; a path prefix is kept. */
    private static URI base(URI uri) {
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "The state manager URI must be an http:// or https:// URL with a host, e.g. http://localhost:8000, got "
                + withoutUserInfo(uri));
      }
      if (uri.getRawUserInfo() != null) {
        // Credentials in the URL would end up in every error message; the API key is the only credential.
        throw new IllegalArgumentException(
            "The state manager URI must not contain user info (the API key is given separately), got "
                + withoutUserInfo(uri));
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "The state manager URI must not have a query or fragment, got " + withoutUserInfo(uri));
      }
      String text = uri.toString();
      while (text.endsWith("/")) {
        text = text.substring(0, text.length() - 1);
      }
      return URI.create(text);
    }

    private static String withoutUserInfo(URI uri) {
      String text = uri.toString();
      String userInfo = uri.getRawUserInfo();
      return userInfo == null ? text : text.replace(userInfo + "@", "");
    }

    private static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + duration);
      }
      return duration;
    }
  }
}
