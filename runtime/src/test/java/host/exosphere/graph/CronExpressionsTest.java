package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionsTest {

  private static final LocalDateTime START = LocalDateTime.of(2026, 1, 17, 10, 30, 15);

  /**
   * The parity table under src/test/resources/cron was produced by running croniter (is_valid and
   * get_next) on hand-picked and randomly generated expressions; every row must agree.
   */
  @Test
  void agreesWithCroniterOnTheParityTable() throws IOException {
    JsonNode table;
    try (InputStream in = getClass().getResourceAsStream("/cron/croniter-parity.json")) {
      table = GraphJson.mapper().readTree(in);
    }
    List<LocalDateTime> starts = new ArrayList<>();
    table.get("starts").forEach(s -> starts.add(LocalDateTime.parse(s.asText())));
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (JsonNode c : table.get("cases")) {
      String expression = c.get("expression").asText();
      boolean valid = c.get("valid").asBoolean();
      if (CronExpressions.isValid(expression) != valid) {
        mismatches.add("'" + expression + "': croniter says valid=" + valid);
        continue;
      }
      checked++;
      if (!valid) {
        continue;
      }
      for (int k = 0; k < starts.size(); k++) {
        JsonNode expected = c.get("next").get(k);
        Optional<LocalDateTime> actual = CronExpressions.nextFireTime(expression, starts.get(k));
        Optional<LocalDateTime> wanted = expected.isNull() ? Optional.empty()
            : Optional.of(LocalDateTime.parse(expected.asText()));
        if (!actual.equals(wanted)) {
          mismatches.add("'" + expression + "' after " + starts.get(k) + ": croniter " + wanted + ", here " + actual);
        }
      }
    }
    assertEquals(List.of(), mismatches);
    assertTrue(checked > 500, "parity table too small: " + checked);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 9 * * 1-5", "0 */6 * * *", "0 0 * * 0", "*/15 * * * *", "0 2 * * *", "0 0 1 * *",
      "0 9-17 * * 1-5", "0 0 * * 1,3,5", "30 8 * * 1-5", "0 12 1,15 * *", "0 0 1 1,7 *", "@daily", "@Weekly",
      "0 0 31 2 *", "0 0 1 1 * 0 1999", "0 0 * * * */15", "0 0 L * *", "0 0 * * L5", "0 0 * * 1#2", "0 0 ? * MON",
      "0 0 * JAN-MAR MON-FRI", "5-5 * * * *", "22-2 * * * *"})
  void acceptsWhatCroniterAccepts(String expression) {
    assertTrue(CronExpressions.isValid(expression), expression);
    assertEquals(Optional.empty(), CronExpressions.describeProblem(expression));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "every day at noon|expected 5 fields (minute hour day-of-month month day-of-week), 6 (plus seconds) or 7 (plus seconds and year), or an alias such as @daily; got 4",
      "60 * * * *|'60' is out of range for the minute field (0-59)",
      "* * * 0 *|'0' is out of range for the month field (1-12)",
      "* * * * 8|'8' is out of range for the day of week field (0-6)",
      "0 0 * * 7 0|'7' is out of range for the day of week field (0-6)",
      "*/0 * * * *|the step of '*/0' must not be 0",
      "0 0 * * 1#6|'#6' must be 1 to 5 (the nth weekday of the month)",
      "0 0 * * 1#2,3|the day-of-week field cannot mix plain days with nth-day syntax (1#2, L5)",
      "h * * * *|'H' (hashed) values need a hash id, which the state manager does not pass",
      "? * * * *|'?' is only allowed in the day-of-month and day-of-week fields",
      "-5 * * * *|negative numbers are not allowed ('-5' in the minute field)",
      "0 0 1 1 * 0 2100|'2100' is out of range for the year field (1970-2099)",
      "0 0 * foo *|'foo' is not a valid value in the month field",
  })
  void explainsWhatCroniterRefuses(String expression, String reason) {
    assertFalse(CronExpressions.isValid(expression));
    assertEquals(Optional.of(reason), CronExpressions.describeProblem(expression));
  }

  @Test
  void conformanceCronCasesHaveTheirOutcome() {
    // trigger-cron-impossible-date and trigger-cron-past-year: valid, but no next fire time
    assertTrue(CronExpressions.isValid("0 0 31 2 *"));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 31 2 *", START));
    assertTrue(CronExpressions.isValid("0 0 1 1 * 0 1999"));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 1 1 * 0 1999", START));
    // trigger-cron-macro-accepted, trigger-cron-minute-out-of-range, trigger-cron-invalid-text
    assertEquals(Optional.of(LocalDateTime.of(2026, 1, 18, 0, 0)), CronExpressions.nextFireTime("@daily", START));
    assertFalse(CronExpressions.isValid("60 * * * *"));
    assertFalse(CronExpressions.isValid("every day at noon"));
  }

  @ParameterizedTest
  @CsvSource({
      "*/5 * * * *, 2026-01-17T10:35",
      "0 9 * * 1-5, 2026-01-19T09:00",
      "0 0 * * * */15, 2026-01-18T00:00",
      "* * * * * *, 2026-01-17T10:30:16",
      "0 0 29 2 *, 2028-02-29T00:00",
      "0 0 L 2 *, 2026-02-28T00:00",
      "0 0 * * L5, 2026-01-30T00:00",
      "0 0 * * 1#2, 2026-02-09T00:00",
      "0 0 13 * 5, 2026-01-23T00:00",
      "5-5 * * * *, 2026-01-17T10:31",
      "0 0 1 1 * 0 2030, 2030-01-01T00:00",
  })
  void nextFireTimeIsStrictlyAfterTheStart(String expression, LocalDateTime expected) {
    assertEquals(Optional.of(expected), CronExpressions.nextFireTime(expression, START));
  }

  @Test
  void searchGivesUpAfterFiftyYearsAsCroniterDoes() {
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 1 1 * 0 2099", START));
    assertEquals(Optional.of(LocalDateTime.of(2076, 1, 1, 0, 0)),
        CronExpressions.nextFireTime("0 0 1 1 * 0 2076", START));
    // day of month and weekday are searched separately: the 15th is never a second Monday
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 15 * 1#2", START));
  }

  @Test
  void invalidExpressionHasNoFireTime() {
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("61 * * * *", START));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("", START));
  }

  @Test
  void randomValuesAreAccepted() {
    assertTrue(CronExpressions.isValid("r * * * *"));
    assertTrue(CronExpressions.nextFireTime("R R * * *", START).isPresent());
    assertFalse(CronExpressions.isValid("r(5-5) * * * *"));
  }

  // ---- cases written for the interim implementation, each checked against croniter ----

  private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 23, 16, 30, 15); // a Monday

  private static LocalDateTime next(String expression) {
    return CronExpressions.nextFireTime(expression, NOW).orElseThrow();
  }

  @Test
  void acceptsTheseAsCroniterDoes() {
    for (String ok : new String[] {"* * * * *", "*/15 * * * *", "0 9-17 * * 1-5", "0 0 1 1,7 *", "0 0 * * 0",
        "0 0 * * 7", "0 12 1,15 * *", "0 0 * jan-mar mon-fri", "0 0 L * *", "0 0 * * L5", "0 0 * * 5#2", "0 0 * * fri#1", "5-1 * * * *", "0 0 * * fri-mon",
        "0 0 * * * 30", "0 0 1 1 * 0 2030", "@daily", "@hourly", "@yearly", "@annually", "@midnight", "@weekly",
        "@monthly", "0 0 ? * *", "5/10 * * * *"}) {
      assertTrue(CronExpressions.isValid(ok), ok);
    }
  }

  @Test
  void refusesTheseAsCroniterDoes() {
    for (String bad : new String[] {"every day at noon", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
        "* * * 13 *", "* * * * 8", "* * * *", "* * * * * * * *", "*/0 * * * *", "", "@reboot", "0 0 * * 5L",
        "0 0 * * 1,2#3", "0 0 * * 7 0", "0 ? * * *", "0 0 */? * *", "-1 * * * *", "0 0 * * 6#6",
        "0 0 1 1 * 0 1969", "a b c d e"}) {
      assertFalse(CronExpressions.isValid(bad), bad);
    }
  }

  @Test
  void nextFireTimesFromAMonday() {
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
  void impossibleDatesPastYearsAndNonsenseNeverFire() {
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 31 2 *", NOW));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("0 0 1 1 * 0 1999", NOW));
    assertEquals(Optional.empty(), CronExpressions.nextFireTime("not cron", NOW));
  }
}
