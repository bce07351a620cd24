package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * How pydantic-core reads an {@code int} field from JSON in lax mode, the one reading both the graph
 * validator (a retry policy's numbers, docs/state-manager.md §3.1) and the embedded server (every int of a request
 * body or path, docs/state-manager.md §1.1) use. Accepted: JSON integers of any size, whole floats inside the 64-bit
 * range, booleans as 0 and 1, and strings Python's {@code int()} would read after Rust's trim (a sign,
 * leading zeros, single underscores between digits, a {@code .0…} tail).
 *
 * <p>Shared by the runtime's packages; not meant for application code.
 */
public final class PydanticInt {
  private static final Pattern JSON_INT = Pattern.compile("-?(0|[1-9][0-9]*)");
  /** CPython's default limit on the digits {@code int()} converts. */
  private static final int MAX_DIGITS = 4300;

  private PydanticInt() {}

  /**
   * The value, or pydantic's error {@code type} and {@code msg}; exactly one of {@code value} and
   * {@code type} is set.
   */
  public record Result(BigInteger value, String type, String message) {
    static Result ok(BigInteger value) {
      return new Result(value, null, null);
    }

    static Result error(String type, String message) {
      return new Result(null, type, message);
    }

    public boolean ok() {
      return value != null;
    }
  }

  /** Reads {@code json} as pydantic-core reads an {@code int} field in lax mode. */
  public static Result read(JsonNode json) {
    if (json.isIntegralNumber()) {
      return Result.ok(json.bigIntegerValue());
    }
    if (json.isBoolean()) {
      return Result.ok(json.booleanValue() ? BigInteger.ONE : BigInteger.ZERO);
    }
    if (json.isFloatingPointNumber()) {
      // pydantic-core holds JSON floats as f64, so judge the double, not the decimal text.
      double d = json.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Result.error("finite_number", "Input should be a finite number");
      }
      if (d != Math.rint(d)) {
        return Result.error("int_from_float", "Input should be a valid integer, got a number with a fractional part");
      }
      // float_as_int: only floats strictly inside i64 become ints (1e19 fails, the integer 10^19 does not).
      if (!(d > -0x1p63 && d < 0x1p63)) {
        return Result.error("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size");
      }
      return Result.ok(BigInteger.valueOf((long) d));
    }
    if (json.isTextual()) {
      return readText(json.textValue());
    }
    return Result.error("int_type", "Input should be a valid integer");
  }

  /**
   * pydantic-core's {@code str_as_int}: the text as a strict JSON integer (more than 4300 digits is
   * {@code int_parsing_size}); else cleaned as Python's {@code int()} would read it and parsed again;
   * else {@code int_parsing}.
   */
  public static Result readText(String text) {
    if (JSON_INT.matcher(text).matches()) {
      if (digits(text) > MAX_DIGITS) {
        return Result.error("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size");
      }
      return Result.ok(new BigInteger(text));
    }
    String cleaned = clean(text);
    if (cleaned != null && JSON_INT.matcher(cleaned).matches() && digits(cleaned) <= MAX_DIGITS) {
      return Result.ok(new BigInteger(cleaned));
    }
    return Result.error("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
  }

  private static int digits(String integer) {
    return integer.length() - (integer.startsWith("-") ? 1 : 0);
  }

  /** pydantic-core's {@code clean_int_str}; null when nothing could be cleaned. */
  static String clean(String original) {
    String s = rustTrim(original);
    if (s.startsWith("+")) {
      if (s.startsWith("+-")) {
        return null;
      }
      s = s.substring(1);
    }
    boolean negative = false;
    if (s.startsWith("-")) {
      if (s.startsWith("--") || s.startsWith("-+")) {
        return null;
      }
      negative = true;
      s = s.substring(1);
    }
    s = stripLeadingZeros(s);
    if (s == null) {
      return null;
    }
    int dot = s.indexOf('.');
    if (dot >= 0) {
      String fraction = s.substring(dot + 1);
      if (!fraction.isEmpty() && fraction.chars().allMatch(c -> c == '0')) {
        s = s.substring(0, dot);
      }
    }
    String sign = negative ? "-" : "";
    if (!s.startsWith("_") && !s.endsWith("_") && s.contains("_") && !s.contains("__")) {
      return sign + s.replace("_", "");
    }
    if (original.length() == s.length()) {
      return null;
    }
    return sign + s;
  }

  private static String stripLeadingZeros(String s) {
    if (s.isEmpty()) {
      return null;
    }
    char first = s.charAt(0);
    if (first != '0') {
      return (first >= '1' && first <= '9') || first == '-' ? s : null;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '0' || c == '_') {
        continue;
      }
      if ((c >= '1' && c <= '9') || c == '-') {
        return s.substring(i);
      }
      return c == '.' ? s.substring(i - 1) : null;
    }
    return s.substring(s.length() - 1);
  }

  /**
   * Rust's {@code str::trim()}, which pydantic-core applies before cleaning: it strips Unicode
   * {@code White_Space} (so also U+0085, U+00A0, U+2007, U+202F, which Java's {@code strip()} keeps) but
   * not U+001C..U+001F (which Java's {@code strip()} removes).
   */
  static String rustTrim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isUnicodeWhiteSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isUnicodeWhiteSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isUnicodeWhiteSpace(char c) {
    return switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
      default -> c >= 0x2000 && c <= 0x200a;
    };
  }
}
