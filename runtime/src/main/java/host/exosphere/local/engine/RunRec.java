package host.exosphere.local.engine;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One run with its store rows and live state counts. Guarded by the engine lock. */
final class RunRec {
  final String runId;
  final long seq;
  final String namespace;
  final String graphName;
  final LocalDateTime createdAt;
  /** The trigger's store: one immutable row per entry (docs/state-manager.md §4.8). */
  final Map<String, String> store;
  final List<StateRec> states = new ArrayList<>(1);
  final int[] countByStatus = new int[Status.all().length];
  /** Hang reasons already logged, so each is logged once. */
  final Set<String> reported = new LinkedHashSet<>();

  RunRec(String runId, long seq, String namespace, String graphName, LocalDateTime createdAt, Map<String, String> store) {
    this.runId = runId;
    this.seq = seq;
    this.namespace = namespace;
    this.graphName = graphName;
    this.createdAt = createdAt;
    this.store = store;
  }

  int count(Status status) {
    return countByStatus[status.ordinal()];
  }

  int pendingCount() {
    return count(Status.CREATED) + count(Status.QUEUED) + count(Status.EXECUTED);
  }
}
