package host.exosphere.client;

/**
 * Blanks out sensitive values from texts that may reach a log or an exception message: a server or a
 * proxy may echo a request header or body in its error text, and an exception message travels far.
 */
final class Redaction {
  static final String MASK = "***";
  /**
   * Shorter values are left alone: masking "v" would garble every message ("***alidating") while
   * protecting nothing, since a value that short cannot be kept secret anyway.
   */
  static final int MIN_LENGTH = 4;

  private Redaction() {}

  /** {@code text} with every occurrence of {@code value} replaced by {@value #MASK}. */
  static String redact(String text, String value) {
    if (text == null || value == null || value.length() < MIN_LENGTH) {
      return text;
    }
    return text.replace(value, MASK);
  }
}
