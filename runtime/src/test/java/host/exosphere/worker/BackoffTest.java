package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle poller's schedule on a server without {@code states/await}, as the README documents it. */
class BackoffTest {
  private static final Backoff DEFAULT = new Backoff(Duration.ofMillis(10), Duration.ofMillis(500));

  private static long idleMillis(long sinceWorkMillis) {
    return Duration.ofNanos(DEFAULT.idleNanos(Duration.ofMillis(sinceWorkMillis).toNanos())).toMillis();
  }

  @Test
  void rightAfterWorkItPollsEveryMinimum() {
    assertEquals(10, idleMillis(0));
    assertEquals(10, idleMillis(50));
    assertEquals(10, idleMillis(100));
  }

  @Test
  void thenEachPauseIsATenthOfTheTimeSinceTheLastWork() {
    assertEquals(25, idleMillis(250));
    assertEquals(125, idleMillis(1_250));
    assertEquals(400, idleMillis(4_000));
  }

  @Test
  void fiveSecondsAfterTheLastWorkItSettlesAtTheCap() {
    assertEquals(500, idleMillis(5_000));
    assertEquals(500, idleMillis(60_000));
    assertEquals(500, idleMillis(Long.MAX_VALUE / 1_000_000));
  }

  @Test
  void aClockThatWentBackwardsCountsAsJustAfterWork() {
    assertEquals(10, Duration.ofNanos(DEFAULT.idleNanos(-5_000_000_000L)).toMillis());
  }
}
