package host.exosphere.client;

import java.util.List;

/** The state manager refused a graph (400/422 on upsert) or verification ended INVALID. */
public class GraphValidationException extends StateManagerException {
  private static final long serialVersionUID = 1L;

  private final List<String> validationErrors;

  public GraphValidationException(String message, int status, List<String> validationErrors) {
    super(message, status, String.join("\n", validationErrors));
    this.validationErrors = List.copyOf(validationErrors);
  }

  /** The server's own error texts. */
  public List<String> validationErrors() {
    return validationErrors;
  }
}
