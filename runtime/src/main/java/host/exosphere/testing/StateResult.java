package host.exosphere.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state of a finished run, as the state manager describes it ({@code GET …/node/{state_id}}).
 *
 * @param stateId the state's id
 * @param nodeName the node it ran
 * @param identifier its node template's identifier in the graph
 * @param status its final status ({@code SUCCESS}, {@code PRUNED}, {@code ERRORED}, {@code RETRY_CREATED},
 *     {@code NEXT_CREATED_ERROR})
 * @param inputs the inputs it was given
 * @param outputs what it reported (empty unless executed); values are strings for Java nodes
 * @param error its error text, or {@code null}
 * @param parents ancestor identifier → state id
 */
public record StateResult(
    String stateId,
    String nodeName,
    String identifier,
    String status,
    Map<String, Object> inputs,
    Map<String, Object> outputs,
    String error,
    Map<String, String> parents) {

  public StateResult {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    parents = Collections.unmodifiableMap(new LinkedHashMap<>(parents));
  }

  /** One output field as text ({@code null} when absent). */
  public String output(String field) {
    Object value = outputs.get(field);
    return value == null ? null : value.toString();
  }
}
