package host.exosphere.local.engine;

import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.local.engine.EngineResponses.StuckReason;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what the real state manager leaves silently unfinished (docs/state-manager.md §4.1, §4.5, §7 items 7, 8, 12),
 * so that a test fails with a reason instead of waiting forever. It only reports; it changes nothing.
 */
final class HangDetector {
  /** Whether a runtime registered this node: {@code (nodeName, namespace)}. */
  interface Registry {
    boolean has(String nodeName, String namespace);
  }

  private static final Logger LOG = LoggerFactory.getLogger(HangDetector.class);

  private HangDetector() {}

  /** The reasons a run cannot finish, each logged at WARN the first time it is found. Inside a store read. */
  static List<StuckReason> findAndLog(EngineStore store, RunRec run) {
    List<StuckReason> reasons = reasons(run, store.graph(run.namespace, run.graphName), store::isRegistered,
        store.nowMillis());
    for (StuckReason reason : reasons) {
      if (run.reported.add(reason.kind() + '\u0000' + reason.stateId() + '\u0000' + reason.identifier())) {
        LOG.warn("run {} of graph {}/{} cannot finish: {}", run.runId, run.namespace, run.graphName, reason.reason());
      }
    }
    return reasons;
  }

  /** When a run has nothing pending any more, logs what will never happen (§4.5 hazards). */
  static void logIfFinished(EngineStore store, RunRec run) {
    if (run.pendingCount() == 0) {
      findAndLog(store, run);
    }
  }

  static List<StuckReason> reasons(RunRec run, GraphRec graph, Registry registry, long nowMs) {
    List<StuckReason> out = new ArrayList<>();
    for (StateRec s : run.states) {
      switch (s.status) {
        case QUEUED -> out.add(new StuckReason("QUEUED_NO_REPORT", s.id, s.identifier,
            "state " + s.id + " (" + s.identifier + ", node " + s.nodeName + ") was claimed by a runtime and not yet"
                + " reported executed, errored or pruned; the state manager has no lease, so it stays QUEUED forever"
                + " if that runtime stopped (docs/state-manager.md §1.2.9)"));
        case EXECUTED -> {
          if (!s.childrenPending) {
            out.add(new StuckReason("EXECUTED_NO_CHILDREN", s.id, s.identifier,
                "state " + s.id + " (" + s.identifier + ") is EXECUTED but nothing is creating its next states; it"
                    + " stays EXECUTED forever (docs/state-manager.md §4.1)"));
          }
        }
        case CREATED -> {
          if (!registry.has(s.nodeName, s.namespace)) {
            out.add(new StuckReason("CREATED_NO_RUNTIME", s.id, s.identifier,
                "state " + s.id + " (" + s.identifier + ") waits for node " + s.nodeName + " in namespace "
                    + s.namespace + ", which no runtime has registered; nothing will enqueue it"));
          }
        }
        default -> { }
      }
    }
    if (graph != null) {
      for (NodeTemplate unite : graph.nodes()) {
        if (unite.unites() != null) {
          uniteReasons(run, unite, out);
        }
      }
    }
    return out;
  }

  /** One unite state per finished T state is due; report those that will never be created (§4.5). */
  private static void uniteReasons(RunRec run, NodeTemplate unite, List<StuckReason> out) {
    String target = unite.unites().identifier();
    boolean allSuccess = unite.unites().strategy() != UnitesStrategy.ALL_DONE;
    for (StateRec t : run.states) {
      if (!t.identifier.equals(target) || t.status != Status.SUCCESS || t.descendantsPending > 0) {
        continue;
      }
      boolean fired = false;
      StateRec blocker = null;
      StateRec last = null;
      for (StateRec d : t.descendants()) {
        if (d.identifier.equals(unite.identifier()) && t.id.equals(d.parents.get(target))) {
          fired = true;
          break;
        }
        if (blocker == null && d.status.blocksAllSuccess()) {
          blocker = d;
        }
        if (last == null || d.changedSeq > last.changedSeq) {
          last = d;
        }
      }
      if (fired || last == null) {
        continue;
      }
      String reason;
      if (allSuccess && blocker != null) {
        reason = "unite " + unite.identifier() + " (ALL_SUCCESS) waits for every descendant of " + target + " state "
            + t.id + " to succeed, but " + blocker.identifier + " state " + blocker.id + " ended "
            + blocker.status + "; the join never fires and the run never runs " + unite.identifier()
            + " (docs/state-manager.md §4.5)";
      } else {
        reason = "every descendant of " + target + " state " + t.id + " is done, but unite " + unite.identifier()
            + " is only re-checked when one of its direct predecessors succeeds, and the last state to finish was "
            + last.identifier + " (" + last.status + "); nothing will check the join again, so "
            + unite.identifier() + " never runs (docs/state-manager.md §4.5)";
      }
      out.add(new StuckReason("UNITE_NEVER_FIRES", t.id, unite.identifier(), reason));
    }
  }
}
