package host.exosphere.graph;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Cron expressions as the state manager's croniter 6.0.0 reads them (contract §3.1, §4.9).
 *
 * <p>Accepted: 5 fields ({@code minute hour day-of-month month day-of-week}), a 6th trailing seconds
 * field and a 7th year field (1970–2099); {@code *}, {@code ?}, numbers, ranges, steps and lists;
 * month and weekday names ({@code jan}, {@code mon}); weekday 7 as Sunday; {@code L} (last day of the
 * month), {@code L5} (last Friday), {@code 5#2} (second Friday); the macros {@code @midnight @hourly
 * @daily @weekly @monthly @yearly @annually}. As in croniter (and Vixie cron), when both day fields are
 * restricted a day matches either; when one is {@code *} the other decides.
 */
public final class CronExpressions {
  private CronExpressions() {}

  private static final Map<String, String> MACROS = Map.of(
      "@midnight", "0 0 * * *", "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
  /** How far ahead croniter-like searching gives up ("failed to find next date"). */
  private static final int SEARCH_YEARS = 50;

  /** A parsed expression; day-of-week specials are kept apart from the plain weekday set. */
  private record Cron(BitSet seconds, BitSet minutes, BitSet hours, BitSet days, boolean lastDay, BitSet months,
      BitSet weekdays, List<int[]> nthWeekdays, BitSet lastWeekdays, BitSet years, boolean dayRestricted,
      boolean weekdayRestricted) {}

  /** croniter's {@code is_valid}: whether the expression parses. */
  public static boolean isValid(String expression) {
    return expression != null && parse(expression) != null;
  }

  /**
   * The first fire time strictly after {@code after} (second precision), or empty when there is none,
   * which is croniter's "failed to find next date" (an impossible date such as 31 February, or a year
   * field in the past). Invalid expressions have no fire time either.
   */
  public static Optional<LocalDateTime> nextFireTime(String expression, LocalDateTime after) {
    Objects.requireNonNull(after, "after");
    Cron cron = expression == null ? null : parse(expression);
    if (cron == null) {
      return Optional.empty();
    }
    LocalDateTime start = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    LocalDate day = start.toLocalDate();
    LocalDate limit = day.plusYears(SEARCH_YEARS);
    boolean first = true;
    while (!day.isAfter(limit)) {
      if (cron.years() != null && !cron.years().get(day.getYear())) {
        if (cron.years().nextSetBit(day.getYear()) < 0) {
          return Optional.empty();
        }
        day = LocalDate.of(day.getYear() + 1, 1, 1);
        first = false;
        continue;
      }
      if (!cron.months().get(day.getMonthValue())) {
        day = day.withDayOfMonth(1).plusMonths(1);
        first = false;
        continue;
      }
      if (dayMatches(cron, day)) {
        Optional<LocalDateTime> time = firstTime(cron, day, first ? start : day.atStartOfDay());
        if (time.isPresent()) {
          return time;
        }
      }
      day = day.plusDays(1);
      first = false;
    }
    return Optional.empty();
  }

  private static Optional<LocalDateTime> firstTime(Cron cron, LocalDate day, LocalDateTime from) {
    for (int h = cron.hours().nextSetBit(from.getHour()); h >= 0; h = cron.hours().nextSetBit(h + 1)) {
      boolean sameHour = h == from.getHour();
      for (int m = cron.minutes().nextSetBit(sameHour ? from.getMinute() : 0); m >= 0;
          m = cron.minutes().nextSetBit(m + 1)) {
        boolean sameMinute = sameHour && m == from.getMinute();
        int s = cron.seconds().nextSetBit(sameMinute ? from.getSecond() : 0);
        if (s >= 0) {
          return Optional.of(day.atTime(h, m, s));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean dayMatches(Cron cron, LocalDate day) {
    boolean dom = cron.days().get(day.getDayOfMonth())
        || (cron.lastDay() && day.getDayOfMonth() == day.lengthOfMonth());
    int weekday = day.getDayOfWeek().getValue() % 7;
    boolean dow = cron.weekdays().get(weekday);
    if (!dow && cron.lastWeekdays().get(weekday)) {
      dow = day.plusWeeks(1).getMonthValue() != day.getMonthValue();
    }
    for (int[] nth : cron.nthWeekdays()) {
      if (!dow && nth[0] == weekday && (day.getDayOfMonth() - 1) / 7 + 1 == nth[1]) {
        dow = true;
      }
    }
    if (cron.dayRestricted() && cron.weekdayRestricted()) {
      return dom || dow;
    }
    return dom && dow;
  }

  private static Cron parse(String expression) {
    String text = expression.toLowerCase(Locale.ROOT);
    text = MACROS.getOrDefault(text, text);
    String[] f = text.strip().split("\\s+");
    int n = f.length;
    if (n < 5 || n > 7) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      if (f[i].contains("?")) {
        // croniter: a lone '?' means '*', and only in the two day fields.
        if (!f[i].equals("?") || (i != 2 && i != 4)) {
          return null;
        }
        f[i] = "*";
      }
    }
    BitSet minutes = field(f[0], 0, 59, List.of(), -1);
    BitSet hours = field(f[1], 0, 23, List.of(), -1);
    boolean lastDay = false;
    BitSet days = new BitSet();
    for (String part : f[2].split(",", -1)) {
      if (part.equals("l")) {
        lastDay = true;
      } else {
        // croniter maps day 0 to 1 only in the 6-field form.
        BitSet some = field(part.replace("-l", "-31"), 1, 31, List.of(), n == 6 ? 0 : -1);
        if (some == null) {
          return null;
        }
        days.or(some);
      }
    }
    BitSet months = field(f[3], 1, 12, MONTHS, -1);
    BitSet weekdays = new BitSet();
    BitSet lastWeekdays = new BitSet();
    List<int[]> nth = new ArrayList<>();
    if (!weekdayField(f[4], n == 5, weekdays, lastWeekdays, nth)) {
      return null;
    }
    BitSet seconds = n > 5 ? field(f[5], 0, 59, List.of(), -1) : single(0);
    BitSet years = n > 6 ? field(f[6], 1970, 2099, List.of(), -1) : null;
    if (minutes == null || hours == null || months == null || seconds == null || (n > 6 && years == null)) {
      return null;
    }
    return new Cron(seconds, minutes, hours, days, lastDay, months, weekdays, nth, lastWeekdays, years,
        !f[2].equals("*"), !f[4].equals("*"));
  }

  private static BitSet single(int value) {
    BitSet set = new BitSet();
    set.set(value);
    return set;
  }

  /**
   * Day of week: plain values and ranges (7 is Sunday in the 5-field form only), {@code l5} (last
   * Friday) and {@code 5#2} / {@code fri#2} (second Friday). croniter refuses lists that mix plain
   * values with the nth form.
   */
  private static boolean weekdayField(String text, boolean sevenIsSunday, BitSet weekdays, BitSet last,
      List<int[]> nth) {
    boolean plainUsed = false;
    for (String part : text.split(",", -1)) {
      int hash = part.indexOf('#');
      if (hash > 0) {
        BitSet days = field(part.substring(0, hash), 0, 6, DAYS, sevenIsSunday ? 7 : -1);
        Integer k = part.length() > hash + 1 && part.length() < hash + 3
            && Character.isDigit(part.charAt(hash + 1)) ? Integer.valueOf(part.substring(hash + 1)) : null;
        if (days == null || k == null || k < 1 || k > 5) {
          return false;
        }
        days.stream().forEach(d -> nth.add(new int[] {d, k}));
      } else if (part.length() > 1 && part.charAt(0) == 'l' && part.substring(1).chars().allMatch(Character::isDigit)) {
        int day = Integer.parseInt(part.substring(1));
        if (day == 7 && sevenIsSunday) {
          day = 0;
        }
        if (day > 6) {
          return false;
        }
        last.set(day);
      } else {
        BitSet plain = field(part, 0, 6, DAYS, sevenIsSunday ? 7 : -1);
        if (plain == null) {
          return false;
        }
        weekdays.or(plain);
        plainUsed = true;
      }
    }
    return nth.isEmpty() || !plainUsed || weekdays.cardinality() == 7;
  }

  /**
   * One field as croniter expands it: {@code *}, values, names, {@code a-b} (wrapping round when
   * {@code a > b}, the whole cycle when {@code a == b}), {@code /step} after {@code *}, a range or a start.
   *
   * @param alias a value that croniter maps onto the field's minimum first (7 → Sunday, 0 → day 1), or -1
   */
  private static BitSet field(String text, int min, int max, List<String> names, int alias) {
    BitSet set = new BitSet();
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        return null;
      }
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        String stepText = part.substring(slash + 1);
        if (stepText.isEmpty() || stepText.length() > 4 || !stepText.chars().allMatch(Character::isDigit)) {
          return null;
        }
        step = Integer.parseInt(stepText);
        if (step == 0) {
          return null;
        }
        range = part.substring(0, slash);
      }
      if (range.equals("*")) {
        for (int v = min; v <= max; v += step) {
          set.set(v);
        }
        continue;
      }
      int dash = range.indexOf('-', 1);
      if (dash < 0 && slash < 0) {
        Integer v = value(range, names, alias, min);
        if (v == null || v < min || v > max) {
          return null;
        }
        set.set(v);
        continue;
      }
      Integer lo = value(dash < 0 ? range : range.substring(0, dash), names, alias, min);
      Integer hi = dash < 0 ? Integer.valueOf(max) : value(range.substring(dash + 1), names, alias, min);
      if (lo == null || hi == null || Math.max(lo, hi) > max) {
        return null;
      }
      if (lo < hi) {
        for (int v = lo; v <= hi; v += step) {
          set.set(v);
        }
      } else if (lo.equals(hi)) {
        for (int v = min; v <= max; v += step) {
          set.set(v);
        }
      } else {
        // Backwards ranges wrap round (e.g. fri-mon); croniter restarts the step after the end its own way.
        int last = lo;
        for (int v = lo; v <= max; v += step) {
          set.set(v);
          last = v;
        }
        int skipped = max - last;
        int skip = last - min + step > max - min + 1 && skipped < step ? step - skipped : 0;
        for (int v = min + skip; v <= hi; v += step) {
          set.set(v);
        }
      }
    }
    return set;
  }

  private static Integer value(String text, List<String> names, int alias, int min) {
    int named = names.indexOf(text);
    if (named >= 0) {
      return names == MONTHS ? named + 1 : named;
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int v = Integer.parseInt(text);
    return alias >= 0 && v == alias ? Integer.valueOf(min) : Integer.valueOf(v);
  }
}
