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

  boolean isEmpty() {
    return states.isEmpty() && runs.isEmpty() && graphs.isEmpty() && nodes.isEmpty() && cronRows.isEmpty()
        && removedCronKeys.isEmpty() && retryKeys.isEmpty();
  }

  void clear() {
    states.clear();
    runs.clear();
    graphs.clear();
    nodes.clear();
    cronRows.clear();
    removedCronKeys.clear();
    retryKeys.clear();
  }
}
