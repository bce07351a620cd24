package host.exosphere.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state of a run in full ({@code GET …/graph/{graph}/run/{run_id}/node/{state_id}}, docs/state-manager.md §1.2.18).
 *
 * @param id the state id
 * @param nodeName the registered node it runs
 * @param identifier its node template's identifier
 * @param graphName the graph
 * @param runId the run
 * @param status its status
 * @param inputs its rendered inputs
 * @param outputs what it reported as executed (empty until then); values are plain JSON values
 * @param error its error text, or {@code null} when it has none
 * @param parents ancestor identifier → state id
 * @param createdAt creation time, as the server wrote it
 * @param updatedAt last update time, as the server wrote it
 */
public record NodeRunDetails(
    String id,
    String nodeName,
    String identifier,
    String graphName,
    String runId,
    String status,
    Map<String, Object> inputs,
    Map<String, Object> outputs,
    String error,
    Map<String, String> parents,
    String createdAt,
    String updatedAt) {

  public NodeRunDetails {
    // JSON values may be null, which Map.copyOf refuses.
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    parents = Collections.unmodifiableMap(new LinkedHashMap<>(parents));
  }
}
