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
 * @param serverLine the part of {@code serverMessage} about this problem alone: a 400's detail holds the
 *     lines of every problem of its stage, which a compile error quoting it for each would repeat (fifty
 *     problems, fifty copies of fifty lines); {@code null} means all of {@code serverMessage}
 */
public record Diagnostic(
    String rule, Severity severity, Location location, String message, String serverMessage, Stage stage,
    String serverLine) {

  public Diagnostic {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stage, "stage");
    if (serverLine == null) {
      serverLine = serverMessage;
    }
  }

  /** A diagnostic whose server text is about it alone ({@link #serverLine()} is {@code serverMessage}). */
  public Diagnostic(
      String rule, Severity severity, Location location, String message, String serverMessage, Stage stage) {
    this(rule, severity, location, message, serverMessage, stage, serverMessage);
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
