package host.exosphere.local.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Response bodies of the state-manager endpoints (docs/state-manager.md §1.2). Each record serializes with a plain
 * Jackson {@code ObjectMapper} to the exact body of the real server: snake_case names, the contract's
 * key order, {@code null}s written out. Timestamps are naive local ISO-8601 strings (docs/state-manager.md §1.1).
 */
public final class EngineResponses {
  private EngineResponses() {}

  /** §1.2.2 {@code {"namespaces", "count"}}. */
  @JsonPropertyOrder({"namespaces", "count"})
  public record NamespacesResponse(List<String> namespaces, int count) {}

  /** §1.2.3 {@code {"runtime_name", "registered_nodes"}}. */
  @JsonPropertyOrder({"runtime_name", "registered_nodes"})
  public record RegisterNodesResponse(
      @JsonProperty("runtime_name") String runtimeName,
      @JsonProperty("registered_nodes") List<RegisteredNodeBody> registeredNodes) {}

  /** One echoed node of a registration. */
  @JsonPropertyOrder({"name", "inputs_schema", "outputs_schema", "secrets"})
  public record RegisteredNodeBody(
      String name,
      @JsonProperty("inputs_schema") JsonNode inputsSchema,
      @JsonProperty("outputs_schema") JsonNode outputsSchema,
      List<String> secrets) {}

  /** §1.2.4 {@code {"namespace", "count", "nodes"}}. */
  @JsonPropertyOrder({"namespace", "count", "nodes"})
  public record ListNodesResponse(String namespace, int count, List<RegisteredNodeDocument> nodes) {}

