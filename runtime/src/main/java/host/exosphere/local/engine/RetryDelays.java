package host.exosphere.local.engine;

import host.exosphere.graph.RetryPolicy;
import java.util.random.RandomGenerator;

/**
 * {@code compute_delay(n)} of the state manager's retry policy (contract §4.6), with saturating
 * arithmetic where Python's integers would simply grow.
 */
final class RetryDelays {
  private RetryDelays() {}

  static long delayMillis(RetryPolicy policy, long attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("Retry count must be greater than or equal to 1, got " + attempt);
    }
    long b = policy.backoffFactor();
    long exponential = saturatingMultiply(b, saturatingPower(policy.exponent(), attempt - 1));
    long linear = saturatingMultiply(b, attempt);
    long delay = switch (policy.strategy()) {
      case EXPONENTIAL -> exponential;
      case EXPONENTIAL_FULL_JITTER -> fullJitter(exponential, random);
      case EXPONENTIAL_EQUAL_JITTER -> equalJitter(exponential, random);
      case LINEAR -> linear;
      case LINEAR_FULL_JITTER -> fullJitter(linear, random);
      case LINEAR_EQUAL_JITTER -> equalJitter(linear, random);
      case FIXED -> b;
      case FIXED_FULL_JITTER -> fullJitter(b, random);
      case FIXED_EQUAL_JITTER -> equalJitter(b, random);
    };
    Long cap = policy.maxDelay();
    return cap == null ? delay : Math.min(delay, cap);
  }

  /** {@code int(U(0, x))}. */
  private static long fullJitter(long x, RandomGenerator random) {
    return (long) (random.nextDouble() * x);
  }

  /** {@code int(x/2 + U(0, x/2))}, with Python's true division. */
  private static long equalJitter(long x, RandomGenerator random) {
    double half = x / 2.0;
    return (long) (half + random.nextDouble() * half);
  }

  private static long saturatingPower(long base, long exponent) {
    long result = 1;
    for (long i = 0; i < exponent; i++) {
      result = saturatingMultiply(result, base);
      if (result == Long.MAX_VALUE) {
        break;
      }
    }
    return result;
  }

  private static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return low;
    }
    return Long.MAX_VALUE;
  }
}
