package host.exosphere.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers reports: first on the worker that produced it (no hand-off on the fast path), and while the
 * state manager is failing, from an outbox drained by one thread with capped exponential backoff.
 *
 * <p>Each state has at most one report owed at a time (its next execution can only start after the
 * server received this one), so per-state order is kept by construction. A 4xx answer is final: after
 * a retry it usually means an earlier attempt did land and only its answer was lost (e.g. 400 "State is
 * not queued"), so repeating it could never succeed (docs/state-manager.md §1.2.11–1.2.14). Unlike the Python
 * runtime (docs/state-manager.md §5.3), no delivery failure ever escapes into a worker.
 */
final class Reporter {
  private static final Logger log = LoggerFactory.getLogger(Reporter.class);

  private enum Outcome {
    DELIVERED,
    REFUSED,
    RETRY
  }

  private static final class Pending {
    final ClaimedState claimed;
    final Report report;
    int attempts;
    long dueNanos;

    Pending(ClaimedState claimed, Report report, int attempts, long dueNanos) {
      this.claimed = claimed;
      this.report = report;
      this.attempts = attempts;
      this.dueNanos = dueNanos;
    }
  }

  private final StateManagerPort port;
  private final Backoff backoff;
  private final Counters counters;
  private final Consumer<ClaimedState> onSettled;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** By state id, in the order the reports were first owed. Guarded by {@link #lock}. */
  private final Map<String, Pending> outbox = new LinkedHashMap<>();
  /** No attempt from the outbox before this time: one gate for all, because outages are server-wide. */
  private long gateNanos = System.nanoTime();
  private int consecutiveFailures;

  private volatile boolean healthy = true;
  private volatile boolean stopped;
  private Thread thread;

  Reporter(StateManagerPort port, Backoff backoff, Counters counters, Consumer<ClaimedState> onSettled) {
    this.port = port;
    this.backoff = backoff;
    this.counters = counters;
    this.onSettled = onSettled;
  }

  void start(Thread thread) {
    this.thread = thread;
    thread.start();
  }

  /** The body of the outbox thread. */
  void drainLoop() {
    lock.lock();
    try {
      while (!stopped) {
        Pending next = null;
        long wait = Long.MAX_VALUE;
        long now = System.nanoTime();
        for (Pending p : outbox.values()) {
          long due = Math.max(p.dueNanos, gateNanos);
          if (due - now <= 0) {
            next = p;
            break;
          }
          wait = Math.min(wait, due - now);
        }
        if (next == null) {
          if (wait == Long.MAX_VALUE) {
            changed.await();
          } else {
            changed.awaitNanos(wait);
          }
          continue;
        }
        Outcome outcome;
        lock.unlock();
        try {
          outcome = attempt(next.claimed, next.report, next.attempts);
        } finally {
          lock.lock();
        }
        if (outcome == Outcome.RETRY) {
          next.attempts++;
          consecutiveFailures++;
          long after = System.nanoTime();
          next.dueNanos = after + backoff.jitteredNanos(next.attempts);
          gateNanos = after + backoff.jitteredNanos(consecutiveFailures);
        } else {
          consecutiveFailures = 0;
          if (outbox.remove(next.claimed.id(), next)) {
            settle(next.claimed);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Delivers a report now if the server looks healthy, else leaves it in the outbox. */
  void submit(ClaimedState claimed, Report report) {
    int attempts = 0;
    if (healthy && !stopped) {
      if (attempt(claimed, report, 0) != Outcome.RETRY) {
        settle(claimed);
        return;
      }
      attempts = 1;
    }
    boolean superseded;
    lock.lock();
    try {
      // Handed out again while this attempt was failing: the server has the report (see supersede).
      superseded = claimed.superseded();
      if (!superseded) {
        file(claimed, report, attempts);
      }
    } finally {
      lock.unlock();
    }
    if (superseded) {
      dropped(claimed, report);
    }
  }

  /** Puts a report in the outbox. Called under {@link #lock}. */
  private void file(ClaimedState claimed, Report report, int attempts) {
    // A first attempt that just failed waits its backoff; one never tried goes as soon as the gate opens.
    long due = System.nanoTime() + (attempts == 0 ? 0 : backoff.jitteredNanos(1));
    if (attempts > 0 && due - gateNanos > 0) {
      gateNanos = due;
    }
    outbox.put(claimed.id(), new Pending(claimed, report, attempts, due));
    changed.signalAll();
  }

  /**
   * The server handed out {@code previous}'s state again, which it only does after it applied our last
   * report for it ({@code re-enqueue-after}, whose answer we then lost): that report must not be sent
   * again, or it would push the state back after its new execution. Marked under the lock so that an
   * attempt failing at this very moment drops the report instead of filing it.
   */
  void supersede(ClaimedState previous) {
    Pending pending;
    lock.lock();
    try {
      previous.supersede();
      pending = outbox.get(previous.id());
      if (pending != null && pending.claimed == previous) {
        outbox.remove(previous.id());
      } else {
        pending = null;
      }
    } finally {
      lock.unlock();
    }
    if (pending != null) {
      dropped(previous, pending.report);
    }
  }

  private void dropped(ClaimedState claimed, Report report) {
    log.info("{} was handed out again, so its owed {} report had arrived; not sending it again", claimed,
        report.kind());
    settle(claimed);
  }

  /** The server answered another call: let reports go straight out again. */
  void reachable() {
    if (!healthy) {
      healthy = true;
      lock.lock();
      try {
        gateNanos = System.nanoTime();
        consecutiveFailures = 0;
        changed.signalAll();
        log.info("State manager reachable again; delivering {} owed report(s)", outbox.size());
      } finally {
        lock.unlock();
      }
    }
  }

  /** Stops the outbox thread; what it still owes stays owed (the runtime abandons it). */
  void stop(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, timeoutNanos));
    }
  }

  int size() {
    lock.lock();
    try {
      return outbox.size();
    } finally {
      lock.unlock();
    }
  }

  private void settle(ClaimedState claimed) {
    if (claimed.settled()) {
      onSettled.accept(claimed);
    }
  }

  private Outcome attempt(ClaimedState claimed, Report report, int previousAttempts) {
    try {
      report.send(port, claimed.id());
      counters.reported.increment();
      if (previousAttempts > 0) {
        log.info("Delivered {} report of {} after {} failed attempt(s)", report.kind(), claimed, previousAttempts);
      } else {
        log.debug("Delivered {} report of {}", report.kind(), claimed);
      }
      reachable();
      return Outcome.DELIVERED;
    } catch (RuntimeException | Error e) { // NOPMD: nothing a client throws may end delivery for good
      String why = Failures.summary(e);
      claimed.deliveryFailed(why);
      if (Failures.retryable(e)) {
        counters.reportRetries.increment();
        if (healthy) {
          healthy = false;
          log.warn("State manager failed the {} report of {} ({}); keeping it and later results in the outbox "
              + "and retrying with backoff", report.kind(), claimed, why);
        } else {
          log.debug("Still cannot report {} ({}), attempt {}", claimed, why, previousAttempts + 1);
        }
        return Outcome.RETRY;
      }
      counters.reportsRefused.increment();
      if (previousAttempts > 0) {
        log.info("State manager refused the {} report of {} after a failed attempt ({}): that attempt most likely "
            + "arrived and only its answer was lost; not sending it again", report.kind(), claimed, why);
      } else {
        log.warn("State manager refused the {} report of {} ({}); a refusal is final, not retrying",
            report.kind(), claimed, why);
      }
      return Outcome.REFUSED;
    }
  }
}
