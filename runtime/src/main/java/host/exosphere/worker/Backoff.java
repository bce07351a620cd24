package host.exosphere.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A capped exponential delay: {@code initial · 2^(attempt-1)}, never more than {@code max}.
 *
 * @param initial the delay after the first failure (or empty poll)
 * @param max the cap
 */
record Backoff(Duration initial, Duration max) {
  /** An idle poller pauses this fraction (1/n) of the time since its runtime last had work. */
  static final int IDLE_FRACTION = 10;

  Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("Backoff must start above zero, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("Backoff cap " + max + " is below its start " + initial);
    }
  }

  /** The delay before attempt {@code attempt + 1}, for {@code attempt ≥ 1} failures so far. */
  long nanos(int attempt) {
    long start = initial.toNanos();
    long cap = max.toNanos();
    int doublings = Math.max(0, attempt - 1);
    // Saturate instead of overflowing: after 62 doublings any start exceeds every cap.
    if (doublings >= 62 || start > (cap >> doublings)) {
      return cap;
    }
    return Math.min(cap, start << doublings);
  }

  /**
   * The pause of an idle poller whose runtime last claimed or settled a state {@code sinceWorkNanos} ago:
   * a tenth of that time, never below {@code initial} nor above {@code max}. Right after work it polls
   * every {@code initial} (when a run's next states appear); a state that appears {@code t} into an idle
   * spell waits about {@code t / 20} on average, and never more than {@code max / 2} on average; and the
   * polls an idle spell costs grow only with the logarithm of its length until the cap is reached, at
   * {@code 10 · max} after the last work.
   */
  long idleNanos(long sinceWorkNanos) {
    long proportional = Math.max(0, sinceWorkNanos) / IDLE_FRACTION;
    return Math.max(initial.toNanos(), Math.min(max.toNanos(), proportional));
  }

  /**
   * {@link #nanos} spread over [75 %, 100 %] so that runtimes which lost the server at the same moment
   * do not all come back in the same millisecond.
   */
  long jitteredNanos(int attempt) {
    long d = nanos(attempt);
    return d - (long) (ThreadLocalRandom.current().nextDouble() * d / 4);
  }
}
