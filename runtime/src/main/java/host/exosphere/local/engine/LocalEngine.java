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
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * The embedded state manager's engine: one method per endpoint of contract §1.2 (#2–#18), the
 * execution semantics of contract §4, in memory and thread-safe. See the package documentation for the
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
 */
public final class LocalEngine implements AutoCloseable {

  private final Clock clock;

  private LocalEngine(Builder builder) {
    this.clock = builder.clock;
  }

  /** A builder with the system clock, a random encryption key and a private background executor. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock the engine reads time from. */
  public Clock clock() {
    return clock;
  }

  // ---- endpoints (contract §1.2) -------------------------------------------------------------

  /** #2 {@code GET /v0/namespaces}. */
  public NamespacesResponse listNamespaces() {
    throw pending();
  }

  /** #3 {@code PUT /v0/namespace/{ns}/nodes/}. */
  public RegisterNodesResponse registerNodes(String namespace, RegisterNodesRequest request) {
    throw pending();
  }

  /** #4 {@code GET /v0/namespace/{ns}/nodes/}. */
  public ListNodesResponse listNodes(String namespace) {
    throw pending();
  }

  /**
   * #5 {@code PUT /v0/namespace/{ns}/graph/{graph_name}}: answers 201 PENDING; verification against the
   * registered nodes follows in the background.
   *
   * @param body the raw request body
   * @throws ApiException 422 with the FastAPI detail list, 400 "Error validating graph template: …", 500
   */
  public GraphTemplateResponse upsertGraph(String namespace, String graphName, JsonNode body) {
    throw pending();
  }

  /** #6 {@code GET /v0/namespace/{ns}/graph/{graph_name}}. */
  public GraphTemplateResponse getGraph(String namespace, String graphName) {
    throw pending();
  }

  /** #7 {@code GET /v0/namespace/{ns}/graphs/}. */
  public ListGraphsResponse listGraphs(String namespace) {
    throw pending();
  }

  /** #8 {@code POST /v0/namespace/{ns}/graph/{graph_name}/trigger}. */
  public TriggerResponse trigger(String namespace, String graphName, TriggerRequestBody request) {
    throw pending();
  }

  /** #9 {@code POST /v0/namespace/{ns}/states/enqueue}. */
  public EnqueueResponse enqueue(String namespace, EnqueueRequest request) {
    throw pending();
  }

  /** #10 {@code GET /v0/namespace/{ns}/state/{state_id}/secrets}. */
  public SecretsResponse secrets(String namespace, String stateId) {
    throw pending();
  }

  /** #11 {@code POST /v0/namespace/{ns}/state/{state_id}/executed}. */
  public ExecutedResponse executed(String namespace, String stateId, ExecutedRequest request) {
    throw pending();
  }

  /** #12 {@code POST /v0/namespace/{ns}/state/{state_id}/errored}. */
  public ErroredResponse errored(String namespace, String stateId, ErroredRequest request) {
    throw pending();
  }

  /** #13 {@code POST /v0/namespace/{ns}/state/{state_id}/prune}. */
  public SignalResponse prune(String namespace, String stateId, PruneRequest request) {
    throw pending();
  }

  /** #14 {@code POST /v0/namespace/{ns}/state/{state_id}/re-enqueue-after}. */
  public SignalResponse reEnqueueAfter(String namespace, String stateId, ReEnqueueRequest request) {
    throw pending();
  }

  /** #15 {@code POST /v0/namespace/{ns}/state/{state_id}/manual-retry}. */
  public ManualRetryResponse manualRetry(String namespace, String stateId, ManualRetryRequest request) {
    throw pending();
  }

  /** #16 {@code GET /v0/namespace/{ns}/runs/{page}/{size}}. */
  public RunsResponse runs(String namespace, int page, int size) {
    throw pending();
  }

  /** #17 {@code GET /v0/namespace/{ns}/states/run/{run_id}/graph}. */
  public GraphStructureResponse graphStructure(String namespace, String runId) {
    throw pending();
  }

  /** #18 {@code GET /v0/namespace/{ns}/graph/{graph_name}/run/{run_id}/node/{node_id}}. */
  public NodeRunDetailsResponse nodeRunDetails(String namespace, String graphName, String runId, String nodeId) {
    throw pending();
  }

  // ---- embedded-only extensions --------------------------------------------------------------

  /**
   * Why a run cannot finish on its own (embedded-only; not a state-manager endpoint).
   *
   * @throws ApiException 404 when the run does not exist in the namespace
   */
  public RunDiagnosticsResponse runDiagnostics(String namespace, String runId) {
    throw pending();
  }

  /**
   * Fires due cron triggers once (contract §4.9). The real server does this every minute at second 0;
   * the embedded server schedules it the same way, tests call it after moving the clock.
   *
   * @return how many runs were triggered successfully
   */
  public int tickCron() {
    throw pending();
  }

  /**
   * Waits until no background work (next-state creation, verification) is queued or running.
   *
   * @return true when idle, false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    throw pending();
  }

  /** Stops the background executor (work already queued is finished first). */
  @Override
  public void close() {}

  private static ApiException pending() {
    return ApiException.internalError("engine: this endpoint lands shortly");
  }

  /** Configures a {@link LocalEngine}. */
  public static final class Builder {
    private Clock clock = Clock.systemDefaultZone();
    private String encryptionKey;
    private ExecutorService executor;

    private Builder() {}

    /** The clock for every timestamp, delay and cron decision (default: the system clock, local zone). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The secrets encryption key: URL-safe base64 of 32 bytes, like {@code SECRETS_ENCRYPTION_KEY}
     * (contract §4.10). Default: a random key per engine. A bad key fails lazily, like the server.
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

    public LocalEngine build() {
      return new LocalEngine(this);
    }
  }
}
