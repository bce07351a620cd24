package host.exosphere.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the validator found in a graph template.
 *
 * @param diagnostics every problem, errors of the failing stage first and then warnings, in the server's
 *     order within a stage
 * @param normalized the template as the state manager would store it (names, identifiers, next nodes,
 *     unites targets and store keys trimmed), or {@code null} when the request model failed (422)
 */
public record ValidationReport(List<Diagnostic> diagnostics, GraphTemplate normalized) {

  public ValidationReport {
    diagnostics = List.copyOf(Objects.requireNonNull(diagnostics, "diagnostics"));
  }

  /** True when the state manager would end with {@code VALID} (warnings allowed). */
  public boolean valid() {
    return errors().isEmpty();
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).collect(Collectors.toList());
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).collect(Collectors.toList());
  }

  /** The stage that fails, or empty when the graph is valid. */
  public Optional<Stage> failingStage() {
    return errors().stream().map(Diagnostic::stage).findFirst();
  }

  /** The status the state manager answers the upsert with: 422, 400, or 201. */
  public int httpStatus() {
    return failingStage().map(Stage::httpStatus).orElse(201);
  }

  /**
   * What the state manager itself would answer, as one text (the conformance corpus's "error text"): for
   * 422 the {@code detail} items as {@code loc: msg}, one a line; for 400 the {@code detail} string; for
   * an INVALID verification the {@code validation_errors}, one a line; empty when the graph is valid.
   */
  public String serverText() {
    Optional<Stage> stage = failingStage();
    if (stage.isEmpty()) {
      return "";
    }
    // Several diagnostics can share one 422 item or the one 400 detail; verification errors are a list
    // in which the server may repeat a message, so those are kept as they are.
    java.util.stream.Stream<String> texts = errors().stream()
        .filter(d -> d.stage() == stage.get() && d.serverMessage() != null)
        .map(Diagnostic::serverMessage);
    if (stage.get() != Stage.VERIFICATION) {
      texts = texts.distinct();
    }
    return texts.collect(Collectors.joining("\n"));
  }

  /** The normalized template, if the request model accepted it. */
  public Optional<GraphTemplate> normalizedTemplate() {
    return Optional.ofNullable(normalized);
  }
}
