package host.exosphere.graph;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cron expressions as croniter reads them (contract §3.1, §4.9): validity and the next fire time.
 * Interim version for the validator; the graph-core JSON work provides the croniter-compatible one.
 */
public final class CronExpressions {
  private CronExpressions() {}

  private static final Map<String, String> MACROS = Map.of(
      "@midnight", "0 0 * * *", "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
  private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec"};
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  private record Parsed(BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays, BitSet years,
      boolean dayStar, boolean weekdayStar) {}

  /** croniter's {@code is_valid}. */
  public static boolean isValid(String expression) {
    return parse(expression) != null;
  }

  /** The first fire time after {@code after}, or empty when there is none (croniter's "failed to find next date"). */
  public static Optional<LocalDateTime> nextFireTime(String expression, LocalDateTime after) {
    Parsed p = parse(expression);
    if (p == null) {
      return Optional.empty();
    }
    LocalDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDateTime limit = after.plusYears(50);
    while (t.isBefore(limit)) {
      if (p.years() != null && !p.years().get(t.getYear())) {
        t = t.plusYears(1).withDayOfYear(1).withHour(0).withMinute(0);
        continue;
      }
      if (!p.months().get(t.getMonthValue()) || !dayMatches(p, t)) {
        t = t.plusDays(1).withHour(0).withMinute(0);
        continue;
      }
      if (!p.hours().get(t.getHour())) {
        t = t.plusHours(1).withMinute(0);
        continue;
      }
      if (!p.minutes().get(t.getMinute())) {
        t = t.plusMinutes(1);
        continue;
      }
      return Optional.of(t);
    }
    return Optional.empty();
  }

  private static boolean dayMatches(Parsed p, LocalDateTime t) {
    boolean day = p.days().get(t.getDayOfMonth());
    boolean weekday = p.weekdays().get(t.getDayOfWeek().getValue() % 7);
    if (p.dayStar() || p.weekdayStar()) {
      return day && weekday;
    }
    return day || weekday;
  }

  private static Parsed parse(String expression) {
    String e = expression.strip();
    e = MACROS.getOrDefault(e.toLowerCase(Locale.ROOT), e);
    String[] f = e.split("\\s+");
    if (f.length < 5 || f.length > 7) {
      return null;
    }
    BitSet minutes = field(f[0], 0, 59, null);
    BitSet hours = field(f[1], 0, 23, null);
    BitSet days = field(f[2], 1, 31, null);
    BitSet months = field(f[3], 1, 12, MONTHS);
    BitSet weekdays = field(f[4], 0, 7, DAYS);
    BitSet seconds = f.length > 5 ? field(f[5], 0, 59, null) : new BitSet();
    BitSet years = f.length > 6 ? field(f[6], 1970, 2099, null) : null;
    if (minutes == null || hours == null || days == null || months == null || weekdays == null || seconds == null
        || (f.length > 6 && years == null)) {
      return null;
    }
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    return new Parsed(minutes, hours, days, months, weekdays, years, f[2].equals("*"), f[4].equals("*"));
  }

  private static BitSet field(String text, int min, int max, String[] names) {
    BitSet set = new BitSet();
    for (String part : text.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        Integer s = number(part.substring(slash + 1), null, 0);
        if (s == null || s <= 0) {
          return null;
        }
        step = s;
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max;
      } else {
        int dash = range.indexOf('-', 1);
        Integer a = number(dash < 0 ? range : range.substring(0, dash), names, min);
        Integer b = dash < 0 ? (slash >= 0 ? Integer.valueOf(max) : a) : number(range.substring(dash + 1), names, min);
        if (a == null || b == null || a < min || b > max || a > b) {
          return null;
        }
        lo = a;
        hi = b;
      }
      for (int v = lo; v <= hi; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static Integer number(String s, String[] names, int base) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(s)) {
          return i + (names == MONTHS ? 1 : 0);
        }
      }
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
