package host.exosphere.processor;

/**
 * A type the parse needs is not generated yet (it is an error type in this round). The annotated type is
 * retried in the next round and reported only in the last one, and only if nothing else failed, because
 * another processor may still generate it.
 */
final class DeferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean javacReports;

  DeferException(String what) {
    this(what, false);
  }

  /**
   * @param javacReports true when javac itself reports the cause at the end whatever happens (an annotation
   *     or annotation value that does not resolve), so a note from the processor would only add noise
   */
  DeferException(String what, boolean javacReports) {
    super(what, null, false, false);
    this.javacReports = javacReports;
  }

  boolean javacReports() {
    return javacReports;
  }
}
