package host.exosphere.client;

import host.exosphere.graph.CronTrigger;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import java.util.List;
import java.util.Objects;

/**
 * A graph template as the state manager reports it ({@code GET …/graph/{name}} or one entry of
 * {@code GET …/graphs/}). Secret values never leave the server in readable form, so only their names
 * are kept.
 *
 * <p>The single-graph {@code GET} never reports the stored retry policy, store configuration or triggers:
 * it always answers the server's defaults (docs/state-manager.md §1.2.6). {@link StateManager#listGraphs()} is the only
 * call that returns the real ones; {@link StateManager#getGraph(String)} reports the defaults it was sent.
 *
 * @param name the graph's name
 * @param namespace its namespace
 * @param nodes the node templates as stored (trimmed by the server)
 * @param secretNames names of the stored secrets
 * @param validationStatus {@code PENDING}, {@code VALID} or {@code INVALID}
 * @param validationErrors the verification's errors (empty unless INVALID)
 * @param retryPolicy the retry policy the server reported
 * @param storeConfig the store configuration the server reported
 * @param triggers the cron triggers the server reported
 * @param createdAt creation time, as the server wrote it (a local time without offset)
 * @param updatedAt last update time, as the server wrote it
 */
public record GraphInfo(
    String name,
    String namespace,
    List<NodeTemplate> nodes,
    List<String> secretNames,
    String validationStatus,
    List<String> validationErrors,
    RetryPolicy retryPolicy,
    StoreConfig storeConfig,
    List<CronTrigger> triggers,
    String createdAt,
    String updatedAt) {

  public GraphInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    nodes = List.copyOf(nodes);
    secretNames = List.copyOf(secretNames);
    Objects.requireNonNull(validationStatus, "validationStatus");
    validationErrors = List.copyOf(validationErrors);
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(storeConfig, "storeConfig");
    triggers = List.copyOf(triggers);
  }

  /** The validation part alone. */
  public GraphStatus status() {
    return new GraphStatus(validationStatus, validationErrors);
  }

  /** Whether background verification has not finished yet. */
  public boolean isPending() {
    return "PENDING".equals(validationStatus) || "ONGOING".equals(validationStatus);
  }
}