  /** A registered node as the raw stored document (§1.2.4). */
  @JsonPropertyOrder({"_id", "name", "namespace", "runtime_name", "runtime_namespace", "inputs_schema",
      "outputs_schema", "secrets", "created_at", "updated_at"})
  public record RegisteredNodeDocument(
      @JsonProperty("_id") String id,
      String name,
      String namespace,
      @JsonProperty("runtime_name") String runtimeName,
      @JsonProperty("runtime_namespace") String runtimeNamespace,
      @JsonProperty("inputs_schema") JsonNode inputsSchema,
      @JsonProperty("outputs_schema") JsonNode outputsSchema,
      List<String> secrets,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {}

  /** A node template as stored (trimmed). {@code next_nodes} is null when the request omitted it (§1.2.5). */
  @JsonPropertyOrder({"node_name", "namespace", "identifier", "inputs", "next_nodes", "unites"})
  public record NodeTemplateBody(
      @JsonProperty("node_name") String nodeName,
      String namespace,
      String identifier,
      Map<String, Object> inputs,
      @JsonProperty("next_nodes") List<String> nextNodes,
      UnitesBody unites) {}

  /** {@code {"identifier", "strategy"}}. */
  @JsonPropertyOrder({"identifier", "strategy"})
  public record UnitesBody(String identifier, String strategy) {}

  /** {@code retry_policy}; {@code max_delay} is null when not capped. */
  @JsonPropertyOrder({"max_retries", "strategy", "backoff_factor", "exponent", "max_delay"})
  public record RetryPolicyBody(
      @JsonProperty("max_retries") long maxRetries,
      String strategy,
      @JsonProperty("backoff_factor") long backoffFactor,
      long exponent,
      @JsonProperty("max_delay") Long maxDelay) {

    /** The server's default policy, shown by GET graph whatever was stored (§1.2.6 QUIRK). */
    public static final RetryPolicyBody DEFAULT = new RetryPolicyBody(3, "EXPONENTIAL", 2000, 2, null);
  }

  /** {@code store_config}. */
  @JsonPropertyOrder({"required_keys", "default_values"})
  public record StoreConfigBody(
      @JsonProperty("required_keys") List<String> requiredKeys,
      @JsonProperty("default_values") Map<String, String> defaultValues) {

    public static final StoreConfigBody EMPTY = new StoreConfigBody(List.of(), Map.of());
  }

  /** {@code {"type": "CRON", "value": {"expression": ...}}}. */
  @JsonPropertyOrder({"type", "value"})
  public record TriggerBody(String type, Map<String, String> value) {}

  /**
   * §1.2.5 (201) and §1.2.6 (200): the graph template without name and namespace, secrets as
   * {@code {name: true}}.
   */
  @JsonPropertyOrder({"nodes", "secrets", "retry_policy", "store_config", "triggers", "created_at",
      "updated_at", "validation_status", "validation_errors"})
  public record GraphTemplateResponse(
      List<NodeTemplateBody> nodes,
      Map<String, Boolean> secrets,
      @JsonProperty("retry_policy") RetryPolicyBody retryPolicy,
      @JsonProperty("store_config") StoreConfigBody storeConfig,
      List<TriggerBody> triggers,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt,
      @JsonProperty("validation_status") String validationStatus,
      @JsonProperty("validation_errors") List<String> validationErrors) {}

  /** §1.2.7 {@code {"namespace", "count", "templates"}}. */
  @JsonPropertyOrder({"namespace", "count", "templates"})
  public record ListGraphsResponse(String namespace, int count, List<GraphTemplateDocument> templates) {}

  /** A graph template as the raw stored document: secrets are the AES-GCM ciphertexts (§1.2.7). */
  @JsonPropertyOrder({"_id", "name", "namespace", "nodes", "validation_status", "validation_errors",
      "secrets", "triggers", "retry_policy", "store_config", "created_at", "updated_at"})
  public record GraphTemplateDocument(
      @JsonProperty("_id") String id,
      String name,
      String namespace,
      List<NodeTemplateBody> nodes,
      @JsonProperty("validation_status") String validationStatus,
      @JsonProperty("validation_errors") List<String> validationErrors,
      Map<String, String> secrets,
      List<TriggerBody> triggers,
      @JsonProperty("retry_policy") RetryPolicyBody retryPolicy,
      @JsonProperty("store_config") StoreConfigBody storeConfig,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {}

  /** §1.2.8 {@code {"status": "CREATED", "run_id"}}. */
  @JsonPropertyOrder({"status", "run_id"})
  public record TriggerResponse(String status, @JsonProperty("run_id") String runId) {}

  /** §1.2.9. */
  @JsonPropertyOrder({"count", "namespace", "status", "states"})
  public record EnqueueResponse(int count, String namespace, String status, List<EnqueuedStateBody> states) {}

  /** One claimed state. */
  @JsonPropertyOrder({"state_id", "node_name", "identifier", "inputs", "created_at"})
  public record EnqueuedStateBody(
      @JsonProperty("state_id") String stateId,
      @JsonProperty("node_name") String nodeName,
      String identifier,
      Map<String, Object> inputs,
      @JsonProperty("created_at") String createdAt) {}

  /** §1.2.10 {@code {"secrets": {name: plaintext}}}. */
  public record SecretsResponse(Map<String, String> secrets) {}

  /** §1.2.11 {@code {"status": "EXECUTED"}}. */
  public record ExecutedResponse(String status) {}

  /** §1.2.12: {@code status} is always the literal {@code ERRORED} (§4.6 QUIRK). */
  @JsonPropertyOrder({"status", "retry_created"})
  public record ErroredResponse(String status, @JsonProperty("retry_created") boolean retryCreated) {}

  /** §1.2.13 and §1.2.14: {@code {"enqueue_after": ms, "status"}}. */
  @JsonPropertyOrder({"enqueue_after", "status"})
  public record SignalResponse(@JsonProperty("enqueue_after") long enqueueAfter, String status) {}

  /** §1.2.15 {@code {"id", "status": "CREATED"}}. */
  @JsonPropertyOrder({"id", "status"})
  public record ManualRetryResponse(String id, String status) {}

  /** §1.2.16. */
  @JsonPropertyOrder({"namespace", "total", "page", "size", "runs"})
  public record RunsResponse(String namespace, long total, BigInteger page, BigInteger size, List<RunSummary> runs) {
    /** With small page and size, as tests and Java callers have them. */
    public RunsResponse(String namespace, long total, long page, long size, List<RunSummary> runs) {
      this(namespace, total, BigInteger.valueOf(page), BigInteger.valueOf(size), runs);
    }
  }

  /** One run with its state counts. */
  @JsonPropertyOrder({"run_id", "graph_name", "success_count", "pending_count", "errored_count",
      "retried_count", "total_count", "status", "created_at"})
  public record RunSummary(
      @JsonProperty("run_id") String runId,
      @JsonProperty("graph_name") String graphName,
      @JsonProperty("success_count") int successCount,
      @JsonProperty("pending_count") int pendingCount,
      @JsonProperty("errored_count") int erroredCount,
      @JsonProperty("retried_count") int retriedCount,
      @JsonProperty("total_count") int totalCount,
      String status,
      @JsonProperty("created_at") String createdAt) {}

  /** §1.2.17. */
  @JsonPropertyOrder({"root_states", "graph_name", "nodes", "edges", "node_count", "edge_count",
      "execution_summary"})
  public record GraphStructureResponse(
      @JsonProperty("root_states") List<GraphNodeBody> rootStates,
      @JsonProperty("graph_name") String graphName,
      List<GraphNodeBody> nodes,
      List<EdgeBody> edges,
      @JsonProperty("node_count") int nodeCount,
      @JsonProperty("edge_count") int edgeCount,
      @JsonProperty("execution_summary") Map<String, Integer> executionSummary) {}

  /** A state in the graph structure. */
  @JsonPropertyOrder({"id", "node_name", "identifier", "status", "error"})
  public record GraphNodeBody(
      String id, @JsonProperty("node_name") String nodeName, String identifier, String status, String error) {}

  /** An edge from a state's direct parent to the state. */
  @JsonPropertyOrder({"source", "target"})
  public record EdgeBody(String source, String target) {}

  /** §1.2.18. */
  @JsonPropertyOrder({"id", "node_name", "identifier", "graph_name", "run_id", "status", "inputs", "outputs",
      "error", "parents", "created_at", "updated_at"})
  public record NodeRunDetailsResponse(
      String id,
      @JsonProperty("node_name") String nodeName,
      String identifier,
      @JsonProperty("graph_name") String graphName,
      @JsonProperty("run_id") String runId,
      String status,
      Map<String, Object> inputs,
      Map<String, Object> outputs,
      String error,
      Map<String, String> parents,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {}

  /**
   * Embedded-only extension (not a state-manager endpoint): why a run cannot finish. The server may
   * expose it as {@code GET /v0/namespace/{ns}/runs/{run_id}/diagnostics}.
   */
  @JsonPropertyOrder({"run_id", "namespace", "graph_name", "finished", "stuck"})
  public record RunDiagnosticsResponse(
      @JsonProperty("run_id") String runId,
      String namespace,
      @JsonProperty("graph_name") String graphName,
      boolean finished,
      List<StuckReason> stuck) {}

  /**
   * One reason a run will never finish on its own.
   *
   * @param kind {@code UNITE_NEVER_FIRES}, {@code QUEUED_NO_RUNTIME}, {@code EXECUTED_NO_CHILDREN},
   *     {@code CREATED_NO_RUNTIME}
   * @param stateId the state concerned (for a unite, the state of its target)
   * @param identifier the node identifier concerned (for a unite, the unite node)
   * @param reason a sentence for a person
   */
  @JsonPropertyOrder({"kind", "state_id", "identifier", "reason"})
  public record StuckReason(String kind, @JsonProperty("state_id") String stateId, String identifier, String reason) {}
}
