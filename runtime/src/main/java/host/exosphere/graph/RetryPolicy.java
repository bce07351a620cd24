package host.exosphere.graph;

import host.exosphere.annotations.RetryStrategy;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The graph's {@code retry_policy}. Values are as written; the validator checks the server's bounds
 * ({@code max_retries ≥ 0}, {@code backoff_factor > 0}, {@code exponent > 0}, {@code max_delay > 0}).
 *
 * @param maxRetries retries after the first attempt
 * @param strategy how the delay grows
 * @param backoffFactor base delay in milliseconds
 * @param exponent growth factor of the exponential strategies
 * @param maxDelay cap on a delay in milliseconds, or {@code null} for none
 */
public record RetryPolicy(long maxRetries, RetryStrategy strategy, long backoffFactor, long exponent, Long maxDelay) {

  /** The server's default: 3 retries, exponential from 2 s, doubling, no cap. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 2, null);

  public RetryPolicy {
    Objects.requireNonNull(strategy, "strategy");
  }

  /** The cap on a delay, if any. */
  public OptionalLong maxDelayMillis() {
    return maxDelay == null ? OptionalLong.empty() : OptionalLong.of(maxDelay);
  }

  /**
   * The delay in milliseconds before retry number {@code attempt} (1 for the first retry), exactly as
   * the state manager's {@code compute_delay} (docs/state-manager.md §4.6): base {@code b·e^(n−1)}, {@code b·n} or
   * {@code b}; full jitter {@code int(U(0, B))}; equal jitter {@code int(B/2 + U(0, B/2))}; then capped
   * by {@code max_delay}. Python integers never overflow; here every product saturates at
   * {@link Long#MAX_VALUE} instead, which the cap (or the caller) then bounds.
   *
   * @param random the source of the uniform draws of the jitter strategies
   * @throws IllegalArgumentException when {@code attempt < 1}, with the server's text
   */
  public long delayMillis(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("Retry count must be greater than or equal to 1, got " + attempt);
    }
    Objects.requireNonNull(random, "random");
    long base = switch (strategy) {
      case EXPONENTIAL, EXPONENTIAL_FULL_JITTER, EXPONENTIAL_EQUAL_JITTER ->
          saturatingMultiply(backoffFactor, saturatingPower(exponent, attempt - 1L));
      case LINEAR, LINEAR_FULL_JITTER, LINEAR_EQUAL_JITTER -> saturatingMultiply(backoffFactor, attempt);
      case FIXED, FIXED_FULL_JITTER, FIXED_EQUAL_JITTER -> backoffFactor;
    };
    long delay = switch (strategy) {
      case EXPONENTIAL, LINEAR, FIXED -> base;
      // random.uniform(0, B) is B * random(); int() truncates toward zero (a cast saturates the same way).
      case EXPONENTIAL_FULL_JITTER, LINEAR_FULL_JITTER, FIXED_FULL_JITTER -> (long) (base * random.nextDouble());
      case EXPONENTIAL_EQUAL_JITTER, LINEAR_EQUAL_JITTER, FIXED_EQUAL_JITTER -> {
        double half = base / 2.0;
        yield (long) (half + half * random.nextDouble());
      }
    };
    return maxDelay == null ? delay : Math.min(delay, maxDelay);
  }

  private static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return low;
    }
    return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  private static long saturatingPower(long base, long exponent) {
    long result = 1;
    long factor = base;
    long remaining = exponent;
    while (remaining > 0) {
      if ((remaining & 1) == 1) {
        result = saturatingMultiply(result, factor);
      }
      remaining >>= 1;
      if (remaining > 0) {
        factor = saturatingMultiply(factor, factor);
      }
      if (result == Long.MAX_VALUE || result == Long.MIN_VALUE) {
        // Saturated: further factors of magnitude >= 1 cannot bring it back (|base| <= 1 never saturates).
        return result;
      }
    }
    return result;
  }
}
