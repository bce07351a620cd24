package host.exosphere.graph;

/** Short-hands for building {@link Diagnostic}s inside the rule classes. */
final class Diagnostics {
  private Diagnostics() {}

  static Diagnostic error(String rule, Location location, String message, String serverMessage, Stage stage) {
    return new Diagnostic(rule, Severity.ERROR, location, message, serverMessage, stage);
  }

  /** An error whose {@code serverLine} is its own part of a longer {@code serverMessage}. */
  static Diagnostic error(String rule, Location location, String message, String serverMessage, Stage stage,
      String serverLine) {
    return new Diagnostic(rule, Severity.ERROR, location, message, serverMessage, stage, serverLine);
  }

  static Diagnostic warning(String rule, Location location, String message) {
    return new Diagnostic(rule, Severity.WARNING, location, message, null, Stage.RUN_TIME);
  }
}
