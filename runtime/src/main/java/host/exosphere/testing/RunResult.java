package host.exosphere.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A finished run: every state it created, in the order the state manager lists them, with helpers to
 * look them up by node identifier.
 *
 * @param runId the run
 * @param graphName its graph
 * @param status {@code SUCCESS} or {@code FAILED}, computed like the state manager's runs listing
 *     (docs/state-manager.md §1.2.16): FAILED when any state is ERRORED or NEXT_CREATED_ERROR
 * @param states all states of the run
 * @param diagnostics what the state manager says will never happen in this run although the graph asks
 *     for it, e.g. a unite that can never fire (docs/state-manager.md §4.5); only the embedded state manager says
 *     this, so it is empty for other servers
 */
public record RunResult(
    String runId, String graphName, String status, List<StateResult> states, List<String> diagnostics) {
  public RunResult {
    Objects.requireNonNull(runId, "runId");
    states = List.copyOf(states);
    diagnostics = List.copyOf(diagnostics);
  }

  /** Whether the run ended without an errored state (pruned branches count as success, as on the server). */
  public boolean succeeded() {
    return "SUCCESS".equals(status);
  }

  /** The states of one node identifier (several with fan-out or retries), in listing order. */
  public List<StateResult> states(String identifier) {
    return states.stream().filter(s -> s.identifier().equals(identifier)).toList();
  }

  /** The statuses of one identifier's states. */
  public List<String> statuses(String identifier) {
    return states(identifier).stream().map(StateResult::status).toList();
  }

  /** The outputs of one identifier's states that executed successfully (status SUCCESS). */
  public List<Map<String, Object>> outputs(String identifier) {
    return states(identifier).stream().filter(s -> s.status().equals("SUCCESS")).map(StateResult::outputs).toList();
  }

  /** The values of one output field over one identifier's successful states. */
  public List<String> outputs(String identifier, String field) {
    return states(identifier).stream().filter(s -> s.status().equals("SUCCESS")).map(s -> s.output(field)).toList();
  }

  /** The error texts of one identifier's states that have one (errored ones and retried ones). */
  public List<String> errors(String identifier) {
    return states(identifier).stream().map(StateResult::error).filter(Objects::nonNull).toList();
  }

  /** How many states ended in each status. */
  public Map<String, Long> statusCounts() {
    return states.stream().collect(Collectors.groupingBy(StateResult::status, java.util.TreeMap::new,
        Collectors.counting()));
  }

  /** How many states of one identifier ended in each status. */
  public Map<String, Long> statusCounts(String identifier) {
    return states(identifier).stream().collect(Collectors.groupingBy(StateResult::status, java.util.TreeMap::new,
        Collectors.counting()));
  }

  /** The identifiers that have states, each once, in listing order. */
  public List<String> identifiers() {
    return states.stream().map(StateResult::identifier).distinct().toList();
  }

  @Override
  public String toString() {
    return "RunResult[" + runId + " of " + graphName + ": " + status + ", " + statusCounts() + ", states "
        + states.stream().map(s -> s.identifier() + "=" + s.status()).collect(Collectors.joining(", "))
        + (diagnostics.isEmpty() ? "" : ", diagnostics " + diagnostics) + "]";
  }
}
