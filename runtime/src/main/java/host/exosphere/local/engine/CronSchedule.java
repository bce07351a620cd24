package host.exosphere.local.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The next fire time of a cron expression after a naive local time ({@code croniter(expr, t).get_next()},
 * contract §4.9). Expressions reach the engine only after upsert validation accepted them.
 */
final class CronSchedule {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> ALIASES = Map.of(
      "@midnight", "0 0 * * *", "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");

  private CronSchedule() {}

  /** The first occurrence strictly after {@code after}, or empty when there is none or it cannot parse. */
  static Optional<LocalDateTime> next(String expression, LocalDateTime after) {
    String expr = ALIASES.getOrDefault(expression.strip().toLowerCase(Locale.ROOT), expression.strip());
    try {
      ExecutionTime time = ExecutionTime.forCron(UNIX.parse(expr));
      // Naive times: do the arithmetic in UTC so no zone rule shifts them.
      return time.nextExecution(ZonedDateTime.of(after, ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
