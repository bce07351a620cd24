package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.annotations.RetryStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RetryPolicyTest {

  /** A random source that always draws {@code value} in [0, 1). */
  static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("only nextDouble is used");
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  static List<Long> delays(RetryStrategy strategy, Long maxDelay, int attempts, double draw) {
    RetryPolicy policy = new RetryPolicy(3, strategy, 2000, 2, maxDelay);
    List<Long> result = new ArrayList<>();
    for (int n = 1; n <= attempts; n++) {
      result.add(policy.delayMillis(n, fixed(draw)));
    }
    return result;
  }

  @Test
  void verifiedSequencesWithDefaultsAndMaxDelay7000() {
    // docs/state-manager.md §4.6 "Verified"
    assertEquals(List.of(2000L, 4000L, 7000L, 7000L), delays(RetryStrategy.EXPONENTIAL, 7000L, 4, 0.5));
    assertEquals(List.of(2000L, 4000L, 6000L, 7000L), delays(RetryStrategy.LINEAR, 7000L, 4, 0.5));
    assertEquals(List.of(2000L, 2000L, 2000L, 2000L), delays(RetryStrategy.FIXED, 7000L, 4, 0.5));
  }

  @Test
  void withoutACapTheBaseKeepsGrowing() {
    assertEquals(List.of(2000L, 4000L, 8000L, 16000L, 32000L), delays(RetryStrategy.EXPONENTIAL, null, 5, 0));
    assertEquals(List.of(2000L, 4000L, 6000L, 8000L, 10000L), delays(RetryStrategy.LINEAR, null, 5, 0));
    assertEquals(54000L, new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 3, null).delayMillis(4, fixed(0)));
  }

  @ParameterizedTest
  @CsvSource({
      // strategy, attempt, draw, expected: int() truncation of B*r, and of B/2 + (B/2)*r
      "EXPONENTIAL_FULL_JITTER, 3, 0.0, 0",
      "EXPONENTIAL_FULL_JITTER, 3, 0.25, 2000",
      "EXPONENTIAL_FULL_JITTER, 3, 0.99999, 7999",
      "EXPONENTIAL_EQUAL_JITTER, 3, 0.0, 4000",
      "EXPONENTIAL_EQUAL_JITTER, 3, 0.5, 6000",
      "EXPONENTIAL_EQUAL_JITTER, 3, 0.99999, 7999",
      "LINEAR_FULL_JITTER, 3, 0.3333, 1999",
      "LINEAR_EQUAL_JITTER, 3, 0.5, 4500",
      "FIXED_FULL_JITTER, 9, 0.5, 1000",
      "FIXED_EQUAL_JITTER, 9, 0.75, 1750",
  })
  void jitterTruncatesLikePythonsInt(RetryStrategy strategy, int attempt, double draw, long expected) {
    assertEquals(expected, new RetryPolicy(3, strategy, 2000, 2, null).delayMillis(attempt, fixed(draw)));
  }

  @ParameterizedTest
  @EnumSource(RetryStrategy.class)
  void jitterStaysWithinItsBoundsAndUnderTheCap(RetryStrategy strategy) {
    RetryPolicy policy = new RetryPolicy(10, strategy, 1500, 3, 100_000L);
    RandomGenerator random = new java.util.SplittableRandom(42);
    for (int n = 1; n <= 12; n++) {
      long base = switch (strategy) {
        case EXPONENTIAL, EXPONENTIAL_FULL_JITTER, EXPONENTIAL_EQUAL_JITTER -> 1500L * (long) Math.pow(3, n - 1);
        case LINEAR, LINEAR_FULL_JITTER, LINEAR_EQUAL_JITTER -> 1500L * n;
        default -> 1500L;
      };
      long low = strategy.name().endsWith("FULL_JITTER") ? 0 : strategy.name().endsWith("EQUAL_JITTER") ? base / 2 : base;
      for (int draw = 0; draw < 200; draw++) {
        long d = policy.delayMillis(n, random);
        assertTrue(d >= Math.min(low, 100_000L) && d <= Math.min(base, 100_000L),
            strategy + " attempt " + n + ": " + d + " not in [" + low + ", " + base + "] capped at 100000");
      }
    }
  }

  @Test
  void hugeAttemptsAndExponentsSaturateInsteadOfOverflowing() {
    RetryPolicy uncapped = new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 2, null);
    assertEquals(Long.MAX_VALUE, uncapped.delayMillis(64, fixed(0)));
    assertEquals(Long.MAX_VALUE, uncapped.delayMillis(Integer.MAX_VALUE, fixed(0)));
    assertEquals(Long.MAX_VALUE, new RetryPolicy(3, RetryStrategy.EXPONENTIAL, Long.MAX_VALUE, Long.MAX_VALUE, null)
        .delayMillis(2, fixed(0)));
    assertEquals(3_600_000L, new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 1000, 3_600_000L)
        .delayMillis(1_000_000, fixed(0)));
    assertEquals(Long.MAX_VALUE, new RetryPolicy(3, RetryStrategy.LINEAR, Long.MAX_VALUE / 2, 2, null)
        .delayMillis(3, fixed(0)));
    // the jitter of a saturated base stays a valid, bounded number
    long jitter = new RetryPolicy(3, RetryStrategy.EXPONENTIAL_EQUAL_JITTER, 2000, 2, null)
        .delayMillis(500, fixed(0.5));
    assertTrue(jitter > Long.MAX_VALUE / 2, String.valueOf(jitter));
    assertEquals(2000L, new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 1, null).delayMillis(Integer.MAX_VALUE, fixed(0)));
  }

  @Test
  void attemptBelowOneIsRefusedWithTheServersText() {
    assertEquals("Retry count must be greater than or equal to 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.delayMillis(0, fixed(0))).getMessage());
    assertEquals("Retry count must be greater than or equal to 1, got -3",
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.delayMillis(-3, fixed(0))).getMessage());
  }
}
