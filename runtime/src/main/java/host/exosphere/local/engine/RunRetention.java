package host.exosphere.local.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How many finished runs the engine keeps. The real server keeps everything in its database; in memory
 * that grows without bound on a long-lived {@code exosphere serve} (about 1 KB per state), so the oldest
 * finished runs are dropped once more than {@code keep} have finished. A finished run has no state left
 * CREATED, QUEUED or EXECUTED; once dropped it is gone from the runs listing, its states answer 404 and
 * they cannot be retried by hand, and a data directory drops it too (so it does not come back on a
 * restart). Runs still going are never dropped.
 *
 * <p>Sweeping costs a pass over the runs, so it happens only once {@code slack} more runs than
 * {@code keep} exist: amortized, a trigger pays a constant share of it.
 */
final class RunRetention {
  /** The default number of finished runs kept. */
  static final int DEFAULT_KEEP = 10_000;

  private final int keep;
  private final int slack;

  RunRetention(int keep) {
    if (keep < 0) {
      throw new IllegalArgumentException("retained runs must not be negative, got " + keep);
    }
    this.keep = keep;
    this.slack = Math.max(100, keep / 10);
  }

  /** Whether {@code runCount} runs call for a sweep. */
  boolean due(int runCount) {
    return runCount - keep > slack;
  }

  /** The finished runs to drop, oldest first, so that {@code keep} finished ones remain. */
  List<RunRec> victims(Collection<RunRec> runs) {
    List<RunRec> finished = new ArrayList<>();
    for (RunRec run : runs) {
      if (run.pendingCount() == 0) {
        finished.add(run);
      }
    }
    if (finished.size() <= keep) {
      return List.of();
    }
    finished.sort(Comparator.comparingLong(run -> run.seq));
    return finished.subList(0, finished.size() - keep);
  }

  /**
   * Whether a retry key or unite fingerprint belongs to one of {@code runIds}: both put the run id fifth
   * among their NUL-separated parts.
   */
  static boolean ownedBy(String key, Set<String> runIds) {
    String[] parts = key.split("\u0000", 6);
    return parts.length > 4 && runIds.contains(parts[4]);
  }
}
