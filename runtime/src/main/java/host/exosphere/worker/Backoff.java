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
   * {@link #nanos} spread over [75 %, 100 %] so that runtimes which lost the server at the same moment
   * do not all come back in the same millisecond.
   */
  long jitteredNanos(int attempt) {
    long d = nanos(attempt);
    return d - (long) (ThreadLocalRandom.current().nextDouble() * d / 4);
  }
}
