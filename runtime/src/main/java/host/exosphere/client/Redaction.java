package host.exosphere.client;

/**
 * Blanks out sensitive values from texts that may reach a log or an exception message: a server or a
 * proxy may echo a request header or body in its error text, and an exception message travels far.
 */
final class Redaction {
  static final String MASK = "***";

  private Redaction() {}

  /** {@code text} with every occurrence of {@code value} replaced by {@value #MASK}. */
  static String redact(String text, String value) {
    if (text == null || value == null || value.isEmpty()) {
      return text;
    }
    return text.replace(value, MASK);
  }
}
