package host.exosphere.local.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code enqueue} claims from: the CREATED states by namespace and node name, earliest due first
 * (the real server's query over its states collection, docs/state-manager.md §1.2.9), and the signal that
 * wakes {@code states/await} callers whenever a state joins a queue. Kept by {@link EngineStore}, which
 * adds and removes a state here whenever its status moves to or from CREATED; guarded by the store lock.
 */
final class CreatedQueues {
  static final Comparator<StateRec> BY_DUE_THEN_AGE =
      Comparator.<StateRec>comparingLong(s -> s.enqueueAfter).thenComparingLong(s -> s.seq);

  private final Map<String, Map<String, TreeSet<StateRec>>> byNamespace = new HashMap<>();
  /** Told, under the store lock, of every state that becomes CREATED: the embedded-only {@code states/await}. */
  private final StateArrivals arrivals = new StateArrivals();

  void add(StateRec s) {
    byNamespace.computeIfAbsent(s.namespace, k -> new HashMap<>())
        .computeIfAbsent(s.nodeName, k -> new TreeSet<>(BY_DUE_THEN_AGE)).add(s);
    // Every way a state becomes CREATED (trigger, next state, retry, re-enqueue, manual retry) passes here.
    arrivals.arrived();
  }

  void remove(StateRec s) {
    Map<String, TreeSet<StateRec>> byNode = byNamespace.get(s.namespace);
    if (byNode != null) {
      TreeSet<StateRec> queue = byNode.get(s.nodeName);
      if (queue != null) {
        queue.remove(s);
      }
    }
  }

  /**
   * The due state of these nodes that the server would hand out first, or null. It stays in its queue
   * until the caller moves it out of CREATED.
   */
  StateRec nextDue(String namespace, List<String> nodeNames, long nowMs) {
    StateRec next = null;
    for (TreeSet<StateRec> queue : queues(namespace, nodeNames)) {
      StateRec head = queue.first();
      if (head.enqueueAfter <= nowMs && (next == null || BY_DUE_THEN_AGE.compare(head, next) < 0)) {
        next = head;
      }
    }
    return next;
  }

  /** The earliest {@code enqueue_after} of the CREATED states of these nodes, or Long.MAX_VALUE. */
  long earliestDue(String namespace, List<String> nodeNames) {
    long earliest = Long.MAX_VALUE;
    for (TreeSet<StateRec> queue : queues(namespace, nodeNames)) {
      earliest = Math.min(earliest, queue.first().enqueueAfter);
    }
    return earliest;
  }

  StateArrivals arrivals() {
    return arrivals;
  }

  /** The non-empty queues of these nodes, each once. */
  private List<TreeSet<StateRec>> queues(String namespace, List<String> nodeNames) {
    List<TreeSet<StateRec>> queues = new ArrayList<>();
    Map<String, TreeSet<StateRec>> byNode = byNamespace.get(namespace);
    if (byNode == null) {
      return queues;
    }
    for (String name : new LinkedHashSet<>(nodeNames)) {
      TreeSet<StateRec> queue = byNode.get(name);
      if (queue != null && !queue.isEmpty()) {
        queues.add(queue);
      }
    }
    return queues;
  }
}
