package host.exosphere.local.engine;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Naive local timestamps as the state manager writes them: {@code datetime.now()} stored in Mongo (which
 * keeps milliseconds) and printed by Python's {@code isoformat()} — six fraction digits, or none when the
 * fraction is zero (docs/state-manager.md §1.1).
 */
final class Timestamps {
  private Timestamps() {}

  /** Now, in the clock's zone, at Mongo's millisecond precision. */
  static LocalDateTime now(Clock clock) {
    return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Now at Python's microsecond precision: what an answer shows of a document the server has just built in
   * memory (an upsert's answer), before Mongo rounds it to milliseconds.
   */
  static LocalDateTime preciseNow(Clock clock) {
    return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
  }

  static String format(LocalDateTime time) {
    StringBuilder s = new StringBuilder(26);
    pad(s, time.getYear(), 4).append('-');
    pad(s, time.getMonthValue(), 2).append('-');
    pad(s, time.getDayOfMonth(), 2).append('T');
    pad(s, time.getHour(), 2).append(':');
    pad(s, time.getMinute(), 2).append(':');
    pad(s, time.getSecond(), 2);
    int micros = time.getNano() / 1000;
    if (micros != 0) {
      s.append('.');
      pad(s, micros, 6);
    }
    return s.toString();
  }

  private static StringBuilder pad(StringBuilder s, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      s.append('0');
    }
    return s.append(digits);
  }
}
