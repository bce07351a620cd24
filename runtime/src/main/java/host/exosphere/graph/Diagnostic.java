package host.exosphere.graph;

import java.util.Objects;

/**
 * One problem found in a graph template.
 *
 * @param rule a stable rule id, e.g. {@code unknown-output-field}; printed as {@code [exosphere:<rule>]}
 * @param severity {@link Severity#ERROR} when the state manager would refuse the graph
 * @param location where the problem is
 * @param message what is wrong and how to fix it, in plain words
 * @param serverMessage the state manager's own text for it, or {@code null} for checks beyond parity
 * @param stage the server layer that reports it
 */
public record Diagnostic(
    String rule, Severity severity, Location location, String message, String serverMessage, Stage stage) {

  public Diagnostic {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stage, "stage");
  }

  /** The HTTP status the state manager would answer the upsert with. */
  public int httpStatus() {
    return stage.httpStatus();
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code [exosphere:rule] location: message}. */
  @Override
  public String toString() {
    return "[exosphere:" + rule + "] " + location + ": " + message;
  }
}
