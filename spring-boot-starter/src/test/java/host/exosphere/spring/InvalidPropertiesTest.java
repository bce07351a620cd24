package host.exosphere.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.spring.InvalidPropertiesException.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

/** Missing or bad {@code exosphere.*} properties stop start-up with one message naming each property. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertiesTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ExosphereAutoConfiguration.class));

  private static InvalidPropertiesException failure(Throwable startup) {
    return assertInstanceOf(InvalidPropertiesException.class, NestedExceptionUtils.getRootCause(startup),
        String.valueOf(startup));
  }

  @Test
  void missingPropertiesAreAllNamedAtOnce() {
    runner.run(context -> {
      InvalidPropertiesException e = failure(context.getStartupFailure());
      assertEquals(List.of("exosphere.uri", "exosphere.api-key", "exosphere.namespace"),
          e.problems().stream().map(Problem::property).toList());
      assertEquals("Property exosphere.uri is not set\nProperty exosphere.api-key is not set\n"
          + "Property exosphere.namespace is not set", e.getMessage());
    });
  }

  @Test
  void badValuesAreNamedWithTheRuleAndNeverShowTheKey() {
    runner.withPropertyValues("exosphere.uri=ftp://example.org", "exosphere.api-key=do-not-print-me",
        "exosphere.namespace=ns", "exosphere.runtime.workers=0", "exosphere.runtime.shutdown-timeout=-1s")
        .run(context -> {
          InvalidPropertiesException e = failure(context.getStartupFailure());
          assertEquals("Property exosphere.uri is not usable: The state manager URI must be an http:// or https:// "
              + "URL with a host, e.g. http://localhost:8000, got ftp://example.org\n"
              + "Property exosphere.runtime.workers must be at least 1, got 0\n"
              + "Property exosphere.runtime.shutdown-timeout must not be negative, got PT-1S", e.getMessage());
          FailureAnalysis analysis = new InvalidPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
          assertTrue(analysis.getAction().contains("Set exosphere.runtime.workers to 1 or more"), analysis.getAction());
          assertFalse((analysis.getDescription() + analysis.getAction()).contains("do-not-print-me"));
        });
  }

  @Test
  void aValueOfTheWrongTypeIsNamedBySpringBoot() {
    runner.withPropertyValues("exosphere.uri=http://localhost:8000", "exosphere.api-key=k", "exosphere.namespace=ns",
        "exosphere.runtime.batch-size=many").run(context -> {
          Throwable failure = context.getStartupFailure();
          while (failure != null && !(failure instanceof BindException)) {
            failure = failure.getCause();
          }
          // Spring Boot's own analyzer prints this: "Failed to bind properties under 'exosphere.runtime.batch-size'".
          assertEquals("exosphere.runtime.batch-size", assertInstanceOf(BindException.class, failure,
              String.valueOf(context.getStartupFailure())).getName().toString());
        });
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class EmptyApplication {}

  @Test
  void aSpringApplicationPrintsTheAnalysis(CapturedOutput output) {
    SpringApplication application = new SpringApplication(EmptyApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    Throwable thrown = assertThrows(RuntimeException.class, () -> application.run(
        "--exosphere.uri=http://localhost:8000", "--exosphere.namespace=ns", "--spring.main.banner-mode=off"));
    failure(thrown);

    assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), output.getOut());
    assertTrue(output.getOut().contains("Property exosphere.api-key is not set"), output.getOut());
    assertTrue(output.getOut().contains("Set exosphere.api-key (or the environment variable EXOSPHERE_API_KEY)"),
        output.getOut());
  }
}
