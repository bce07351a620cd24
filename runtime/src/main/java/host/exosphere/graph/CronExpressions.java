package host.exosphere.graph;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cron expressions exactly as the state manager reads them with croniter 6.0.0: {@code is_valid} at
 * upsert (docs/state-manager.md §3.1) and {@code get_next} when a graph becomes VALID (§4.9).
 *
 * <p>croniter is more permissive than "standard 5-field cron" and has quirks a compatible validator must
 * share, so this is a parser of croniter's own grammar rather than a general cron library (cron-utils
 * cannot express these rules):
 * <ul>
 *   <li>5 fields; 6 = a trailing seconds field; 7 = seconds, then a year (1970–2099). Aliases
 *       {@code @midnight @hourly @daily @weekly @monthly @yearly @annually}; names {@code jan}…,
 *       {@code sun}…, case-insensitive; {@code ?} in day fields means {@code *}; {@code L} (last day of
 *       month), {@code L5} (last Friday), {@code 1#2} (second Monday); {@code R} (a random value).
 *   <li>A range whose ends are equal ({@code 5-5}) means the whole field; a reversed range wraps
 *       ({@code 22-2}); day of week 7 is Sunday only in 5-field expressions; day of month 0 means 1 only
 *       in 6-field expressions.
 *   <li>When day of month and day of week are both restricted either matches, and each of the two is
 *       searched on its own: if one of them never matches, there is no next time at all.
 *   <li>The search for the next time gives up 50 years after the start ("failed to find next date").
 * </ul>
 */
public final class CronExpressions {
  private CronExpressions() {}

  private static final int MINUTE = 0;
  private static final int HOUR = 1;
  private static final int DAY = 2;
  private static final int MONTH = 3;
  private static final int DOW = 4;
  private static final int SECOND = 5;
  private static final int YEAR = 6;

  private static final String[] FIELD_NAMES =
      {"minute", "hour", "day of month", "month", "day of week", "second", "year"};
  private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}, {0, 59}, {1970, 2099}};
  /** How many distinct values mean "every value" in each field (croniter then treats the field as *). */
  private static final int[] SIZE_MEANS_ALL = {60, 24, 31, 12, 7, 60, 130};
  /** croniter's search window. */
  static final int MAX_YEARS_BETWEEN_MATCHES = 50;

  private static final Map<String, String> ALIASES = Map.of(
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *",
      "@daily", "0 0 * * *",
      "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *",
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *");
  private static final List<String> MONTH_NAMES =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> DAY_NAMES = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private static final Pattern HASH = Pattern.compile("^(h|r)(\\((\\d+)-(\\d+)\\))?(/(\\d+))?$");
  private static final Pattern STEP = Pattern.compile("^([^-]+)-([^-/]+)(/(\\d+))?$");
  private static final Pattern STAR_STEP = Pattern.compile("^\\*(/.+)$");
  private static final Pattern START_STEP = Pattern.compile("^(.+)/(.+)$");
  private static final Pattern DIGITS = Pattern.compile("^\\d+$");
  private static final Pattern STAR_OR_DIGITS = Pattern.compile("^(\\d+|\\*)$");
  private static final String WEEKDAYS = String.join("|", DAY_NAMES);
  private static final String MONTHS = String.join("|", MONTH_NAMES);
  /** {@code 2#3}, {@code mon-fri#1} or {@code l5}, as croniter's special day-of-week pattern. */
  private static final Pattern SPECIAL_DOW = Pattern.compile("^(?<pre>((?<he>((" + WEEKDAYS + ")(-(" + WEEKDAYS
      + "))?)|((" + MONTHS + ")(-(" + MONTHS + "))?)|\\w+)#)|l)(?<last>\\d+)$", Pattern.UNICODE_CHARACTER_CLASS);

  /** {@code croniter.is_valid(expression)}. */
  public static boolean isValid(String expression) {
    return describeProblem(expression).isEmpty();
  }

  /** Why croniter refuses {@code expression}, in plain words, or empty when it accepts it. */
  public static Optional<String> describeProblem(String expression) {
    Objects.requireNonNull(expression, "expression");
    try {
      parse(expression);
      return Optional.empty();
    } catch (CronProblem p) {
      return Optional.of(p.getMessage());
    }
  }

  /**
   * The first time strictly after {@code after} (at minute precision for 5 fields, second precision
   * otherwise) that matches, as croniter's {@code get_next} computes it; empty when croniter finds none
   * ("failed to find next date": an impossible date such as Feb 30, a past year, or nothing within 50
   * years) and when the expression is not valid at all ({@link #describeProblem} says why).
   */
  public static Optional<LocalDateTime> nextFireTime(String expression, LocalDateTime after) {
    Objects.requireNonNull(after, "after");
    Parsed cron;
    try {
      cron = parse(Objects.requireNonNull(expression, "expression"));
    } catch (CronProblem p) {
      return Optional.empty();
    }
    LocalDateTime start = cron.fieldCount == 5
        ? after.plusMinutes(1).truncatedTo(ChronoUnit.MINUTES)
        : after.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    if (!cron.domStar && !cron.dowStar) {
      // Either day field may match, but croniter searches each on its own and fails if one never matches.
      Optional<LocalDateTime> byDay = cron.search(start, true, false);
      Optional<LocalDateTime> byWeekday = cron.search(start, false, true);
      if (byDay.isEmpty() || byWeekday.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(byDay.get().isBefore(byWeekday.get()) ? byDay.get() : byWeekday.get());
    }
    return cron.search(start, !cron.domStar, !cron.dowStar);
  }

  /** A reason croniter refuses an expression. */
  private static final class CronProblem extends Exception {
    private static final long serialVersionUID = 1L;

    CronProblem(String message) {
      super(message, null, false, false);
    }
  }

  /** The expanded fields. */
  private static final class Parsed {
    int fieldCount;
    final boolean[][] values = new boolean[7][];
    boolean domStar = true;
    boolean domLast;
    boolean dowStar = true;
    boolean yearStar = true;
    /** weekday → occurrences (1–5, or 0 for the last one) for {@code 1#2} and {@code L5}. */
    final Map<Integer, Set<Integer>> nth = new HashMap<>();

    Optional<LocalDateTime> search(LocalDateTime start, boolean useDom, boolean useDow) {
      int lastYear = start.getYear() + MAX_YEARS_BETWEEN_MATCHES;
      LocalDate day = start.toLocalDate();
      LocalTime from = start.toLocalTime();
      while (day.getYear() <= lastYear) {
        if (!yearStar && (day.getYear() > RANGES[YEAR][1] || !values[YEAR][day.getYear() - RANGES[YEAR][0]])) {
          day = LocalDate.of(day.getYear() + 1, 1, 1);
          from = LocalTime.MIDNIGHT;
          continue;
        }
        if (!values[MONTH][day.getMonthValue()]) {
          day = day.withDayOfMonth(1).plusMonths(1);
          from = LocalTime.MIDNIGHT;
          continue;
        }
        if (dayMatches(day, useDom, useDow)) {
          LocalTime time = firstTimeFrom(from);
          if (time != null) {
            return Optional.of(day.atTime(time));
          }
        }
        day = day.plusDays(1);
        from = LocalTime.MIDNIGHT;
      }
      return Optional.empty();
    }

    private boolean dayMatches(LocalDate day, boolean useDom, boolean useDow) {
      if (useDom && !(values[DAY][day.getDayOfMonth()]
          || (domLast && day.getDayOfMonth() == day.lengthOfMonth()))) {
        return false;
      }
      if (!nth.isEmpty()) {
        // croniter checks nth weekdays whenever there are any, even when it searches by day of month.
        return nthMatches(day);
      }
      return !useDow || values[DOW][day.getDayOfWeek().getValue() % 7];
    }

    private boolean nthMatches(LocalDate day) {
      int weekday = day.getDayOfWeek().getValue() % 7;
      Set<Integer> wanted = nth.get(weekday);
      if (wanted == null) {
        return false;
      }
      int occurrence = (day.getDayOfMonth() - 1) / 7 + 1;
      boolean last = day.getDayOfMonth() + 7 > day.lengthOfMonth();
      return wanted.contains(occurrence) || (last && wanted.contains(0));
    }

    private LocalTime firstTimeFrom(LocalTime from) {
      for (int h = from.getHour(); h < 24; h++) {
        if (!values[HOUR][h]) {
          continue;
        }
        int m0 = h == from.getHour() ? from.getMinute() : 0;
        for (int m = m0; m < 60; m++) {
          if (!values[MINUTE][m]) {
            continue;
          }
          int s0 = h == from.getHour() && m == from.getMinute() ? from.getSecond() : 0;
          for (int s = s0; s < 60; s++) {
            if (values[SECOND][s]) {
              return LocalTime.of(h, m, s);
            }
          }
        }
      }
      return null;
    }
  }

  private static Parsed parse(String expression) throws CronProblem {
    String lower = expression.toLowerCase(Locale.ROOT);
    String aliased = ALIASES.getOrDefault(lower, lower);
    List<String> fields = splitOnWhitespace(aliased);
    int n = fields.size();
    if (n != 5 && n != 6 && n != 7) {
      throw new CronProblem("expected 5 fields (minute hour day-of-month month day-of-week), 6 (plus seconds) "
          + "or 7 (plus seconds and year), or an alias such as @daily; got " + n);
    }
    Parsed parsed = new Parsed();
    parsed.fieldCount = n;
    Set<Object> dowTokens = null;
    for (int i = 0; i < n; i++) {
      Set<Object> tokens = expandField(i, fields.get(i), n, parsed);
      boolean star = tokens.contains("*") || (tokens.size() == SIZE_MEANS_ALL[i]
          && !(i == DAY && !fields.get(DOW).contains("*"))
          && !(i == DOW && !fields.get(DAY).contains("*")));
      int size = i == YEAR ? RANGES[YEAR][1] - RANGES[YEAR][0] + 1 : RANGES[i][1] + 1;
      boolean[] allowed = new boolean[size];
      int offset = i == YEAR ? RANGES[YEAR][0] : 0;
      for (Object token : tokens) {
        if (token instanceof Integer v) {
          allowed[v - offset] = true;
        }
      }
      if (star) {
        Arrays.fill(allowed, true);
      }
      parsed.values[i] = allowed;
      if (i == DAY) {
        parsed.domStar = star;
        parsed.domLast = tokens.contains("l");
      } else if (i == DOW) {
        parsed.dowStar = star;
        dowTokens = tokens;
      } else if (i == YEAR) {
        parsed.yearStar = star;
      }
    }
    if (n == 5) {
      parsed.values[SECOND] = new boolean[60];
      parsed.values[SECOND][0] = true;
    }
    if (!parsed.nth.isEmpty()) {
      // A full week counts as "*" unless it is "*" itself mixed with other values.
      Set<Object> expanded = parsed.dowStar && !dowTokens.contains("*") ? Set.of("*") : dowTokens;
      Set<Object> plain = new HashSet<>(expanded);
      plain.removeAll(parsed.nth.keySet());
      plain.remove("*");
      if (!plain.isEmpty() && expanded.size() != SIZE_MEANS_ALL[DOW]) {
        throw new CronProblem("the day-of-week field cannot mix plain days with nth-day syntax (1#2, L5)");
      }
    }
    return parsed;
  }

  /** croniter's str.split(): runs of whitespace, ends ignored. */
  private static List<String> splitOnWhitespace(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85) {
        if (current.length() > 0) {
          parts.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      parts.add(current.toString());
    }
    return parts;
  }

  /** The distinct values of one field: Integers, "*" and (day of month) "l". */
  private static Set<Object> expandField(int i, String field, int n, Parsed parsed) throws CronProblem {
    String name = FIELD_NAMES[i];
    int min = RANGES[i][0];
    int max = RANGES[i][1];
    String expr = expandRandom(i, field);
    if (expr.contains("?")) {
      if (!expr.equals("?")) {
        throw new CronProblem("'?' must stand alone in the " + name + " field");
      }
      if (i != DAY && i != DOW) {
        throw new CronProblem("'?' is only allowed in the day-of-month and day-of-week fields");
      }
      expr = "*";
    }
    Deque<String> work = new ArrayDeque<>(List.of(expr.split(",", -1)));
    Set<String> queued = new HashSet<>(work);
    Set<Object> result = new HashSet<>();
    while (!work.isEmpty()) {
      String e = work.pollLast();
      Integer nth = null;
      if (i == DOW) {
        Matcher special = SPECIAL_DOW.matcher(e);
        if (special.matches()) {
          String he = special.group("he");
          if (he != null) {
            e = he;
            BigInteger k = new BigInteger(special.group("last"));
            if (k.compareTo(BigInteger.ONE) < 0 || k.compareTo(BigInteger.valueOf(5)) > 0) {
              throw new CronProblem("'#" + special.group("last") + "' must be 1 to 5 (the nth weekday of the month)");
            }
            nth = k.intValue();
          } else {
            e = special.group("last");
            nth = 0;
          }
        }
      }
      String t = e;
      Matcher starStep = STAR_STEP.matcher(e);
      if (starStep.matches()) {
        t = min + "-" + max + starStep.group(1);
      }
      Matcher m = STEP.matcher(t);
      if (!m.matches()) {
        Matcher startStep = START_STEP.matcher(e);
        t = startStep.matches() ? startStep.group(1) + "-" + max + "/" + startStep.group(2) : e;
        m = STEP.matcher(t);
      }
      if (m.matches()) {
        String low = m.group(1);
        String high = m.group(2);
        String stepText = m.group(4) == null ? "1" : m.group(4);
        if (i == DAY && high.equals("l")) {
          high = "31";
        }
        if (!DIGITS.matcher(low).matches()) {
          low = String.valueOf(alias(i, low, field));
        }
        if (!DIGITS.matcher(high).matches()) {
          high = String.valueOf(alias(i, high, field));
        }
        if (!DIGITS.matcher(low).matches() || !DIGITS.matcher(high).matches()) {
          throw new CronProblem("'" + low + "-" + high + "' is not a range of numbers in the " + name + " field");
        }
        BigInteger step = new BigInteger(stepText);
        int lo = lowAlias(i, bounded(low), n);
        int hi = lowAlias(i, bounded(high), n);
        if (Math.max(lo, hi) > max) {
          throw new CronProblem("'" + e + "' goes beyond " + max + ", the largest " + name);
        }
        if (step.signum() == 0) {
          throw new CronProblem("the step of '" + e + "' must not be 0");
        }
        int st = step.min(BigInteger.valueOf(1000)).intValue();
        List<Integer> range = new ArrayList<>();
        if (lo > hi) {
          // A reversed range wraps around the end of the field, keeping the step's rhythm.
          for (int v = lo; v <= max; v += st) {
            range.add(v);
          }
          int skip = 0;
          if (!range.isEmpty()) {
            int lastValue = range.get(range.size() - 1);
            int alreadySkipped = max - lastValue;
            int position = lastValue - min;
            if (position + st > max - min + 1 && alreadySkipped < st) {
              skip = st - alreadySkipped;
            }
          }
          for (int v = min + skip; v <= hi; v += st) {
            range.add(v);
          }
        } else if (lo == hi) {
          // QUIRK: croniter reads "5-5" as the whole field.
          for (int v = min; v <= max; v += st) {
            range.add(v);
          }
        } else {
          for (int v = lo; v <= hi; v += st) {
            range.add(v);
          }
        }
        for (int v : range) {
          String item = nth != null && nth > 0 ? v + "#" + nth : String.valueOf(v);
          if (queued.add(item)) {
            work.add(item);
          }
        }
      } else {
        if (t.startsWith("-")) {
          throw new CronProblem("negative numbers are not allowed ('" + t + "' in the " + name + " field)");
        }
        Object value = t;
        if (!STAR_OR_DIGITS.matcher(t).matches()) {
          value = alias(i, t, field);
        }
        if (value instanceof String s && DIGITS.matcher(s).matches()) {
          value = bounded(s);
        }
        if (value instanceof Integer v) {
          value = lowAlias(i, v, n);
          int iv = (Integer) value;
          if (iv < min || iv > max) {
            throw new CronProblem("'" + t + "' is out of range for the " + name + " field (" + min + "-" + max + ")");
          }
        }
        result.add(value);
        if (i == DOW && nth != null) {
          parsed.nth.computeIfAbsent((Integer) value, k -> new HashSet<>()).add(nth);
        }
      }
    }
    return result;
  }

  /** A number, capped so that absurdly long digit strings stay out of range instead of overflowing. */
  private static int bounded(String digits) {
    BigInteger v = new BigInteger(digits);
    return v.compareTo(BigInteger.valueOf(1_000_000)) > 0 ? 1_000_000 : v.intValue();
  }

  /** A name in a field: month and weekday names, and "l" in the day of month. */
  private static Object alias(int i, String token, String field) throws CronProblem {
    if (i == MONTH && MONTH_NAMES.contains(token)) {
      return MONTH_NAMES.indexOf(token) + 1;
    }
    if (i == DOW && DAY_NAMES.contains(token)) {
      return DAY_NAMES.indexOf(token);
    }
    if (i == DAY && token.equals("l")) {
      return "l";
    }
    throw new CronProblem("'" + token + "' is not a valid value in the " + FIELD_NAMES[i] + " field"
        + (field.equals(token) ? "" : " ('" + field + "')"));
  }

  /**
   * croniter's LOWMAP: day of month 0 → 1 only in 6-field expressions, day of week 7 → 0 (Sunday) only
   * in 5-field expressions; month 0 is never accepted.
   */
  private static int lowAlias(int i, int value, int n) {
    if (i == DAY && value == 0 && n == 6) {
      return 1;
    }
    if (i == DOW && value == 7 && n == 5) {
      return 0;
    }
    return value;
  }

  /** croniter's R (random) values; H (hashed) needs a hash id, which the state manager never passes. */
  private static String expandRandom(int i, String field) throws CronProblem {
    Matcher m = HASH.matcher(field);
    if (!m.matches()) {
      return field;
    }
    if (m.group(1).equals("h")) {
      throw new CronProblem("'H' (hashed) values need a hash id, which the state manager does not pass");
    }
    int min = RANGES[i][0];
    int max = RANGES[i][1];
    if (m.group(2) != null) {
      int begin = bounded(m.group(3));
      int end = bounded(m.group(4));
      if (begin >= end) {
        throw new CronProblem("in '" + field + "' the range end must be greater than its beginning");
      }
      if (m.group(5) != null) {
        int divisor = bounded(m.group(6));
        if (divisor == 0) {
          throw new CronProblem("the step of '" + field + "' must not be 0");
        }
        return random(begin, divisor - 1 + begin) + "-" + end + "/" + divisor;
      }
      return String.valueOf(random(begin, end));
    }
    if (m.group(5) != null) {
      int divisor = bounded(m.group(6));
      if (divisor == 0) {
        throw new CronProblem("the step of '" + field + "' must not be 0");
      }
      return random(min, divisor - 1 + min) + "-" + max + "/" + divisor;
    }
    return String.valueOf(random(min, max));
  }

  private static int random(int low, int high) {
    return low + ThreadLocalRandom.current().nextInt(high - low + 1);
  }
}
