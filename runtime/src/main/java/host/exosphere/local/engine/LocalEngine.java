package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.ManualRetryRequest;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineRequests.ReEnqueueRequest;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.EnqueueResponse;
import host.exosphere.local.engine.EngineResponses.ErroredResponse;
import host.exosphere.local.engine.EngineResponses.ExecutedResponse;
import host.exosphere.local.engine.EngineResponses.GraphStructureResponse;
import host.exosphere.local.engine.EngineResponses.GraphTemplateResponse;
import host.exosphere.local.engine.EngineResponses.ListGraphsResponse;
import host.exosphere.local.engine.EngineResponses.ListNodesResponse;
import host.exosphere.local.engine.EngineResponses.ManualRetryResponse;
import host.exosphere.local.engine.EngineResponses.NamespacesResponse;
import host.exosphere.local.engine.EngineResponses.NodeRunDetailsResponse;
import host.exosphere.local.engine.EngineResponses.RegisterNodesResponse;
import host.exosphere.local.engine.EngineResponses.RunDiagnosticsResponse;
import host.exosphere.local.engine.EngineResponses.RunsResponse;
import host.exosphere.local.engine.EngineResponses.SecretsResponse;
import host.exosphere.local.engine.EngineResponses.SignalResponse;
import host.exosphere.local.engine.EngineResponses.TriggerResponse;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;

/**
 * The embedded state manager's engine: one method per endpoint of docs/state-manager.md §1.2 (#2–#18), the
 * execution semantics of docs/state-manager.md §4, thread-safe, in memory or on disk. See the package documentation
 * for the mapping to HTTP.
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
 * <p>The work is split as the server's routers split it: {@code GraphOps} (graphs and nodes),
 * {@code StateOps} (states), {@code RunOps} (runs), {@code CronOps} (cron), over one {@code EngineStore}
 * (records, indexes, state transitions); {@code BackgroundTasks} runs verification and next-state
 * creation after the answer. {@code EngineParts} wires them; this class only delegates.
 *
 * <p>Concurrency: one store lock guards every record; each call holds it for a short, bounded piece of
 * work (the real server's atomic Mongo operations become critical sections), so concurrent requests see
 * the same outcomes as against Mongo, including the atomic claim of {@code enqueue}.
 *
 * <p>Durability: with {@link Builder#dataDir(Path)} every change is committed to disk before the call
 * returns, and a new engine on the same directory carries on where the old one stopped (see
 * {@code DurableJournal}).
 */
public final class LocalEngine implements AutoCloseable {
  private final EngineStore store;
  private final BackgroundTasks tasks;
  private final GraphOps graphOps;
  private final StateOps stateOps;
  private final RunOps runOps;
  private final CronOps cron;

  private LocalEngine(Builder builder) {
    EngineParts parts = EngineParts.assemble(builder);
    this.store = parts.store();
    this.tasks = parts.tasks();
    this.graphOps = parts.graphOps();
    this.stateOps = parts.stateOps();
    this.runOps = parts.runOps();
    this.cron = parts.cron();
  }

  /** A builder with the system clock, a random encryption key, in memory and a private background executor. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock the engine reads time from. */
  public Clock clock() {
    return store.clock();
  }

  // ==== #2–#7: namespaces, nodes and graph templates =========================================

  /** #2 {@code GET /v0/namespaces}: namespaces of registered nodes only, sorted (§1.2.2). */
  public NamespacesResponse listNamespaces() {
    return graphOps.listNamespaces();
  }

  /** #3 {@code PUT /v0/namespace/{ns}/nodes/}: upsert by (name, namespace), last writer wins (§1.2.3). */
  public RegisterNodesResponse registerNodes(String namespace, RegisterNodesRequest request) {
    return graphOps.registerNodes(namespace, request);
  }

  /** #4 {@code GET /v0/namespace/{ns}/nodes/} (§1.2.4). */
  public ListNodesResponse listNodes(String namespace) {
    return graphOps.listNodes(namespace);
  }

