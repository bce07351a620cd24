package host.exosphere.graph;

/**
 * Python's {@code str.strip()}, which the state manager applies to names, identifiers, store keys and the
 * parts of a placeholder (docs/state-manager.md §3.2 "Whitespace"). Java's {@link String#strip()} disagrees on a few
 * characters (no-break spaces are whitespace to Python but not to Java), so a graph that the server
 * accepts must not be refused here, nor the reverse.
 */
final class PythonStrings {
  private PythonStrings() {}

  static String strip(String s) {
    int length = s.length();
    if (length == 0 || (!maybeSpace(s.charAt(0)) && !maybeSpace(s.charAt(length - 1)))) {
      return s; // the usual case, without scanning
    }
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean maybeSpace(char c) {
    return c <= ' ' || c >= 0x85;
  }

  /** {@code str.isspace()} for one character (all Python whitespace is in the BMP). */
  static boolean isSpace(char c) {
    return switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680,
          0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
      default -> c >= 0x2000 && c <= 0x200a;
    };
  }
}
