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
 * @param requestModelError for a {@link Stage#REQUEST_MODEL} problem, the 422 item it belongs to, as data
 *     ({@code serverMessage} is then its {@link RequestModelError#text()}); {@code null} otherwise. Several
 *     diagnostics can share one item: pydantic joins the problems of one field into one message.
 */
public record Diagnostic(
    String rule, Severity severity, Location location, String message, String serverMessage, Stage stage,
    String serverLine, RequestModelError requestModelError) {

  public Diagnostic {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stage, "stage");
    if (requestModelError != null) {
      serverMessage = requestModelError.text();
      serverLine = serverMessage;
    }
    if (serverLine == null) {
      serverLine = serverMessage;
    }
  }

  /** A diagnostic of a stage after the request model, with its part of the server text. */
  public Diagnostic(
      String rule, Severity severity, Location location, String message, String serverMessage, Stage stage,
      String serverLine) {
    this(rule, severity, location, message, serverMessage, stage, serverLine, null);
  }

  /** A diagnostic whose server text is about it alone ({@link #serverLine()} is {@code serverMessage}). */
  public Diagnostic(
      String rule, Severity severity, Location location, String message, String serverMessage, Stage stage) {
    this(rule, severity, location, message, serverMessage, stage, serverMessage, null);
  }

  /** A request-model (422) error: its server text is the item's {@link RequestModelError#text()}. */
  public static Diagnostic requestModel(String rule, Location location, String message, RequestModelError item) {
    Objects.requireNonNull(item, "item");
    return new Diagnostic(rule, Severity.ERROR, location, message, null, Stage.REQUEST_MODEL, null, item);
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