  /**
   * #5 {@code PUT /v0/namespace/{ns}/graph/{graph_name}}: answers 201 PENDING; verification against the
   * registered nodes follows in the background (§1.2.5, §3.3).
   *
   * @param body the raw request body
   * @throws ApiException 422 with the FastAPI detail list, 400 "Error validating graph template: …", 500
   */
  public GraphTemplateResponse upsertGraph(String namespace, String graphName, JsonNode body) {
    return graphOps.upsertGraph(namespace, graphName, body);
  }

  /**
   * #6 {@code GET /v0/namespace/{ns}/graph/{graph_name}}. Shows the default retry policy, store config
   * and triggers whatever was stored (§1.2.6 QUIRK).
   */
  public GraphTemplateResponse getGraph(String namespace, String graphName) {
    return graphOps.getGraph(namespace, graphName);
  }

  /** #7 {@code GET /v0/namespace/{ns}/graphs/}: the stored documents, secrets as ciphertexts (§1.2.7). */
  public ListGraphsResponse listGraphs(String namespace) {
    return graphOps.listGraphs(namespace);
  }

  // ==== #8, #16–#18: runs ====================================================================

  /** #8 {@code POST /v0/namespace/{ns}/graph/{graph_name}/trigger}, checks in the order of §1.2.8. */
  public TriggerResponse trigger(String namespace, String graphName, TriggerRequestBody request) {
    return runOps.trigger(namespace, graphName, request);
  }

  /**
   * #16 {@code GET /v0/namespace/{ns}/runs/{page}/{size}}: newest first; page 0 → 500 (negative skip),
   * size 0 → every run (§1.2.16 QUIRK).
   */
  public RunsResponse runs(String namespace, long page, long size) {
    return runs(namespace, BigInteger.valueOf(page), BigInteger.valueOf(size));
  }

  /**
   * #16 with page and size as unbounded as Python's ints (§1.2.16): echoed as given; a negative skip, or
   * a skip or limit beyond 64 bits, is the generic 500; a negative limit is Mongo's "single batch of at
   * most |size|"; 0 is no limit.
   */
  public RunsResponse runs(String namespace, BigInteger page, BigInteger size) {
    return runOps.runs(namespace, page, size);
  }

  /** #17 {@code GET /v0/namespace/{ns}/states/run/{run_id}/graph} (§1.2.17). */
  public GraphStructureResponse graphStructure(String namespace, String runId) {
    return runOps.graphStructure(namespace, runId);
  }

  /** #18 {@code GET /v0/namespace/{ns}/graph/{graph_name}/run/{run_id}/node/{node_id}} (§1.2.18). */
  public NodeRunDetailsResponse nodeRunDetails(String namespace, String graphName, String runId, String nodeId) {
    return runOps.nodeRunDetails(namespace, graphName, runId, nodeId);
  }

  // ==== #9–#15: states =======================================================================

  /** #9 {@code POST /v0/namespace/{ns}/states/enqueue}: atomic claims of due CREATED states (§1.2.9). */
  public EnqueueResponse enqueue(String namespace, EnqueueRequest request) {
    return stateOps.enqueue(namespace, request);
  }

  /**
   * #10 {@code GET /v0/namespace/{ns}/state/{state_id}/secrets}: every secret of the state's graph,
   * decrypted. A missing state, a state of another namespace or a missing graph are plain errors on the
   * server, hence 500 (§1.2.10).
   */
  public SecretsResponse secrets(String namespace, String stateId) {
    return stateOps.secrets(namespace, stateId);
  }

  /**
   * #11 {@code POST /v0/namespace/{ns}/state/{state_id}/executed}: fan-out (§4.3); next states are
   * created after the answer, in the background (§4.4).
   */
  public ExecutedResponse executed(String namespace, String stateId, ExecutedRequest request) {
    return stateOps.executed(namespace, stateId, request);
  }

