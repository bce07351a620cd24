package host.exosphere.spring;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints which {@code exosphere.*} properties stopped the start-up, and how to set them. */
class InvalidPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertiesException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertiesException cause) {
    String action = cause.problems().stream().map(p -> p.action()).distinct().collect(Collectors.joining("\n"));
    return new FailureAnalysis("The Exosphere starter cannot start:\n" + cause.getMessage(), action, cause);
  }
}
