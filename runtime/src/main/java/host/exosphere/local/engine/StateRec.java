package host.exosphere.local.engine;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored state (docs/state-manager.md §4.1). Mutable, guarded by the engine lock; never leaves the engine.
 *
 * <p>Besides the document fields it keeps what makes the engine fast: direct references to its
 * ancestors, and per-state counters over its descendants (every state whose {@code parents} map holds this
 * state's id), so that a unite's readiness (docs/state-manager.md §4.5) is a constant-time question rather than a
 * scan of the run.
 */
final class StateRec {
  final String id;
  final long seq;
  final RunRec run;
  final String nodeName;
  final String namespace;
  final String identifier;
  final String graphName;
  final Map<String, Object> inputs;
  /** identifier → state id, oldest first, the direct parent last. */
  final LinkedHashMap<String, String> parents;
  final StateRec[] ancestors;
  final boolean doesUnites;
  final int retryCount;
  /** The uniqueness key's fanout part: the caller's fanout id, or a per-state token that equals nothing else. */
  final String fanoutId;
  final String manualRetryFanoutId;
  final LocalDateTime createdAt;

  Status status;
  Map<String, Object> outputs = Map.of();
  Map<String, Object> data = Map.of();
  String error;
  long enqueueAfter;
  LocalDateTime updatedAt;
  /** Engine-wide sequence number of the last status change (to tell which descendant finished last). */
  long changedSeq;
  /** True while a create-next-states task for this state is queued or running. */
  boolean childrenPending;

  // Descendant bookkeeping.
  List<StateRec> descendants;
  int descendantsBlockingAllSuccess;
  int descendantsPending;
  /** True when a descendant lives in another namespace or graph, where the counters do not apply. */
  boolean foreignDescendants;

  StateRec(String id, long seq, RunRec run, String nodeName, String namespace, String identifier, String graphName,
      Map<String, Object> inputs, LinkedHashMap<String, String> parents, StateRec[] ancestors, boolean doesUnites,
      int retryCount, String fanoutId, String manualRetryFanoutId, LocalDateTime createdAt) {
    this.id = id;
    this.seq = seq;
    this.run = run;
    this.nodeName = nodeName;
    this.namespace = namespace;
    this.identifier = identifier;
    this.graphName = graphName;
    this.inputs = inputs;
    this.parents = parents;
    this.ancestors = ancestors;
    this.doesUnites = doesUnites;
    this.retryCount = retryCount;
    this.fanoutId = fanoutId;
    this.manualRetryFanoutId = manualRetryFanoutId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  /** The direct parent's state id (the last entry of {@code parents}), or null for a root. */
  String directParentId() {
    String last = null;
    for (String value : parents.values()) {
      last = value;
    }
    return last;
  }

  void addDescendant(StateRec d) {
    if (descendants == null) {
      descendants = new ArrayList<>(2);
    }
    descendants.add(d);
  }

  List<StateRec> descendants() {
    return descendants == null ? List.of() : descendants;
  }

  /** A copy of {@code parents} with {@code identifier → id} put last, as Python's {@code {**p, k: v}}. */
  LinkedHashMap<String, String> parentsForChild() {
    LinkedHashMap<String, String> child = new LinkedHashMap<>(parents);
    child.put(identifier, id);
    return child;
  }
}