  /** #12 {@code POST /v0/namespace/{ns}/state/{state_id}/errored}: automatic retries (§1.2.12, §4.6). */
  public ErroredResponse errored(String namespace, String stateId, ErroredRequest request) {
    return stateOps.errored(namespace, stateId, request);
  }

  /** #13 {@code POST /v0/namespace/{ns}/state/{state_id}/prune} (§1.2.13). */
  public SignalResponse prune(String namespace, String stateId, PruneRequest request) {
    return stateOps.prune(namespace, stateId, request);
  }

  /**
   * #14 {@code POST /v0/namespace/{ns}/state/{state_id}/re-enqueue-after}: no status precondition, any
   * state goes back to CREATED (§1.2.14 QUIRK).
   */
  public SignalResponse reEnqueueAfter(String namespace, String stateId, ReEnqueueRequest request) {
    return stateOps.reEnqueueAfter(namespace, stateId, request);
  }

  /** #15 {@code POST /v0/namespace/{ns}/state/{state_id}/manual-retry} (§1.2.15). */
  public ManualRetryResponse manualRetry(String namespace, String stateId, ManualRetryRequest request) {
    return stateOps.manualRetry(namespace, stateId, request);
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
    return runOps.runDiagnostics(namespace, runId);
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
    return stateOps.awaitStates(namespace, nodes, timeout, waiterId);
  }

  /** Ends every {@link #awaitStates} wait at once, and every later one; called when the server stops. */
  public void releaseWaits() {
    store.arrivals().release();
  }

  /**
   * Fires due cron triggers once (docs/state-manager.md §4.9). The real server does this every minute at second 0;
   * the embedded server schedules it the same way, tests call it after moving the clock. Missed
   * occurrences are caught up in the same tick, one run each.
   *
   * @return how many runs were triggered successfully
   */
  public int tickCron() {
    return cron.tick();
  }

  /**
   * Waits until no background work (next-state creation, verification) is queued or running.
   *
   * @return true when idle, false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return tasks.awaitIdle(timeout);
  }

  /**
   * Stops the background executor after the work already queued; a durable engine waits for that work
   * (bounded) and then closes its files.
   */
  @Override
  public void close() {
    releaseWaits();
    if (store.journal().durable()) {
      tasks.closeAndWait(Duration.ofSeconds(10));
      // Under the lock, so no write is half-way through; read() does not wait for a sync of a closed file.
      store.read(() -> {
        store.journal().close();
        return null;
      });
    } else {
      tasks.close();
    }
  }

  /** Configures a {@link LocalEngine}. */
  public static final class Builder {
    Clock clock = Clock.systemDefaultZone();
    String encryptionKey;
    ExecutorService executor;
    RandomGenerator random;
    Path dataDir;
    int retainFinishedRuns = RunRetention.DEFAULT_KEEP;

    private Builder() {}

    /** The clock for every timestamp, delay and cron decision (default: the system clock, local zone). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The secrets encryption key: URL-safe base64 of 32 bytes, like {@code SECRETS_ENCRYPTION_KEY}
     * (docs/state-manager.md §4.10). Default: a random key per engine, or with {@link #dataDir(Path)} one generated
     * once and kept in that directory. A bad key fails lazily, like the server.
     */
    public Builder encryptionKey(String key) {
      this.encryptionKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * How many finished runs are kept, in memory and in a data directory alike (default 10,000): beyond
     * that the oldest finished ones are dropped with their states, so a long-lived server's memory and
     * data directory stay bounded. Runs still going are always kept.
     */
    public Builder retainFinishedRuns(int runs) {
      if (runs < 0) {
        throw new IllegalArgumentException("retainFinishedRuns must not be negative, got " + runs);
      }
      this.retainFinishedRuns = runs;
      return this;
    }

    /**
     * Keeps graphs, nodes, secrets (encrypted), runs, states and cron triggers in {@code dir}, created
     * when missing (default: in memory only). Every call commits before it returns; an engine built on
     * the same directory later continues the runs in flight.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir");
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
