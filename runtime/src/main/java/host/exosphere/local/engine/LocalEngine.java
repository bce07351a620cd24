package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.graph.CronExpressions;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.Stage;
import host.exosphere.graph.StoreConfig;
import host.exosphere.graph.TemplateRenderException;
import host.exosphere.graph.TemplateString;
import host.exosphere.graph.TemplateSyntaxException;
import host.exosphere.graph.ValidationReport;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.ManualRetryRequest;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineRequests.ReEnqueueRequest;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.EdgeBody;
import host.exosphere.local.engine.EngineResponses.EnqueueResponse;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.ErroredResponse;
import host.exosphere.local.engine.EngineResponses.ExecutedResponse;
import host.exosphere.local.engine.EngineResponses.GraphNodeBody;
import host.exosphere.local.engine.EngineResponses.GraphStructureResponse;
import host.exosphere.local.engine.EngineResponses.GraphTemplateDocument;
import host.exosphere.local.engine.EngineResponses.GraphTemplateResponse;
import host.exosphere.local.engine.EngineResponses.ListGraphsResponse;
import host.exosphere.local.engine.EngineResponses.ListNodesResponse;
import host.exosphere.local.engine.EngineResponses.ManualRetryResponse;
import host.exosphere.local.engine.EngineResponses.NamespacesResponse;
import host.exosphere.local.engine.EngineResponses.NodeRunDetailsResponse;
import host.exosphere.local.engine.EngineResponses.NodeTemplateBody;
import host.exosphere.local.engine.EngineResponses.RegisterNodesResponse;
import host.exosphere.local.engine.EngineResponses.RegisteredNodeBody;
import host.exosphere.local.engine.EngineResponses.RegisteredNodeDocument;
import host.exosphere.local.engine.EngineResponses.RetryPolicyBody;
import host.exosphere.local.engine.EngineResponses.RunDiagnosticsResponse;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import host.exosphere.local.engine.EngineResponses.RunsResponse;
import host.exosphere.local.engine.EngineResponses.SecretsResponse;
import host.exosphere.local.engine.EngineResponses.SignalResponse;
import host.exosphere.local.engine.EngineResponses.StoreConfigBody;
import host.exosphere.local.engine.EngineResponses.StuckReason;
import host.exosphere.local.engine.EngineResponses.TriggerBody;
import host.exosphere.local.engine.EngineResponses.TriggerResponse;
import host.exosphere.local.engine.EngineResponses.UnitesBody;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded state manager's engine: one method per endpoint of docs/state-manager.md §1.2 (#2–#18), the
 * execution semantics of docs/state-manager.md §4, in memory and thread-safe. See the package documentation for the
 * mapping to HTTP.
 *
 * <pre>{@code
 * try (LocalEngine engine = LocalEngine.builder().clock(clock).build()) {
 *   engine.registerNodes("ns", registration);
 *   engine.upsertGraph("ns", "g", body);
 *   engine.awaitIdle(Duration.ofSeconds(5));        // verification has run
 *   String runId = engine.trigger("ns", "g", TriggerRequestBody.empty()).runId();
 * }
 * }</pre>
 *
 * <p>Concurrency: one engine lock guards every store; each call holds it for a short, bounded piece of
 * work (the real server's atomic Mongo operations become critical sections), so concurrent requests see
 * the same outcomes as against Mongo, including the atomic claim of {@code enqueue}.
 */
public final class LocalEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEngine.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PENDING = "PENDING";
  private static final String VALID = "VALID";
  private static final String INVALID = "INVALID";
  private static final long TRIGGER_RETENTION_HOURS = 720;
  private static final Comparator<StateRec> BY_DUE_THEN_AGE =
      Comparator.<StateRec>comparingLong(s -> s.enqueueAfter).thenComparingLong(s -> s.seq);

  private final Clock clock;
  private final SecretCipher cipher;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final RandomGenerator random;
  private final Object lock = new Object();
  private final Object idle = new Object();
  /** Background tasks queued or running; guarded by {@code idle}. */
  private int inFlight;
  private final java.util.ArrayDeque<Task> backlog = new java.util.ArrayDeque<>();
  private boolean draining;

  // ---- stores, all guarded by lock ----
  private long seq;
  private final Map<List<String>, NodeRec> nodes = new LinkedHashMap<>();
  private final Map<List<String>, GraphRec> graphs = new LinkedHashMap<>();
  private final Map<String, RunRec> runs = new HashMap<>();
  private final Map<String, List<RunRec>> runsByNamespace = new HashMap<>();
  private final Map<String, StateRec> states = new HashMap<>();
  /** CREATED states by namespace and node name, earliest due first: what enqueue claims from. */
  private final Map<String, Map<String, TreeSet<StateRec>>> created = new HashMap<>();
  /** The unique index (node, namespace, graph, identifier, run, retry_count, fanout_id) of retries. */
  private final Set<String> retryKeys = new HashSet<>();
  /** The unique fingerprints of unite states (docs/state-manager.md §4.1). */
  private final Set<String> uniteFingerprints = new HashSet<>();
  private final List<CronRow> cronRows = new ArrayList<>();
  private final StateArrivals arrivals = new StateArrivals();
  private final Set<String> cronKeys = new HashSet<>();

  private LocalEngine(Builder builder) {
    this.clock = builder.clock;
    this.cipher = new SecretCipher(builder.encryptionKey != null ? builder.encryptionKey : SecretCipher.randomKey());
    if (builder.executor != null) {
      this.executor = builder.executor;
      this.ownsExecutor = false;
    } else {
      this.executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exosphere-engine");
        t.setDaemon(true);
        return t;
      });
      this.ownsExecutor = true;
    }
    this.random = builder.random != null ? builder.random : RandomGenerator.of("L64X128MixRandom");
    if (clock instanceof MutableClock moving) {
      // A state whose enqueue_after a test clock just passed is claimable now: tell the waiters.
      moving.onChange(arrivals::arrived);
    }
  }

  /** A builder with the system clock, a random encryption key and a private background executor. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock the engine reads time from. */
  public Clock clock() {
    return clock;
  }

  // ==== #2–#4: namespaces and nodes ==========================================================

  /** #2 {@code GET /v0/namespaces}: namespaces of registered nodes only, sorted (§1.2.2). */
  public NamespacesResponse listNamespaces() {
    synchronized (lock) {
      TreeSet<String> names = new TreeSet<>();
      for (NodeRec node : nodes.values()) {
        if (node.namespace != null && !node.namespace.isEmpty()) {
          names.add(node.namespace);
        }
      }
      return new NamespacesResponse(List.copyOf(names), names.size());
    }
  }

  /** #3 {@code PUT /v0/namespace/{ns}/nodes/}: upsert by (name, namespace), last writer wins (§1.2.3). */
  public RegisterNodesResponse registerNodes(String namespace, RegisterNodesRequest request) {
    List<RegisteredNodeBody> echoed = new ArrayList<>();
    for (NodeBody body : request.nodes()) {
      if (!Bson.fits(body.inputsSchema()) || !Bson.fits(body.outputsSchema())) {
        throw ApiException.internalError("node schema holds what BSON cannot store");
      }
    }
    synchronized (lock) {
      LocalDateTime now = now();
      for (NodeBody body : request.nodes()) {
        NodeRec node = nodes.computeIfAbsent(List.of(body.name(), namespace),
            k -> new NodeRec(newObjectId(), body.name(), namespace, now));
        node.runtimeName = request.runtimeName();
        node.runtimeNamespace = namespace;
        node.inputsSchema = body.inputsSchema().deepCopy();
        node.outputsSchema = body.outputsSchema().deepCopy();
        node.secrets = List.copyOf(body.secrets());
        echoed.add(new RegisteredNodeBody(body.name(), body.inputsSchema(), body.outputsSchema(), body.secrets()));
      }
    }
    return new RegisterNodesResponse(request.runtimeName(), echoed);
  }

  /** #4 {@code GET /v0/namespace/{ns}/nodes/} (§1.2.4). */
  public ListNodesResponse listNodes(String namespace) {
    synchronized (lock) {
      List<RegisteredNodeDocument> list = new ArrayList<>();
      for (NodeRec n : nodes.values()) {
        if (n.namespace.equals(namespace)) {
          list.add(new RegisteredNodeDocument(n.id, n.name, n.namespace, n.runtimeName, n.runtimeNamespace,
              n.inputsSchema.deepCopy(), n.outputsSchema.deepCopy(), n.secrets,
              Timestamps.format(n.createdAt), Timestamps.format(n.updatedAt)));
        }
      }
      return new ListNodesResponse(namespace, list.size(), list);
    }
  }

  // ==== #5–#7: graph templates ===============================================================

  /**
   * #5 {@code PUT /v0/namespace/{ns}/graph/{graph_name}}: answers 201 PENDING; verification against the
   * registered nodes follows in the background (§1.2.5, §3.3).
   *
   * @param body the raw request body
   * @throws ApiException 422 with the FastAPI detail list, 400 "Error validating graph template: …", 500
   */
  public GraphTemplateResponse upsertGraph(String namespace, String graphName, JsonNode body) {
    Objects.requireNonNull(body, "body");
    ValidationReport report;
    try {
      report = GraphValidator.validateJson(body, graphName, namespace, null);
    } catch (RuntimeException e) {
      LOG.error("graph validation of {}/{} failed unexpectedly", namespace, graphName, e);
      throw ApiException.internalError("graph validation failed: " + e);
    }
    List<Diagnostic> errors = errorsOf(report, Stage.REQUEST_MODEL);
    if (!errors.isEmpty()) {
      throw new ApiException(422, UpsertErrors.requestModelDetail(errors, body));
    }
    errors = errorsOf(report, Stage.TEMPLATE);
    if (!errors.isEmpty()) {
      // Every template diagnostic carries the whole 400 detail, "Error validating graph template: …".
      throw new ApiException(400, errors.get(0).serverMessage());
    }
    JsonNode retryPolicy = body.path("retry_policy");
    for (String field : List.of("max_retries", "backoff_factor", "exponent", "max_delay")) {
      if (!Bson.fitsLaxInt(retryPolicy.get(field))) {
        // Validation lets any int through; the insert or save is what fails (§1.2.5: a non-ValueError → 500).
        throw ApiException.internalError("retry_policy." + field + " beyond 64 bits");
      }
    }
    if (!Bson.fits(body.path("secrets")) || !Bson.fits(body.path("store_config").path("default_values"))) {
      throw ApiException.internalError("a stored field name contains a NUL character");
    }
    for (JsonNode node : body.path("nodes")) {
      if (!Bson.fits(node.path("inputs"))) {
        throw ApiException.internalError("a stored field name contains a NUL character");
      }
    }
    StoredForm form = StoredForm.read(body);
    Map<String, String> encrypted = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> secret : form.secrets.entrySet()) {
        encrypted.put(secret.getKey(), cipher.encrypt(secret.getValue()));
      }
    } catch (SecretCipher.KeyException e) {
      throw new ApiException(400, "Error validating graph template: " + e.getMessage());
    }
    GraphRec graph;
    long version;
    GraphTemplateResponse response;
    synchronized (lock) {
      LocalDateTime precise = Timestamps.preciseNow(clock);
      LocalDateTime now = precise.truncatedTo(ChronoUnit.MILLIS);
      graph = graphs.get(List.of(namespace, graphName));
      boolean created = graph == null;
      List<String> oldTriggers = List.of();
      if (graph == null) {
        // Stored under the trimmed names, looked up by the raw ones (§3.2 QUIRK): a second PUT of
        // " g" misses the lookup and hits the unique index.
        List<String> key = List.of(namespace.strip(), graphName.strip());
        if (graphs.containsKey(key)) {
          throw ApiException.internalError("duplicate key: graph template " + key);
        }
        graph = new GraphRec(newObjectId(), graphName.strip(), namespace.strip(), now);
        graphs.put(key, graph);
      } else {
        oldTriggers = graph.triggers;
      }
      graph.updatedAt = now;
      graph.version++;
      graph.body = body.deepCopy();
      graph.setNodes(form.nodes);
      graph.encryptedSecrets = encrypted;
      graph.retryPolicy = form.retryPolicy;
      graph.storeConfig = form.storeConfig;
      graph.triggers = form.triggers;
      graph.validationStatus = PENDING;
      graph.validationErrors = List.of();
      if (!oldTriggers.isEmpty()) {
        deletePendingCronRows(graph.name, oldTriggers);
      }
      version = graph.version;
      response = new GraphTemplateResponse(graph.nodes, secretNames(graph), retryBody(form.retryPolicy),
          // The answer shows the document as built in memory: microseconds where it set the time now, the
          // stored milliseconds where it read created_at back.
          storeBody(form.storeConfig), triggerBodies(form.triggers),
          Timestamps.format(created ? precise : graph.createdAt), Timestamps.format(precise), PENDING, List.of());
    }
    GraphRec target = graph;
    submit(() -> verify(target, version));
    return response;
  }

  /**
   * #6 {@code GET /v0/namespace/{ns}/graph/{graph_name}}. Shows the default retry policy, store config
   * and triggers whatever was stored (§1.2.6 QUIRK).
   */
  public GraphTemplateResponse getGraph(String namespace, String graphName) {
    synchronized (lock) {
      GraphRec graph = graphs.get(List.of(namespace, graphName));
      if (graph == null) {
        throw new ApiException(404, "Graph template " + graphName + " not found in namespace " + namespace);
      }
      return new GraphTemplateResponse(graph.nodes, secretNames(graph), RetryPolicyBody.DEFAULT,
          StoreConfigBody.EMPTY, List.of(), Timestamps.format(graph.createdAt), Timestamps.format(graph.updatedAt),
          graph.validationStatus, graph.validationErrors);
    }
  }

  /** #7 {@code GET /v0/namespace/{ns}/graphs/}: the stored documents, secrets as ciphertexts (§1.2.7). */
  public ListGraphsResponse listGraphs(String namespace) {
    synchronized (lock) {
      List<GraphTemplateDocument> list = new ArrayList<>();
      for (GraphRec g : graphs.values()) {
        if (g.namespace.equals(namespace)) {
          list.add(new GraphTemplateDocument(g.id, g.name, g.namespace, g.nodes, g.validationStatus,
              g.validationErrors, new LinkedHashMap<>(g.encryptedSecrets), triggerBodies(g.triggers),
              retryBody(g.retryPolicy), storeBody(g.storeConfig), Timestamps.format(g.createdAt),
              Timestamps.format(g.updatedAt)));
        }
      }
      return new ListGraphsResponse(namespace, list.size(), list);
    }
  }

  // ==== #8: trigger ==========================================================================

  /** #8 {@code POST /v0/namespace/{ns}/graph/{graph_name}/trigger}, checks in the order of §1.2.8. */
  public TriggerResponse trigger(String namespace, String graphName, TriggerRequestBody request) {
    String runId = Ids.uuid4();
    synchronized (lock) {
      GraphRec graph = graphs.get(List.of(namespace, graphName));
      if (graph == null) {
        throw new ApiException(404, "Graph template not found for namespace " + namespace + " and graph " + graphName);
      }
      if (!VALID.equals(graph.validationStatus)) {
        throw new ApiException(400, "Graph template is not valid");
      }
      NodeTemplateBody root = graph.byIdentifier.get(graph.rootIdentifier);
      Map<String, Object> inputs = new LinkedHashMap<>();
      try {
        for (Map.Entry<String, Object> input : root.inputs().entrySet()) {
          String given = request.inputs().get(input.getKey());
          Object template = given != null ? given : input.getValue();
          inputs.put(input.getKey(), renderRootInput(String.valueOf(template), root.identifier(), request.store(),
              graph.storeConfig.defaultValues()));
        }
      } catch (TemplateSyntaxException | TemplateRenderException e) {
        throw new ApiException(400, "Invalid input: " + e.getMessage());
      } catch (ApiException e) {
        // Starlette's HTTPException renders as "<status>: <detail>" inside the re-wrapped text (§1.2.8).
        throw new ApiException(400, "Invalid input: " + e.status() + ": " + e.detail().asText());
      }
      List<String> missing = new ArrayList<>();
      for (String key : graph.storeConfig.requiredKeys()) {
        if (!request.store().containsKey(key)) {
          missing.add(key);
        }
      }
      if (!missing.isEmpty()) {
        throw new ApiException(400, "Missing store keys: " + PyRepr.set(missing));
      }
      LocalDateTime now = now();
      RunRec run = new RunRec(runId, ++seq, namespace, graphName, now, Map.copyOf(request.store()));
      runs.put(runId, run);
      runsByNamespace.computeIfAbsent(namespace, k -> new ArrayList<>()).add(run);
      long due;
      try {
        due = Math.addExact(clock.millis(), request.startDelay());
      } catch (ArithmeticException e) {
        // Mongo stores enqueue_after as a 64-bit int: the root state's insert fails after the run and its
        // store rows were written, leaving a run with no states (listed as FAILED) and a 500 (§4.2).
        throw ApiException.internalError("enqueue_after beyond 64 bits");
      }
      insertState(run, root.nodeName(), namespace, root.identifier(), graphName, inputs, new LinkedHashMap<>(),
          false, 0, null, "", Status.CREATED, due, now);
    }
    return new TriggerResponse("CREATED", runId);
  }

  /**
   * A root input: only {@code ${{ store.k }}} placeholders, resolved from the trigger's store, then the
   * defaults. The two refusals are HTTPExceptions on the server, which the caller re-wraps (§1.2.8).
   */
  private static String renderRootInput(String template, String rootIdentifier, Map<String, String> store,
      Map<String, String> defaults) {
    TemplateString parsed = TemplateString.parse(template);
    for (TemplateString.Placeholder p : parsed.placeholders()) {
      if (!p.isStore()) {
        throw new ApiException(400, "Root node can have only store identifier as dependent but got " + p.identifier());
      }
      if (!store.containsKey(p.field()) && !defaults.containsKey(p.field())) {
        throw new ApiException(400, "Dependent " + p.field() + " not found in store for root node " + rootIdentifier);
      }
    }
    return parsed.render(p -> store.containsKey(p.field()) ? store.get(p.field()) : defaults.get(p.field()));
  }

  // ==== #9–#15: states =======================================================================

  /** #9 {@code POST /v0/namespace/{ns}/states/enqueue}: atomic claims of due CREATED states (§1.2.9). */
  public EnqueueResponse enqueue(String namespace, EnqueueRequest request) {
    List<EnqueuedStateBody> claimed = new ArrayList<>();
    synchronized (lock) {
      Map<String, TreeSet<StateRec>> byNode = created.get(namespace);
      if (byNode != null && request.batchSize() > 0) {
        List<TreeSet<StateRec>> queues = new ArrayList<>();
        for (String name : new LinkedHashSet<>(request.nodes())) {
          TreeSet<StateRec> queue = byNode.get(name);
          if (queue != null && !queue.isEmpty()) {
            queues.add(queue);
          }
        }
        long nowMs = clock.millis();
        while (claimed.size() < request.batchSize()) {
          StateRec next = null;
          for (TreeSet<StateRec> queue : queues) {
            StateRec head = queue.isEmpty() ? null : queue.first();
            if (head != null && head.enqueueAfter <= nowMs && (next == null || BY_DUE_THEN_AGE.compare(head, next) < 0)) {
              next = head;
            }
          }
          if (next == null) {
            break;
          }
          // find_one_and_update is a $set: updated_at is not bumped.
          setStatus(next, Status.QUEUED);
          claimed.add(new EnqueuedStateBody(next.id, next.nodeName, next.identifier, next.inputs,
              Timestamps.format(next.createdAt)));
        }
      }
    }
    return new EnqueueResponse(claimed.size(), namespace, "QUEUED", claimed);
  }

  /**
   * Embedded-only extension, not part of Exosphere's API ({@code POST /v0/namespace/{ns}/states/await}):
   * waits until a CREATED state of one of {@code nodes} is due, so a runtime can stop polling while idle
   * and still start a state the moment it appears. It claims nothing: a caller that gives up (or is
   * closed) mid-wait can never strand a QUEUED state; it calls {@link #enqueue} when this says yes.
   *
   * @param waiterId the caller's id, or null; a newer call with the same id ends this one, which is how a
   *     runtime that is closing ends its own wait (a zero timeout only ends the older call)
   * @return true as soon as such a state is due; false when {@code timeout} passed, the wait was ended by
   *     a newer call with the same id, or the server is stopping
   */
  public boolean awaitStates(String namespace, List<String> nodes, Duration timeout, String waiterId)
      throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    StateArrivals.Waiter waiter = arrivals.enter(waiterId);
    try {
      while (true) {
        long seen;
        long dueInMillis;
        synchronized (lock) {
          long now = clock.millis();
          long earliest = earliestDue(namespace, nodes);
          if (earliest <= now) {
            return true;
          }
          seen = arrivals.version();
          dueInMillis = earliest == Long.MAX_VALUE ? Long.MAX_VALUE : earliest - now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // A delayed state (start_delay, retry, re-enqueue-after) becomes due without any arrival; with
        // the system clock the wait ends then. A test clock calls arrived() itself when it moves.
        long park = dueInMillis >= left / 1_000_000 ? left : Math.max(1, dueInMillis) * 1_000_000;
        if (!arrivals.await(waiter, seen, park)) {
          return false;
        }
      }
    } finally {
      arrivals.leave(waiter);
    }
  }

  /** The earliest {@code enqueue_after} of the CREATED states of these nodes, or Long.MAX_VALUE. Under lock. */
  private long earliestDue(String namespace, List<String> nodes) {
    Map<String, TreeSet<StateRec>> byNode = created.get(namespace);
    long earliest = Long.MAX_VALUE;
    if (byNode != null) {
      for (String name : nodes) {
        TreeSet<StateRec> queue = byNode.get(name);
        if (queue != null && !queue.isEmpty()) {
          earliest = Math.min(earliest, queue.first().enqueueAfter);
        }
      }
    }
    return earliest;
  }

  /** Ends every {@link #awaitStates} wait at once, and every later one; called when the server stops. */
  public void releaseWaits() {
    arrivals.release();
  }

  /**
   * #10 {@code GET /v0/namespace/{ns}/state/{state_id}/secrets}: every secret of the state's graph,
   * decrypted. A missing state, a state of another namespace or a missing graph are plain errors on the
   * server, hence 500 (§1.2.10).
   */
  public SecretsResponse secrets(String namespace, String stateId) {
    Map<String, String> encrypted;
    synchronized (lock) {
      if (!Ids.isObjectId(stateId)) {
        throw ApiException.internalError("invalid ObjectId for state_id");
      }
      StateRec state = states.get(stateId.toLowerCase(java.util.Locale.ROOT));
      if (state == null) {
        throw ApiException.internalError("State not found");
      }
      if (!state.namespace.equals(namespace)) {
        throw ApiException.internalError("State does not belong to namespace " + namespace);
      }
      GraphRec graph = graphs.get(List.of(namespace, state.graphName));
      if (graph == null) {
        throw ApiException.internalError("Graph template not found");
      }
      encrypted = new LinkedHashMap<>(graph.encryptedSecrets);
    }
    Map<String, String> plain = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : encrypted.entrySet()) {
        plain.put(e.getKey(), cipher.decrypt(e.getValue()));
      }
    } catch (SecretCipher.KeyException | IllegalStateException e) {
      throw ApiException.internalError(e.getMessage());
    }
    return new SecretsResponse(plain);
  }

  /**
   * #11 {@code POST /v0/namespace/{ns}/state/{state_id}/executed}: fan-out (§4.3); next states are
   * created after the answer, in the background (§4.4).
   */
  public ExecutedResponse executed(String namespace, String stateId, ExecutedRequest request) {
    List<StateRec> executedStates;
    StateRec state;
    synchronized (lock) {
      state = stateForUpdate(stateId);
      if (state.status != Status.QUEUED) {
        throw new ApiException(400, "State is not queued");
      }
      List<Map<String, Object>> outputs = request.outputs();
      Map<String, Object> first = outputs.isEmpty() ? Map.of() : outputs.get(0);
      if (!Bson.fits(first)) {
        throw ApiException.internalError("outputs hold what BSON cannot store");
      }
      executedStates = new ArrayList<>(Math.max(1, outputs.size()));
      LocalDateTime now = now();
      state.outputs = first;
      state.updatedAt = now;
      setStatus(state, Status.EXECUTED);
      if (!Bson.fits(outputs.subList(Math.min(1, outputs.size()), outputs.size()))) {
        // The server saves the state with its first output before it inserts the fan-out's other states;
        // when those cannot be stored the answer is a 500 and no next state is ever created.
        checkFinished(state.run);
        throw ApiException.internalError("fan-out outputs hold what BSON cannot store");
      }
      state.childrenPending = true;
      executedStates.add(state);
      for (int i = 1; i < outputs.size(); i++) {
        StateRec extra = insertState(state.run, state.nodeName, state.namespace, state.identifier, state.graphName,
            state.inputs, new LinkedHashMap<>(state.parents), false, 0, null, "", Status.EXECUTED, clock.millis(), now);
        extra.outputs = outputs.get(i);
        extra.childrenPending = true;
        executedStates.add(extra);
      }
    }
    StateRec origin = state;
    submitLocked(() -> createNextStates(executedStates, origin.identifier, origin.namespace, origin.graphName,
        origin.parents));
    return new ExecutedResponse("EXECUTED");
  }

  /** #12 {@code POST /v0/namespace/{ns}/state/{state_id}/errored}: automatic retries (§1.2.12, §4.6). */
  public ErroredResponse errored(String namespace, String stateId, ErroredRequest request) {
    synchronized (lock) {
      StateRec state = stateForUpdate(stateId);
      if (state.status != Status.QUEUED && state.status != Status.EXECUTED) {
        throw new ApiException(400, "State is not queued or executed");
      }
      if (state.status == Status.EXECUTED) {
        throw new ApiException(400, "State is already executed");
      }
      GraphRec graph = graphs.get(List.of(namespace, state.graphName));
      if (graph == null) {
        throw new ApiException(404, "Graph template not found");
      }
      LocalDateTime now = now();
      boolean retryCreated = false;
      if (state.retryCount < graph.retryPolicy.maxRetries()) {
        int attempt = state.retryCount + 1;
        long delay = graph.retryPolicy.delayMillis(attempt, random);
        long due;
        try {
          due = Math.addExact(clock.millis(), delay);
        } catch (ArithmeticException e) {
          // The retry's insert fails on a value beyond Mongo's 64-bit ints: 500, the state is unchanged.
          throw ApiException.internalError("retry enqueue_after beyond 64 bits");
        }
        String key = retryKey(state.nodeName, state.namespace, state.graphName, state.identifier, state.run.runId,
            attempt, state.fanoutId);
        // A retry that already exists (the state was re-enqueued and failed again) still counts as created,
        // and so does one whose join fingerprint is taken: the server's insert fails and it says nothing.
        boolean fingerprintTaken = state.doesUnites && uniteFingerprints.contains(fingerprint(state.nodeName,
            state.namespace, state.identifier, state.graphName, state.run.runId, attempt, state.parents, ""));
        if (!fingerprintTaken && retryKeys.add(key)) {
          insertState(state.run, state.nodeName, state.namespace, state.identifier, state.graphName, state.inputs,
              // The server's retry copies the fanout id but not the manual-retry one, so the retry of a
              // join that was retried by hand shares its fingerprint with the earlier automatic retry.
              new LinkedHashMap<>(state.parents), state.doesUnites, attempt, state.fanoutId, "",
              Status.CREATED, due, now);
        }
        retryCreated = true;
        setStatus(state, Status.RETRY_CREATED);
      } else {
        setStatus(state, Status.ERRORED);
      }
      state.error = request.error();
      state.updatedAt = now;
      checkFinished(state.run);
      return new ErroredResponse("ERRORED", retryCreated);
    }
  }

  /** #13 {@code POST /v0/namespace/{ns}/state/{state_id}/prune} (§1.2.13). */
  public SignalResponse prune(String namespace, String stateId, PruneRequest request) {
    synchronized (lock) {
      StateRec state = stateForUpdate(stateId);
      if (state.status != Status.QUEUED) {
        throw new ApiException(400, "State is not queued");
      }
      if (!Bson.fits(request.data())) {
        throw ApiException.internalError("prune data holds what BSON cannot store");
      }
      setStatus(state, Status.PRUNED);
      state.data = request.data();
      state.updatedAt = now();
      checkFinished(state.run);
      return new SignalResponse(state.enqueueAfter, "PRUNED");
    }
  }

  /**
   * #14 {@code POST /v0/namespace/{ns}/state/{state_id}/re-enqueue-after}: no status precondition, any
   * state goes back to CREATED (§1.2.14 QUIRK).
   */
  public SignalResponse reEnqueueAfter(String namespace, String stateId, ReEnqueueRequest request) {
    synchronized (lock) {
      StateRec state = stateForUpdate(stateId);
      long due;
      try {
        due = Math.addExact(clock.millis(), request.enqueueAfter());
      } catch (ArithmeticException e) {
        // The save of a value beyond Mongo's 64-bit ints fails: 500, the state is left as it was.
        throw ApiException.internalError("enqueue_after beyond 64 bits");
      }
      if (state.status == Status.CREATED) {
        removeCreated(state);
        state.enqueueAfter = due;
        addCreated(state);
      } else {
        state.enqueueAfter = due;
        setStatus(state, Status.CREATED);
      }
      state.updatedAt = now();
      return new SignalResponse(due, "CREATED");
    }
  }

  /** #15 {@code POST /v0/namespace/{ns}/state/{state_id}/manual-retry} (§1.2.15). */
  public ManualRetryResponse manualRetry(String namespace, String stateId, ManualRetryRequest request) {
    synchronized (lock) {
      StateRec state = stateForUpdate(stateId);
      if (!state.namespace.equals(namespace)) {
        throw new ApiException(404, "State not found");
      }
      String key = retryKey(state.nodeName, state.namespace, state.graphName, state.identifier, state.run.runId, 0,
          request.fanoutId());
      LinkedHashMap<String, String> parents = new LinkedHashMap<>(state.parents);
      if (retryKeys.contains(key)
          || (state.doesUnites && uniteFingerprints.contains(fingerprint(state.nodeName, state.namespace,
              state.identifier, state.graphName, state.run.runId, 0, parents, request.fanoutId())))) {
        throw new ApiException(409, "Duplicate retry state detected");
      }
      retryKeys.add(key);
      LocalDateTime now = now();
      StateRec copy = insertState(state.run, state.nodeName, state.namespace, state.identifier, state.graphName,
          state.inputs, parents, state.doesUnites, 0, request.fanoutId(), request.fanoutId(), Status.CREATED,
          clock.millis(), now);
      setStatus(state, Status.RETRY_CREATED);
      state.updatedAt = now;
      return new ManualRetryResponse(copy.id, "CREATED");
    }
  }

  // ==== #16–#18: runs ========================================================================

  /**
   * #16 {@code GET /v0/namespace/{ns}/runs/{page}/{size}}: newest first; page 0 → 500 (negative skip),
   * size 0 → every run (§1.2.16 QUIRK).
   */
  public RunsResponse runs(String namespace, long page, long size) {
    return runs(namespace, BigInteger.valueOf(page), BigInteger.valueOf(size));
  }

  /**
   * #16 with page and size as unbounded as Python's ints (§1.2.16): they are echoed as given, and the
   * server hands {@code skip=(page-1)*size} and {@code limit=size} to Mongo. A negative skip, or a skip
   * or limit beyond 64 bits (BSON's int64), fails there → the generic 500. A negative limit is Mongo's
   * "single batch of at most |size|"; 0 is no limit.
   */
  public RunsResponse runs(String namespace, BigInteger page, BigInteger size) {
    BigInteger skip = page.subtract(BigInteger.ONE).multiply(size);
    if (skip.signum() < 0) {
      throw ApiException.internalError("negative skip " + skip);
    }
    BigInteger limit = size.abs();
    if (skip.bitLength() >= 64 || limit.bitLength() >= 64) {
      throw ApiException.internalError("skip or limit beyond 64 bits");
    }
    synchronized (lock) {
      List<RunRec> all = new ArrayList<>(runsByNamespace.getOrDefault(namespace, List.of()));
      all.sort(Comparator.<RunRec, LocalDateTime>comparing(r -> r.createdAt).thenComparingLong(r -> r.seq).reversed());
      long max = limit.signum() == 0 ? Long.MAX_VALUE : limit.longValueExact();
      long from = skip.longValueExact();
      List<RunSummary> summaries = new ArrayList<>();
      for (long i = from; i < all.size() && summaries.size() < max; i++) {
        summaries.add(summary(all.get((int) i)));
      }
      return new RunsResponse(namespace, all.size(), page, size, summaries);
    }
  }

  private static RunSummary summary(RunRec run) {
    int success = run.count(Status.SUCCESS) + run.count(Status.PRUNED);
    int pending = run.pendingCount();
    int errored = run.count(Status.ERRORED) + run.count(Status.NEXT_CREATED_ERROR);
    int retried = run.count(Status.RETRY_CREATED);
    int total = run.states.size();
    String status = total == 0 ? "FAILED" : pending > 0 ? "PENDING" : errored > 0 ? "FAILED" : "SUCCESS";
    return new RunSummary(run.runId, run.graphName, success, pending, errored, retried, total, status,
        Timestamps.format(run.createdAt));
  }

  /** #17 {@code GET /v0/namespace/{ns}/states/run/{run_id}/graph} (§1.2.17). */
  public GraphStructureResponse graphStructure(String namespace, String runId) {
    synchronized (lock) {
      RunRec run = runs.get(runId);
      List<GraphNodeBody> roots = new ArrayList<>();
      List<GraphNodeBody> all = new ArrayList<>();
      List<EdgeBody> edges = new ArrayList<>();
      Map<String, Integer> summary = new LinkedHashMap<>();
      for (Status status : Status.all()) {
        summary.put(status.name(), 0);
      }
      String graphName = "";
      if (run != null) {
        Set<String> listed = new HashSet<>();
        for (StateRec s : run.states) {
          if (!s.namespace.equals(namespace)) {
            continue;
          }
          listed.add(s.id);
          if (all.isEmpty()) {
            graphName = s.graphName;
          }
          GraphNodeBody node = new GraphNodeBody(s.id, s.nodeName, s.identifier, s.status.name(), s.error);
          all.add(node);
          summary.merge(s.status.name(), 1, Integer::sum);
          if (s.parents.isEmpty()) {
            roots.add(node);
          } else if (listed.contains(s.directParentId())) {
            // A parent in another namespace is not among the listed states, and the server draws no edge
            // to a state it does not list. Parents come before their children in the run's states.
            edges.add(new EdgeBody(s.directParentId(), s.id));
          }
        }
      }
      return new GraphStructureResponse(roots, graphName, all, edges, all.size(), edges.size(), summary);
    }
  }

  /** #18 {@code GET /v0/namespace/{ns}/graph/{graph_name}/run/{run_id}/node/{node_id}} (§1.2.18). */
  public NodeRunDetailsResponse nodeRunDetails(String namespace, String graphName, String runId, String nodeId) {
    if (!Ids.isObjectId(nodeId)) {
      throw new ApiException(400, "Invalid node ID format: " + nodeId);
    }
    synchronized (lock) {
      StateRec s = states.get(nodeId.toLowerCase(java.util.Locale.ROOT));
      if (s == null || !s.run.runId.equals(runId) || !s.graphName.equals(graphName) || !s.namespace.equals(namespace)) {
        throw new ApiException(404, "Node " + nodeId + " not found in run " + runId + " for graph " + graphName);
      }
      return new NodeRunDetailsResponse(s.id, s.nodeName, s.identifier, s.graphName, s.run.runId, s.status.name(),
          s.inputs, s.outputs, s.error, new LinkedHashMap<>(s.parents), Timestamps.format(s.createdAt),
          Timestamps.format(s.updatedAt));
    }
  }

  // ==== embedded-only extensions =============================================================

  /**
   * Why a run cannot finish on its own (embedded-only; not a state-manager endpoint): unites that can
   * never fire (§4.5), states claimed but never reported (no lease, §1.2.9), states whose node no runtime
   * registered. Each reason is also logged at WARN the first time it is found.
   *
   * @throws ApiException 404 when the run does not exist in the namespace
   */
  public RunDiagnosticsResponse runDiagnostics(String namespace, String runId) {
    synchronized (lock) {
      RunRec run = runs.get(runId);
      if (run == null || !run.namespace.equals(namespace)) {
        throw new ApiException(404, "Run " + runId + " not found in namespace " + namespace);
      }
      List<StuckReason> reasons = HangDetector.reasons(run, graphs.get(List.of(run.namespace, run.graphName)),
          this::isRegistered, clock.millis());
      logNew(run, reasons);
      return new RunDiagnosticsResponse(run.runId, run.namespace, run.graphName, run.pendingCount() == 0, reasons);
    }
  }

  /**
   * Fires due cron triggers once (docs/state-manager.md §4.9). The real server does this every minute at second 0;
   * the embedded server schedules it the same way, tests call it after moving the clock. Missed
   * occurrences are caught up in the same tick, one run each.
   *
   * @return how many runs were triggered successfully
   */
  public int tickCron() {
    int fired = 0;
    while (true) {
      CronRow row;
      LocalDateTime now;
      synchronized (lock) {
        now = now();
        LocalDateTime expiry = now;
        cronRows.removeIf(r -> {
          boolean expired = r.expiresAt != null && !r.expiresAt.isAfter(expiry);
          if (expired) {
            cronKeys.remove(r.key());
          }
          return expired;
        });
        row = null;
        for (CronRow candidate : cronRows) {
          if (candidate.status == CronRow.Status.PENDING && !candidate.triggerTime.isAfter(now)) {
            row = candidate;
            break;
          }
        }
        if (row == null) {
          return fired;
        }
        row.status = CronRow.Status.TRIGGERING;
      }
      CronRow.Status outcome;
      try {
        trigger(row.namespace, row.graphName, TriggerRequestBody.empty());
        outcome = CronRow.Status.TRIGGERED;
        fired++;
      } catch (RuntimeException e) {
        LOG.warn("cron trigger {} of graph {}/{} at {} failed: {}", row.expression, row.namespace, row.graphName,
            row.triggerTime, e.getMessage());
        outcome = CronRow.Status.FAILED;
      }
      synchronized (lock) {
        row.status = outcome;
        // TRIGGER_RETENTION_HOURS, default 720 (docs/state-manager.md §4.9).
        row.expiresAt = now().plusHours(TRIGGER_RETENTION_HOURS);
        LocalDateTime next = row.triggerTime;
        while (true) {
          Optional<LocalDateTime> following = CronExpressions.nextFireTime(row.expression, next);
          if (following.isEmpty()) {
            break;
          }
          next = following.get();
          addCronRow(new CronRow(row.expression, row.graphName, row.namespace, next));
          if (next.isAfter(now)) {
            break;
          }
        }
      }
    }
  }

  /**
   * Waits until no background work (next-state creation, verification) is queued or running.
   *
   * @return true when idle, false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /** Stops the background executor after the work already queued. */
  @Override
  public void close() {
    arrivals.release();
    if (ownsExecutor) {
      executor.shutdown();
    }
  }

  // ==== background work ======================================================================

  /**
   * Queues background work. One drainer at a time runs the queue in order (the re-queue of next-state
   * creation behind a pending verification relies on that order), and runs consecutive next-state tasks
   * under one acquisition of the engine lock, so a burst of {@code executed} calls costs one hand-over of
   * the lock rather than one per call.
   */
  private void submit(Runnable task) {
    submit(task, false);
  }

  private void submitLocked(Runnable task) {
    submit(task, true);
  }

  private record Task(Runnable work, boolean underLock) {}

  private void submit(Runnable work, boolean underLock) {
    boolean startDrainer;
    synchronized (idle) {
      inFlight++;
      backlog.add(new Task(work, underLock));
      startDrainer = !draining;
      draining = true;
    }
    if (startDrainer) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        synchronized (idle) {
          inFlight -= backlog.size();
          backlog.clear();
          draining = false;
          idle.notifyAll();
        }
        LOG.warn("background work rejected (engine closed?): {}", e.toString());
      }
    }
  }

  private void drain() {
    while (true) {
      List<Task> batch = new ArrayList<>();
      synchronized (idle) {
        Task t;
        while ((t = backlog.poll()) != null) {
          batch.add(t);
        }
        if (batch.isEmpty()) {
          draining = false;
          return;
        }
      }
      int i = 0;
      while (i < batch.size()) {
        if (batch.get(i).underLock()) {
          int from = i;
          synchronized (lock) {
            while (i < batch.size() && batch.get(i).underLock()) {
              runSafely(batch.get(i++).work());
            }
          }
          finished(i - from);
        } else {
          runSafely(batch.get(i++).work());
          finished(1);
        }
      }
    }
  }

  private static void runSafely(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      LOG.error("background task of the embedded state manager failed", e);
    }
  }

  private void finished(int count) {
    synchronized (idle) {
      inFlight -= count;
      if (inFlight == 0) {
        idle.notifyAll();
      }
    }
  }

  /** Background verification against the registered nodes (§3.3), then cron rows (§4.9). */
  private void verify(GraphRec graph, long version) {
    JsonNode body;
    NodeRegistry registry;
    synchronized (lock) {
      if (graph.version != version) {
        return;
      }
      body = graph.body;
      List<RegisteredNode> registered = new ArrayList<>(nodes.size());
      for (NodeRec n : nodes.values()) {
        registered.add(new RegisteredNode(n.name, n.namespace, n.inputsSchema, n.outputsSchema, n.secrets));
      }
      registry = NodeRegistry.of(registered);
    }
    List<String> errors = new ArrayList<>();
    try {
      ValidationReport report = GraphValidator.validateJson(body, graph.name, graph.namespace, registry);
      for (Diagnostic d : report.errors()) {
        errors.add(d.serverMessage() != null ? d.serverMessage() : d.message());
      }
    } catch (RuntimeException e) {
      LOG.error("verification of graph {}/{} failed unexpectedly", graph.namespace, graph.name, e);
      errors = List.of("Validation failed due to unexpected error: " + e.getMessage());
    }
    synchronized (lock) {
      if (graph.version != version) {
        return;
      }
      graph.validationErrors = List.copyOf(errors);
      graph.validationStatus = errors.isEmpty() ? VALID : INVALID;
      graph.updatedAt = now();
      if (errors.isEmpty()) {
        LocalDateTime now = now();
        for (String expression : new LinkedHashSet<>(graph.triggers)) {
          CronExpressions.nextFireTime(expression, now)
              .ifPresent(t -> addCronRow(new CronRow(expression, graph.name, graph.namespace, t)));
        }
      } else {
        LOG.info("graph {}/{} is INVALID: {}", graph.namespace, graph.name, errors);
      }
    }
  }

  private void addCronRow(CronRow row) {
    if (cronKeys.add(row.key())) {
      cronRows.add(row);
    }
  }

  /** §1.2.5 step 4 QUIRK: the filter has no namespace. */
  private void deletePendingCronRows(String graphName, List<String> oldExpressions) {
    cronRows.removeIf(row -> {
      boolean delete = row.status == CronRow.Status.PENDING && row.graphName.equals(graphName)
          && oldExpressions.contains(row.expression);
      if (delete) {
        cronKeys.remove(row.key());
      }
      return delete;
    });
  }

  /**
   * {@code create_next_states} (§4.4, §4.5) for the executed states {@code executed} of identifier
   * {@code x}, whose ancestors are {@code parentIds}.
   */
  private void createNextStates(List<StateRec> executed, String x, String namespace, String graphName,
      Map<String, String> parentIds) {
    synchronized (lock) {
      GraphRec graph = graphs.get(List.of(namespace, graphName));
      if (graph != null && PENDING.equals(graph.validationStatus)) {
        // get_valid polls while PENDING; the verification that ends it is already queued before us.
        submitLocked(() -> createNextStates(executed, x, namespace, graphName, parentIds));
        return;
      }
      try {
        new NextStates(this, graph, executed, x, namespace, graphName, parentIds).run();
      } catch (NextStates.Failure e) {
        failNextStates(executed, e.getMessage());
        LOG.warn("creating next states after {} in run {} failed: {}", x, executed.get(0).run.runId, e.getMessage());
      } catch (RuntimeException e) {
        // The server turns any exception of the task into NEXT_CREATED_ERROR; so does the engine, rather
        // than leaving the states EXECUTED forever.
        failNextStates(executed, e.toString());
        LOG.error("creating next states after {} in run {} failed unexpectedly", x, executed.get(0).run.runId, e);
      } finally {
        for (StateRec s : executed) {
          s.childrenPending = false;
        }
      }
      checkFinished(executed.get(0).run);
    }
  }

  /** The server marks them with a bare update query, which leaves {@code updated_at} as it was. */
  private void failNextStates(List<StateRec> executed, String error) {
    for (StateRec s : executed) {
      setStatus(s, Status.NEXT_CREATED_ERROR);
      s.error = error;
    }
  }

  /** When a run has nothing pending any more, log what will never happen (§4.5 hazards). */
  private void checkFinished(RunRec run) {
    if (run.pendingCount() == 0) {
      logNew(run, HangDetector.reasons(run, graphs.get(List.of(run.namespace, run.graphName)), this::isRegistered,
          clock.millis()));
    }
  }

  private void logNew(RunRec run, List<StuckReason> reasons) {
    for (StuckReason reason : reasons) {
      if (run.reported.add(reason.kind() + '\u0000' + reason.stateId() + '\u0000' + reason.identifier())) {
        LOG.warn("run {} of graph {}/{} cannot finish: {}", run.runId, run.namespace, run.graphName, reason.reason());
      }
    }
  }

  private boolean isRegistered(String nodeName, String namespace) {
    return nodes.containsKey(List.of(nodeName, namespace));
  }

  // ==== package-private helpers for NextStates (called under lock) ==========================

  Optional<NodeRec> registeredNode(String name, String namespace) {
    return Optional.ofNullable(nodes.get(List.of(name, namespace)));
  }

  StateRec state(String id) {
    return states.get(id);
  }

  LocalDateTime now() {
    return Timestamps.now(clock);
  }

  long nowMillis() {
    return clock.millis();
  }

  /** Inserts a unite state unless its fingerprint exists (a duplicate is swallowed, §4.5 step 3). */
  boolean insertUniteState(RunRec run, NodeTemplateBody node, String graphName, Map<String, Object> inputs,
      LinkedHashMap<String, String> parents) {
    String fingerprint = fingerprint(node.nodeName(), node.namespace(), node.identifier(), graphName, run.runId, 0,
        parents, "");
    if (!uniteFingerprints.add(fingerprint)) {
      LOG.debug("unite state {} of run {} already exists", node.identifier(), run.runId);
      return false;
    }
    insertState(run, node.nodeName(), node.namespace(), node.identifier(), graphName, inputs, parents, true, 0, null,
        "", Status.CREATED, clock.millis(), now());
    return true;
  }

  StateRec insertState(RunRec run, String nodeName, String namespace, String identifier, String graphName,
      Map<String, Object> inputs, LinkedHashMap<String, String> parents, boolean doesUnites, int retryCount,
      String fanoutId, String manualRetryFanoutId, Status status, long enqueueAfter, LocalDateTime now) {
    String id = newObjectId();
    StateRec[] ancestors = new StateRec[parents.size()];
    int i = 0;
    for (String parentId : parents.values()) {
      ancestors[i++] = states.get(parentId);
    }
    StateRec s = new StateRec(id, ++seq, run, nodeName, namespace, identifier, graphName, inputs, parents, ancestors,
        doesUnites, retryCount, fanoutId != null ? fanoutId : Ids.uuid4(), manualRetryFanoutId, now);
    s.status = status;
    s.enqueueAfter = enqueueAfter;
    s.changedSeq = s.seq;
    states.put(id, s);
    run.states.add(s);
    run.countByStatus[status.ordinal()]++;
    for (StateRec a : ancestors) {
      if (a != null) {
        a.addDescendant(s);
        if (!a.namespace.equals(namespace) || !a.graphName.equals(graphName)) {
          a.foreignDescendants = true;
        }
        adjustDescendantCounts(a, null, status);
      }
    }
    if (doesUnites) {
      uniteFingerprints.add(fingerprint(nodeName, namespace, identifier, graphName, run.runId, retryCount, parents,
          manualRetryFanoutId));
    }
    if (status == Status.CREATED) {
      addCreated(s);
    }
    return s;
  }

  void setStatus(StateRec s, Status to) {
    Status from = s.status;
    if (from == to) {
      return;
    }
    if (from == Status.CREATED) {
      removeCreated(s);
    }
    s.status = to;
    s.changedSeq = ++seq;
    s.run.countByStatus[from.ordinal()]--;
    s.run.countByStatus[to.ordinal()]++;
    for (StateRec a : s.ancestors) {
      if (a != null) {
        adjustDescendantCounts(a, from, to);
      }
    }
    if (to == Status.CREATED) {
      addCreated(s);
    }
  }

  private static void adjustDescendantCounts(StateRec ancestor, Status from, Status to) {
    if (from != null) {
      ancestor.descendantsBlockingAllSuccess -= from.blocksAllSuccess() ? 1 : 0;
      ancestor.descendantsPending -= from.pending() ? 1 : 0;
    }
    ancestor.descendantsBlockingAllSuccess += to.blocksAllSuccess() ? 1 : 0;
    ancestor.descendantsPending += to.pending() ? 1 : 0;
  }

  private void addCreated(StateRec s) {
    created.computeIfAbsent(s.namespace, k -> new HashMap<>())
        .computeIfAbsent(s.nodeName, k -> new TreeSet<>(BY_DUE_THEN_AGE)).add(s);
    arrivals.arrived();
  }

  private void removeCreated(StateRec s) {
    Map<String, TreeSet<StateRec>> byNode = created.get(s.namespace);
    if (byNode != null) {
      TreeSet<StateRec> queue = byNode.get(s.nodeName);
      if (queue != null) {
        queue.remove(s);
      }
    }
  }

  // ==== small helpers ========================================================================

  private String newObjectId() {
    return Ids.objectId(clock.millis() / 1000);
  }

  /**
   * The state for executed/errored/prune/re-enqueue/manual-retry: a malformed id makes
   * {@code PydanticObjectId(state_id)} raise → 500 (§1.1); no namespace check here (§1.1).
   */
  private StateRec stateForUpdate(String stateId) {
    if (!Ids.isObjectId(stateId)) {
      throw ApiException.internalError("invalid ObjectId for state_id");
    }
    StateRec state = states.get(stateId.toLowerCase(java.util.Locale.ROOT));
    if (state == null) {
      throw new ApiException(404, "State not found");
    }
    return state;
  }

  private static String retryKey(String nodeName, String namespace, String graphName, String identifier,
      String runId, int retryCount, String fanoutId) {
    return String.join("\u0000", nodeName, namespace, graphName, identifier, runId, Integer.toString(retryCount),
        fanoutId);
  }

  /** The unite uniqueness key; the server hashes the same fields (§4.1), equality is all that matters here. */
  private static String fingerprint(String nodeName, String namespace, String identifier, String graphName,
      String runId, int retryCount, Map<String, String> parents, String manualRetryFanoutId) {
    StringBuilder key = new StringBuilder();
    key.append(nodeName).append('\u0000').append(namespace).append('\u0000').append(identifier).append('\u0000')
        .append(graphName).append('\u0000').append(runId).append('\u0000').append(retryCount).append('\u0000')
        .append(manualRetryFanoutId);
    // The server's canonical JSON sorts keys, so the order of parents does not matter.
    new java.util.TreeMap<>(parents).forEach((k, v) -> key.append('\u0000').append(k).append('=').append(v));
    return key.toString();
  }

  private static List<Diagnostic> errorsOf(ValidationReport report, Stage stage) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : report.errors()) {
      if (d.stage() == stage) {
        out.add(d);
      }
    }
    return out;
  }

  private static Map<String, Boolean> secretNames(GraphRec graph) {
    Map<String, Boolean> names = new LinkedHashMap<>();
    graph.encryptedSecrets.keySet().forEach(k -> names.put(k, true));
    return names;
  }

  private static RetryPolicyBody retryBody(RetryPolicy p) {
    return new RetryPolicyBody(p.maxRetries(), p.strategy().name(), p.backoffFactor(), p.exponent(), p.maxDelay());
  }

  private static StoreConfigBody storeBody(StoreConfig c) {
    return new StoreConfigBody(c.requiredKeys(), c.defaultValues());
  }

  private static List<TriggerBody> triggerBodies(List<String> expressions) {
    List<TriggerBody> out = new ArrayList<>();
    for (String e : expressions) {
      out.add(new TriggerBody("CRON", Map.of("expression", e)));
    }
    return out;
  }

  /**
   * The upsert body as the server stores it once the validator accepted it: names, identifiers, next
   * nodes, unites targets and store keys trimmed; {@code next_nodes} null when omitted and {@code []} when
   * sent as null (§1.2.5); defaults for absent retry policy, store config and triggers.
   */
  private record StoredForm(List<NodeTemplateBody> nodes, Map<String, String> secrets, RetryPolicy retryPolicy,
      StoreConfig storeConfig, List<String> triggers) {

    static StoredForm read(JsonNode body) {
      List<NodeTemplateBody> nodes = new ArrayList<>();
      for (JsonNode n : body.path("nodes")) {
        List<String> next = null;
        if (n.has("next_nodes")) {
          next = new ArrayList<>();
          for (JsonNode id : n.get("next_nodes")) {
            next.add(id.asText().strip());
          }
        }
        UnitesBody unites = null;
        JsonNode u = n.get("unites");
        if (u != null && !u.isNull()) {
          unites = new UnitesBody(u.path("identifier").asText().strip(),
              u.hasNonNull("strategy") ? u.get("strategy").asText() : "ALL_SUCCESS");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> inputs = MAPPER.convertValue(n.path("inputs"), LinkedHashMap.class);
        nodes.add(new NodeTemplateBody(n.path("node_name").asText().strip(), n.path("namespace").asText(),
            n.path("identifier").asText().strip(), inputs == null ? new LinkedHashMap<>() : inputs, next, unites));
      }
      Map<String, String> secrets = new LinkedHashMap<>();
      body.path("secrets").fields().forEachRemaining(e -> secrets.put(e.getKey(), e.getValue().asText()));
      RetryPolicy retry = RetryPolicy.DEFAULT;
      JsonNode r = body.get("retry_policy");
      if (r != null && r.isObject()) {
        retry = new RetryPolicy(
            r.has("max_retries") ? r.get("max_retries").asLong() : RetryPolicy.DEFAULT.maxRetries(),
            r.has("strategy") ? RetryStrategy.valueOf(r.get("strategy").asText()) : RetryPolicy.DEFAULT.strategy(),
            r.has("backoff_factor") ? r.get("backoff_factor").asLong() : RetryPolicy.DEFAULT.backoffFactor(),
            r.has("exponent") ? r.get("exponent").asLong() : RetryPolicy.DEFAULT.exponent(),
            r.hasNonNull("max_delay") ? Long.valueOf(r.get("max_delay").asLong()) : null);
      }
      StoreConfig store = StoreConfig.EMPTY;
      JsonNode s = body.get("store_config");
      if (s != null && s.isObject()) {
        List<String> required = new ArrayList<>();
        s.path("required_keys").forEach(k -> required.add(k.asText().strip()));
        Map<String, String> defaults = new LinkedHashMap<>();
        s.path("default_values").fields().forEachRemaining(e -> defaults.put(e.getKey().strip(), e.getValue().asText()));
        store = new StoreConfig(required, defaults);
      }
      List<String> triggers = new ArrayList<>();
      for (JsonNode t : body.path("triggers")) {
        triggers.add(t.path("value").path("expression").asText());
      }
      return new StoredForm(nodes, secrets, retry, store, triggers);
    }
  }

  /** Configures a {@link LocalEngine}. */
  public static final class Builder {
    private Clock clock = Clock.systemDefaultZone();
    private String encryptionKey;
    private ExecutorService executor;
    private RandomGenerator random;

    private Builder() {}

    /** The clock for every timestamp, delay and cron decision (default: the system clock, local zone). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The secrets encryption key: URL-safe base64 of 32 bytes, like {@code SECRETS_ENCRYPTION_KEY}
     * (docs/state-manager.md §4.10). Default: a random key per engine. A bad key fails lazily, like the server.
     */
    public Builder encryptionKey(String key) {
      this.encryptionKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The executor for background work (default: a private single daemon thread). An executor given here
     * is not shut down by {@link LocalEngine#close()}.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The source of retry jitter (default: a fresh generator); fix it for reproducible delays. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public LocalEngine build() {
      return new LocalEngine(this);
    }
  }
}
