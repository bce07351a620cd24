package host.exosphere.client;

/** A state-manager call failed: carries the HTTP status (0 when no answer came) and the {@code detail}. */
public class StateManagerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String detail;

  public StateManagerException(String message, int status, String detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }

  public StateManagerException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.detail = null;
  }

  /** The HTTP status, or 0 when the server could not be reached. */
  public int status() {
    return status;
  }

  /** The response's {@code detail}, as text, or {@code null}. */
  public String detail() {
    return detail;
  }
}
