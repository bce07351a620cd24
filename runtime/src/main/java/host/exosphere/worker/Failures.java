package host.exosphere.worker;

import host.exosphere.client.StateManagerException;

/** How the runtime classifies state-manager failures and describes node failures. */
final class Failures {
  private Failures() {}

  /**
   * Whether a failed call may succeed if repeated: the server was unreachable (status 0), overloaded
   * or broken (5xx, 429, 408). Any other 4xx is the server's final word (e.g. 400 "State is not
   * queued") and repeating it would only repeat the answer. Exceptions that are not
   * {@link StateManagerException}s come from the transport and are treated as unreachable.
   */
  static boolean retryable(Throwable e) {
    if (!(e instanceof StateManagerException sme)) {
      return true;
    }
    int status = sme.status();
    return status == 0 || status >= 500 || status == 429 || status == 408;
  }

  /** A one-line summary of a state-manager failure for logs: status and detail, never a body dump. */
  static String summary(Throwable e) {
    if (e instanceof StateManagerException sme) {
      String what = sme.status() == 0 ? "unreachable" : "HTTP " + sme.status();
      String detail = sme.detail() != null ? sme.detail() : sme.getMessage();
      return detail == null ? what : what + ": " + detail;
    }
    return describe(e);
  }

  /**
   * The text reported as a state's {@code error}: the exception's class and message, plus its root
   * cause when it has one ("IllegalStateException: boom (caused by IOException: disk full)"). The
   * Python runtime sends only {@code str(e)}, which loses the type (docs/state-manager.md §5.3).
   */
  static String describe(Throwable t) {
    StringBuilder text = new StringBuilder(oneLine(t));
    Throwable root = t;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
      root = root.getCause();
    }
    if (root != t) {
      text.append(" (caused by ").append(oneLine(root)).append(')');
    }
    return text.toString();
  }

  private static String oneLine(Throwable t) {
    String type = t.getClass().getSimpleName();
    if (type.isEmpty()) {
      type = t.getClass().getName();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
