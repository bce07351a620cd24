package host.exosphere.local.engine;

import host.exosphere.graph.NodeTemplate;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The engine's records and their indexes, and the only code that changes a state's status: the
 * in-memory counterpart of the real server's Mongo collections and unique indexes (docs/state-manager.md §4.1).
 *
 * <p>Every read and write happens inside {@link #write(Supplier)} or {@link #read(Supplier)}, under one
 * lock: the real server's atomic Mongo operations become critical sections, so concurrent requests see
 * the same outcomes, including the atomic claim of {@code enqueue}. When the store is durable, what a
 * write changed is committed to the {@link Journal} before the write returns, so nothing a client was
 * told has happened is lost when the process dies.
 */
final class EngineStore {
  private final Clock clock;
  private final Journal journal;
  /** What the current write changed, collected only for a durable journal. */
  private final Changes changes;
  private int depth;

  long seq;
  final Map<List<String>, NodeRec> nodes = new LinkedHashMap<>();
  final Map<List<String>, GraphRec> graphs = new LinkedHashMap<>();
  private RunRetention retention = new RunRetention(RunRetention.DEFAULT_KEEP);
  final Map<String, RunRec> runs = new HashMap<>();
  final Map<String, List<RunRec>> runsByNamespace = new HashMap<>();
  final Map<String, StateRec> states = new HashMap<>();
  /** CREATED states by namespace and node name, earliest due first: what enqueue claims from. */
  private final CreatedQueues created = new CreatedQueues();
  /** The server's unique indexes of retries and unite states (docs/state-manager.md §4.1). */
  final UniqueKeys uniqueKeys = new UniqueKeys();
  final List<CronRow> cronRows = new ArrayList<>();
  private final Set<String> cronKeys = new HashSet<>();

  EngineStore(Clock clock, Journal journal) {
    this.clock = clock;
    this.journal = journal;
    this.changes = journal.durable() ? new Changes() : null;
  }

  // ---- transactions -----------------------------------------------------------------------

  /**
   * Runs {@code work} under the lock. The outermost write commits what it changed, even when it throws,
   * and returns only once that is on disk; the wait for the disk is outside the lock, so other requests
   * go on meanwhile and share the next file write.
   */
  <T> T write(Supplier<T> work) {
    boolean outermost = !Thread.holdsLock(this);
    try {
      synchronized (this) {
        depth++;
        try {
          return work.get();
        } finally {
          if (--depth == 0 && changes != null && !changes.isEmpty()) {
            journal.commit(changes);
            changes.clear();
          }
        }
      }
    } finally {
      if (outermost && changes != null) {
        journal.sync();
      }
    }
  }

  void write(Runnable work) {
    write(() -> {
      work.run();
      return null;
    });
  }

  <T> T read(Supplier<T> work) {
    synchronized (this) {
      return work.get();
    }
  }

  Journal journal() {
    return journal;
  }

  // ---- change tracking (a no-op in memory) ------------------------------------------------

  void touch(StateRec s) {
    if (changes != null) {
      changes.states.add(s);
    }
  }

  void touch(GraphRec g) {
    if (changes != null) {
      changes.graphs.add(g);
    }
  }

  void touch(NodeRec n) {
    if (changes != null) {
      changes.nodes.add(n);
    }
  }

  private void touch(RunRec r) {
    if (changes != null) {
      changes.runs.add(r);
    }
  }

  void touch(CronRow row) {
    if (changes != null) {
      changes.cronRows.add(row);
    }
  }

  // ---- time and ids -----------------------------------------------------------------------

  Clock clock() {
    return clock;
  }

  LocalDateTime now() {
    return Timestamps.now(clock);
  }

  long nowMillis() {
    return clock.millis();
  }

  String newObjectId() {
    return Ids.objectId(clock.millis() / 1000);
  }

  // ---- nodes and graphs -------------------------------------------------------------------

  Optional<NodeRec> registeredNode(String name, String namespace) {
    return Optional.ofNullable(nodes.get(List.of(name, namespace)));
  }

  boolean isRegistered(String nodeName, String namespace) {
    return nodes.containsKey(List.of(nodeName, namespace));
  }

  NodeRec node(String name, String namespace, LocalDateTime now) {
    NodeRec node = nodes.computeIfAbsent(List.of(name, namespace), k -> new NodeRec(newObjectId(), name, namespace, now));
    touch(node);
    return node;
  }

  GraphRec graph(String namespace, String name) {
    return graphs.get(List.of(namespace, name));
  }

  // ---- runs and states --------------------------------------------------------------------

  RunRec addRun(RunRec run) {
    // Swept before the new run joins: having no states yet, it would count as finished and could be dropped.
    sweepFinishedRuns(runs.size() + 1);
    runs.put(run.runId, run);
    runsByNamespace.computeIfAbsent(run.namespace, k -> new ArrayList<>()).add(run);
    touch(run);
    return run;
  }

  /** How many finished runs are kept, in memory and in the data directory alike. */
  void retainFinishedRuns(int keep) {
    retention = new RunRetention(keep);
  }

  /**
   * Drops the oldest finished runs beyond the retention, with everything that refers to them, when
   * {@code runCount} runs call for it. Under lock. A durable store drops them from disk too: the disk is
   * only read back on load, so a run kept there alone would come back after a restart and go again at
   * the next sweep, and the file would grow without bound.
   */
  void sweepFinishedRuns(int runCount) {
    if (!retention.due(runCount)) {
      return;
    }
    List<RunRec> victims = retention.victims(runs.values());
    if (victims.isEmpty()) {
      return;
    }
    Set<String> ids = new HashSet<>();
    for (RunRec run : victims) {
      ids.add(run.runId);
      runs.remove(run.runId);
      for (StateRec state : run.states) {
        states.remove(state.id);
      }
      if (changes != null) {
        changes.drop(run);
      }
    }
    runsByNamespace.values().forEach(list -> list.removeIf(run -> ids.contains(run.runId)));
    uniqueKeys.dropRuns(ids, key -> {
      if (changes != null) {
        changes.dropRetryKey(key);
      }
    });
  }

  StateRec state(String id) {
    return states.get(id);
  }

  /**
   * The state for executed/errored/prune/re-enqueue/manual-retry: a malformed id makes
   * {@code PydanticObjectId(state_id)} raise → 500 (§1.1); no namespace check here (§1.1).
   */
  StateRec stateForUpdate(String stateId) {
    if (!Ids.isObjectId(stateId)) {
      throw ApiException.internalError("invalid ObjectId for state_id");
    }
    StateRec state = states.get(stateId.toLowerCase(Locale.ROOT));
    if (state == null) {
      throw new ApiException(404, "State not found");
    }
    touch(state);
    return state;
  }

  /** Inserts a unite state unless its fingerprint exists (a duplicate is swallowed, §4.5 step 3). */
  boolean insertUniteState(RunRec run, NodeTemplate node, String graphName,
      Map<String, Object> inputs, LinkedHashMap<String, String> parents) {
    if (uniqueKeys.hasUnite(node.nodeName(), node.namespace(), node.identifier(), graphName, run.runId, 0, parents,
        "")) {
      return false;
    }
    insertState(run, node.nodeName(), node.namespace(), node.identifier(), graphName, inputs, parents, true, 0, null,
        "", Status.CREATED, clock.millis(), now());
    return true;
  }

  StateRec insertState(RunRec run, String nodeName, String namespace, String identifier, String graphName,
      Map<String, Object> inputs, LinkedHashMap<String, String> parents, boolean doesUnites, int retryCount,
      String fanoutId, String manualRetryFanoutId, Status status, long enqueueAfter, LocalDateTime now) {
    String id = newObjectId();
    StateRec s = new StateRec(id, ++seq, run, nodeName, namespace, identifier, graphName, inputs, parents,
        ancestorsOf(parents), doesUnites, retryCount, fanoutId != null ? fanoutId : Ids.uuid4(), manualRetryFanoutId, now);
    s.status = status;
    s.enqueueAfter = enqueueAfter;
    s.changedSeq = s.seq;
    index(s);
    touch(s);
    return s;
  }

  /** The stored states of these parent ids (null where a parent is unknown), in order. */
  StateRec[] ancestorsOf(Map<String, String> parents) {
    StateRec[] ancestors = new StateRec[parents.size()];
    int i = 0;
    for (String parentId : parents.values()) {
      ancestors[i++] = states.get(parentId);
    }
    return ancestors;
  }

  /** Puts a state, new or loaded, into every index and its ancestors' counters. */
  void index(StateRec s) {
    states.put(s.id, s);
    s.run.states.add(s);
    s.run.countByStatus[s.status.ordinal()]++;
    for (StateRec a : s.ancestors) {
      if (a != null) {
        a.addDescendant(s);
        if (!a.namespace.equals(s.namespace) || !a.graphName.equals(s.graphName)) {
          a.foreignDescendants = true;
        }
        adjustDescendantCounts(a, null, s.status);
      }
    }
    if (s.doesUnites) {
      uniqueKeys.addUnite(s);
    }
    if (s.status == Status.CREATED) {
      created.add(s);
    }
  }

  void setStatus(StateRec s, Status to) {
    Status from = s.status;
    if (from == to) {
      return;
    }
    touch(s);
    if (from == Status.CREATED) {
      created.remove(s);
    }
    s.status = to;
    s.changedSeq = ++seq;
    s.run.countByStatus[from.ordinal()]--;
    s.run.countByStatus[to.ordinal()]++;
    for (StateRec a : s.ancestors) {
      if (a != null) {
        adjustDescendantCounts(a, from, to);
      }
    }
    if (to == Status.CREATED) {
      created.add(s);
    }
  }

  /** Moves a state to CREATED due at {@code due} (or only changes when it is due, if it is CREATED). */
  void requeue(StateRec s, long due) {
    touch(s);
    if (s.status == Status.CREATED) {
      created.remove(s);
      s.enqueueAfter = due;
      created.add(s);
    } else {
      s.enqueueAfter = due;
      setStatus(s, Status.CREATED);
    }
  }

  /** Claims up to {@code batchSize} due CREATED states of these nodes, earliest due first (§1.2.9). */
  List<StateRec> claim(String namespace, List<String> nodeNames, int batchSize) {
    List<StateRec> claimed = new ArrayList<>();
    long nowMs = clock.millis();
    while (claimed.size() < batchSize) {
      StateRec next = created.nextDue(namespace, nodeNames, nowMs);
      if (next == null) {
        break;
      }
      setStatus(next, Status.QUEUED);
      claimed.add(next);
    }
    return claimed;
  }

  /** The earliest {@code enqueue_after} of the CREATED states of these nodes, or Long.MAX_VALUE. Under lock. */
  long earliestDue(String namespace, List<String> nodeNames) {
    return created.earliestDue(namespace, nodeNames);
  }

  StateArrivals arrivals() {
    return created.arrivals();
  }

  private static void adjustDescendantCounts(StateRec ancestor, Status from, Status to) {
    if (from != null) {
      ancestor.descendantsBlockingAllSuccess -= from.blocksAllSuccess() ? 1 : 0;
      ancestor.descendantsPending -= from.pending() ? 1 : 0;
    }
    ancestor.descendantsBlockingAllSuccess += to.blocksAllSuccess() ? 1 : 0;
    ancestor.descendantsPending += to.pending() ? 1 : 0;
  }

  // ---- unique keys ------------------------------------------------------------------------

  /** Adds a retry's unique key; false when a retry with that key exists. */
  boolean addRetryKey(StateRec of, int retryCount, String fanoutId) {
    String key = UniqueKeys.retryKey(of, retryCount, fanoutId);
    boolean added = uniqueKeys.addRetryKey(key);
    if (added && changes != null) {
      changes.retryKeys.add(key);
    }
    return added;
  }

  boolean hasRetryKey(StateRec of, int retryCount, String fanoutId) {
    return uniqueKeys.hasRetryKey(UniqueKeys.retryKey(of, retryCount, fanoutId));
  }

  boolean hasUniteFingerprint(StateRec of, int retryCount, Map<String, String> parents, String manualRetryFanoutId) {
    return uniqueKeys.hasUnite(of.nodeName, of.namespace, of.identifier, of.graphName, of.run.runId, retryCount,
        parents, manualRetryFanoutId);
  }

  // ---- cron rows --------------------------------------------------------------------------

  void addCronRow(CronRow row) {
    if (cronKeys.add(row.key())) {
      cronRows.add(row);
      touch(row);
    }
  }

  void removeCronRows(Predicate<CronRow> which) {
    cronRows.removeIf(row -> {
      boolean remove = which.test(row);
      if (remove) {
        cronKeys.remove(row.key());
        if (changes != null) {
          changes.cronRows.remove(row);
          changes.removedCronKeys.add(row.key());
        }
      }
      return remove;
    });
  }
}
