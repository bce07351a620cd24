package host.exosphere.spring;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Start-up stops here when {@code exosphere.*} properties are missing or out of range;
 * {@link InvalidPropertiesFailureAnalyzer} turns it into Spring Boot's "APPLICATION FAILED TO START"
 * report. The message names each property and never carries the API key or a secret value.
 */
public final class InvalidPropertiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One property that is wrong, what is wrong with it, and how to fix it. */
  public record Problem(String property, String reason, String action) {}

  private final transient List<Problem> problems;

  InvalidPropertiesException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** What is wrong, one entry per property, in the order the properties are documented. */
  public List<Problem> problems() {
    return problems;
  }

  static String describe(List<Problem> problems) {
    return problems.stream().map(p -> "Property " + p.property() + " " + p.reason())
        .collect(Collectors.joining("\n"));
  }
}
