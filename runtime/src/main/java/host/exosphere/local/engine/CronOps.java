package host.exosphere.local.engine;

import host.exosphere.graph.CronExpressions;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cron triggers (docs/state-manager.md §4.9): the rows a valid graph schedules, and the tick that fires due rows. */
final class CronOps {
  private static final Logger LOG = LoggerFactory.getLogger(CronOps.class);
  /** TRIGGER_RETENTION_HOURS, default 720 (docs/state-manager.md §4.9). */
  private static final long TRIGGER_RETENTION_HOURS = 720;

  /** Starts a run of a graph; the runs router's trigger, given once the engine is wired. */
  interface Trigger {
    void trigger(String namespace, String graphName, TriggerRequestBody request);
  }

  private final EngineStore store;
  private Trigger runs;

  CronOps(EngineStore store) {
    this.store = store;
  }

  void triggerWith(Trigger runs) {
    this.runs = runs;
  }

  /** The first due row of each of a graph's expressions once it is VALID; called inside a store write. */
  void schedule(GraphRec graph, LocalDateTime now) {
    for (String expression : new LinkedHashSet<>(graph.triggers())) {
      CronExpressions.nextFireTime(expression, now)
          .ifPresent(t -> store.addCronRow(new CronRow(expression, graph.name, graph.namespace, t)));
    }
  }

  /** §1.2.5 step 4 QUIRK: the filter has no namespace. Called inside a store write. */
  void deletePendingRows(String graphName, List<String> oldExpressions) {
    store.removeCronRows(row -> row.status == CronRow.Status.PENDING && row.graphName.equals(graphName)
        && oldExpressions.contains(row.expression));
  }

  /**
   * Fires due rows once. Each row's claim, its run and its outcome are one store write, so a durable
   * store never holds a row claimed without an outcome: after a crash a row either fired with its run
   * or is still PENDING and fires on the next tick.
   *
   * @return how many runs were triggered successfully
   */
  int tick() {
    int fired = 0;
    while (true) {
      Boolean outcome = store.write(this::fireNextDueRow);
      if (outcome == null) {
        return fired;
      }
      fired += outcome ? 1 : 0;
    }
  }

  /** Null when no row is due, else whether the row's trigger succeeded. */
  private Boolean fireNextDueRow() {
    LocalDateTime now = store.now();
    store.removeCronRows(r -> r.expiresAt != null && !r.expiresAt.isAfter(now));
    CronRow row = null;
    for (CronRow candidate : store.cronRows) {
      if (candidate.status == CronRow.Status.PENDING && !candidate.triggerTime.isAfter(now)) {
        row = candidate;
        break;
      }
    }
    if (row == null) {
      return null;
    }
    store.touch(row);
    row.status = CronRow.Status.TRIGGERING;
    boolean ok;
    try {
      runs.trigger(row.namespace, row.graphName, TriggerRequestBody.empty());
      ok = true;
    } catch (RuntimeException e) {
      LOG.warn("cron trigger {} of graph {}/{} at {} failed: {}", row.expression, row.namespace, row.graphName,
          row.triggerTime, e.getMessage());
      ok = false;
    }
    row.status = ok ? CronRow.Status.TRIGGERED : CronRow.Status.FAILED;
    row.expiresAt = store.now().plusHours(TRIGGER_RETENTION_HOURS);
    LocalDateTime next = row.triggerTime;
    while (true) {
      Optional<LocalDateTime> following = CronExpressions.nextFireTime(row.expression, next);
      if (following.isEmpty()) {
        break;
      }
      next = following.get();
      store.addCronRow(new CronRow(row.expression, row.graphName, row.namespace, next));
      if (next.isAfter(now)) {
        break;
      }
    }
    return ok;
  }
}
