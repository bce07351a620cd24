package host.exosphere.processor;

/**
 * A type the parse needs is not generated yet (it is an error type in this round). The annotated type is
 * retried in the next round and reported only in the last one, and only if nothing else failed, because
 * another processor may still generate it.
 */
final class DeferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DeferException(String what) {
    super(what, null, false, false);
  }
}
