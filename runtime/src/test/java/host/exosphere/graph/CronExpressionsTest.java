package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** croniter-compatible validity and next fire times (contract §3.1, §4.9). */
class CronExpressionsTest {

  private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 23, 16, 30, 15); // a Monday

  private static LocalDateTime next(String expression) {
    return CronExpressions.nextFireTime(expression, NOW).orElseThrow();
  }

  @Test
  void acceptsWhatCroniterAccepts() {
    for (String ok : new String[] {"* * * * *", "*/15 * * * *", "0 9-17 * * 1-5", "0 0 1 1,7 *", "0 0 * * 0",
        "0 0 * * 7", "0 12 1,15 * *", "0 0 * jan-mar mon-fri", "0 0 L * *", "0 0 * * L5", "0 0 * * 5#2", "0 0 * * fri#1", "5-1 * * * *", "0 0 * * fri-mon",
        "0 0 * * * 30", "0 0 1 1 * 0 2030", "@daily", "@hourly", "@yearly", "@annually", "@midnight", "@weekly",
        "@monthly", "0 0 ? * *", "5/10 * * * *"}) {
      assertTrue(CronExpressions.isValid(ok), ok);
    }
  }

  @Test
  void refusesWhatCroniterRefuses() {
    for (String bad : new String[] {"every day at noon", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
        "* * * 13 *", "* * * * 8", "* * * *", "* * * * * * * *", "*/0 * * * *", "", "@reboot", "0 0 * * 5L",
        "0 0 * * 1,2#3", "0 0 * * 7 0", "0 ? * * *", "0 0 */? * *", "-1 * * * *", "0 0 * * 6#6",
        "0 0 1 1 * 0 1969", "a b c d e"}) {
      assertFalse(CronExpressions.isValid(bad), bad);
    }
  }

  @Test
  void nextFireTimes() {
    assertEquals(LocalDateTime.of(2026, 11, 23, 16, 45), next("*/15 * * * *"));
    assertEquals(LocalDateTime.of(2026, 11, 24, 9, 0), next("0 9 * * 1-5"));
    assertEquals(LocalDateTime.of(2026, 11, 23, 18, 0), next("0 */6 * * *"));
    assertEquals(LocalDateTime.of(2026, 11, 29, 0, 0), next("0 0 * * 0"));
    assertEquals(LocalDateTime.of(2026, 11, 30, 0, 0), next("0 0 L * *"));
    assertEquals(LocalDateTime.of(2026, 11, 27, 0, 0), next("0 0 * * L5"));
    assertEquals(LocalDateTime.of(2026, 12, 11, 0, 0), next("0 0 * * 5#2"));
    assertEquals(LocalDateTime.of(2026, 11, 23, 16, 30, 30), next("* * * * * 30"));
    assertEquals(LocalDateTime.of(2027, 1, 1, 0, 0), next("@yearly"));
    assertEquals(LocalDateTime.of(2028, 2, 29, 0, 0), next("0 0 29 2 *"));
    // Backwards ranges wrap round, restarting the step the way croniter does (50, then 6).
    assertEquals(LocalDateTime.of(2026, 11, 23, 16, 50), next("50-10/15 * * * *"));
    assertEquals(LocalDateTime.of(2026, 11, 23, 17, 6), CronExpressions.nextFireTime("50-10/15 * * * *",
        LocalDateTime.of(2026, 11, 23, 17, 0)).orElseThrow());
    // Both day fields restricted: either matches (the 1st or any Monday).
    assertEquals(LocalDateTime.of(2026, 11, 30, 0, 0), next("0 0 1 * 1"));
  }

  @Test
  void impossibleDatesAndPastYearsNeverFire() {
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 31 2 *", NOW));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 1 1 * 0 1999", NOW));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("not cron", NOW));
  }
}
