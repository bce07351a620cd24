package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Already-parsed request bodies of the state-manager endpoints (docs/state-manager.md §1.2). The HTTP layer does the
 * FastAPI body validation (422) and hands these over; the engine only applies the controllers' rules.
 */
public final class EngineRequests {
  private EngineRequests() {}

  /** {@code PUT /nodes/}: {@code {"runtime_name", "nodes": [...]}} (§1.2.3). */
  public record RegisterNodesRequest(String runtimeName, List<NodeBody> nodes) {
    public RegisterNodesRequest {
      Objects.requireNonNull(runtimeName, "runtimeName");
      nodes = List.copyOf(nodes);
    }
  }

  /** One node of a registration: schemas are kept verbatim. */
  public record NodeBody(String name, ObjectNode inputsSchema, ObjectNode outputsSchema, List<String> secrets) {
    public NodeBody {
      Objects.requireNonNull(name, "name");
      inputsSchema = inputsSchema.deepCopy();
      outputsSchema = outputsSchema.deepCopy();
      secrets = List.copyOf(secrets);
    }
  }

  /** {@code POST /graph/{g}/trigger}: str-maps and {@code start_delay} ms ≥ 0 (§1.2.8). */
  public record TriggerRequestBody(Map<String, String> inputs, Map<String, String> store, long startDelay) {
    public TriggerRequestBody {
      inputs = Map.copyOf(inputs);
      store = Map.copyOf(store);
    }

    /** The body {@code {}}: what cron sends (§4.9). */
    public static TriggerRequestBody empty() {
      return new TriggerRequestBody(Map.of(), Map.of(), 0);
    }
  }

  /** {@code POST /states/enqueue} (§1.2.9). */
  public record EnqueueRequest(List<String> nodes, int batchSize) {
    public EnqueueRequest {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * {@code POST /state/{id}/executed} (§1.2.11). Output values are arbitrary JSON as Jackson reads it
   * into Java ({@code String}, {@code Number}, {@code Boolean}, {@code null}, {@code List}, {@code Map}).
   */
  public record ExecutedRequest(List<Map<String, Object>> outputs) {
    public ExecutedRequest {
      outputs = List.copyOf(outputs);
    }
  }

  /** {@code POST /state/{id}/errored} (§1.2.12). */
  public record ErroredRequest(String error) {
    public ErroredRequest {
      Objects.requireNonNull(error, "error");
    }
  }

  /** {@code POST /state/{id}/prune}: any JSON object (§1.2.13). */
  public record PruneRequest(Map<String, Object> data) {
    public PruneRequest {
      Objects.requireNonNull(data, "data");
    }
  }

  /** {@code POST /state/{id}/re-enqueue-after}: a delay in ms &gt; 0 (§1.2.14). */
  public record ReEnqueueRequest(long enqueueAfter) {}

  /** {@code POST /state/{id}/manual-retry} (§1.2.15). */
  public record ManualRetryRequest(String fanoutId) {
    public ManualRetryRequest {
      Objects.requireNonNull(fanoutId, "fanoutId");
    }
  }
}
