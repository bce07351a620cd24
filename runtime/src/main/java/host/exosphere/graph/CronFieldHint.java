package host.exosphere.graph;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a cron expression the server refuses is wrong, in a user's terms: the server only says
 * "Invalid cron expression", and "use five fields" misleads when it has five and one is out of range.
 */
final class CronFieldHint {
  private CronFieldHint() {}

  private static final String[] NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week"};
  private static final int[] LOW = {0, 0, 1, 1, 0};
  private static final int[] HIGH = {59, 23, 31, 12, 7};
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  /** What to fix, e.g. "the minute field '61' is out of range 0-59". */
  static String reason(String expression) {
    String[] fields = expression.strip().split("\\s+");
    if (expression.isBlank() || (fields.length != 5 && fields.length != 6)) {
      return "use five fields (minute hour day-of-month month day-of-week); it has "
          + (expression.isBlank() ? 0 : fields.length);
    }
    for (int f = 0; f < 5; f++) {
      // Numbers after '/' are steps, not values of the field.
      Matcher m = NUMBER.matcher(fields[f].replaceAll("/\\d+", ""));
      while (m.find()) {
        long value = m.group().length() > 9 ? Long.MAX_VALUE : Long.parseLong(m.group());
        if (value < LOW[f] || value > HIGH[f]) {
          return "the " + NAMES[f] + " field '" + fields[f] + "' has " + m.group() + ", out of range " + LOW[f]
              + "-" + HIGH[f];
        }
      }
    }
    return "check each of the five fields (minute hour day-of-month month day-of-week)";
  }
}
