package host.exosphere.local.engine;

import java.util.LinkedHashSet;
import java.util.Set;

/** What one write changed; the journal writes exactly these records. */
final class Changes {
  final Set<StateRec> states = new LinkedHashSet<>();
  final Set<RunRec> runs = new LinkedHashSet<>();
  final Set<GraphRec> graphs = new LinkedHashSet<>();
  final Set<NodeRec> nodes = new LinkedHashSet<>();
  final Set<CronRow> cronRows = new LinkedHashSet<>();
  final Set<String> removedCronKeys = new LinkedHashSet<>();
  final Set<String> retryKeys = new LinkedHashSet<>();
  /** Runs dropped by the retention, with their states and retry keys: removed from disk. */
  final Set<String> droppedRunIds = new LinkedHashSet<>();
  final Set<String> droppedStateIds = new LinkedHashSet<>();
  final Set<String> droppedRetryKeys = new LinkedHashSet<>();

  /** A dropped run and its states: deleted, and no longer written should this write have touched them. */
  void drop(RunRec run) {
    runs.remove(run);
    droppedRunIds.add(run.runId);
    for (StateRec state : run.states) {
      states.remove(state);
      droppedStateIds.add(state.id);
    }
  }

  void dropRetryKey(String key) {
    retryKeys.remove(key);
    droppedRetryKeys.add(key);
  }

  boolean isEmpty() {
    return states.isEmpty() && runs.isEmpty() && graphs.isEmpty() && nodes.isEmpty() && cronRows.isEmpty()
        && removedCronKeys.isEmpty() && retryKeys.isEmpty() && droppedRunIds.isEmpty() && droppedRetryKeys.isEmpty();
  }

  void clear() {
    states.clear();
    runs.clear();
    graphs.clear();
    nodes.clear();
    cronRows.clear();
    removedCronKeys.clear();
    retryKeys.clear();
    droppedRunIds.clear();
    droppedStateIds.clear();
    droppedRetryKeys.clear();
  }
}
