package host.exosphere.spring;

import host.exosphere.client.StateManager;
import host.exosphere.spring.InvalidPropertiesException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the {@code exosphere.*} properties before anything is built, so one start-up failure lists every
 * property that is wrong (the client's and runtime's builders would stop at the first, in their own
 * terms). Values are quoted only where they cannot be secret.
 */
final class PropertyCheck {
  private final List<Problem> problems = new ArrayList<>();

  private PropertyCheck() {}

  /**
   * Throws one {@link InvalidPropertiesException} listing every wrong property of the client (when
   * {@code client}) and of the runtime and health check (when {@code runtime}).
   */
  static void check(ExosphereProperties p, boolean client, boolean runtime) {
    PropertyCheck check = new PropertyCheck();
    if (client) {
      check.clientProperties(p);
    }
    if (runtime) {
      check.runtimeProperties(p.getRuntime());
    }
    check.positive("exosphere.health.timeout", p.getHealth().getTimeout());
    check.throwIfAny();
  }

  private void clientProperties(ExosphereProperties p) {
    if (blank(p.getUri())) {
      problem("exosphere.uri", "is not set",
          "Set exosphere.uri to the state manager's base URL, e.g. exosphere.uri=http://localhost:8000");
    } else {
      try {
        StateManager.builder().uri(p.getUri());
      } catch (IllegalArgumentException e) {
        // The client's own rule and wording; it never repeats user info from the URL.
        problem("exosphere.uri", "is not usable: " + e.getMessage(),
            "Set exosphere.uri to an http:// or https:// URL with a host and nothing after the path");
      }
    }
    if (p.getApiKey() == null || p.getApiKey().isEmpty()) {
      problem("exosphere.api-key", "is not set",
          "Set exosphere.api-key (or the environment variable EXOSPHERE_API_KEY) to the state manager's API key");
    }
    if (blank(p.getNamespace())) {
      problem("exosphere.namespace", "is not set",
          "Set exosphere.namespace to the namespace of the application's graphs and nodes");
    }
    ExosphereProperties.Client client = p.getClient();
    positive("exosphere.client.request-timeout", client.getRequestTimeout());
    positive("exosphere.client.connect-timeout", client.getConnectTimeout());
    if (client.getMaxRetries() < 0) {
      problem("exosphere.client.max-retries", "must not be negative, got " + client.getMaxRetries(),
          "Set exosphere.client.max-retries to 0 or more");
    }
  }

  private void runtimeProperties(ExosphereProperties.RuntimeSettings r) {
    if (r.getName() != null && r.getName().isBlank()) {
      problem("exosphere.runtime.name", "is blank",
          "Set exosphere.runtime.name to the runtime's name, or remove it to use spring.application.name");
    }
    atLeastOne("exosphere.runtime.workers", r.getWorkers());
    atLeastOne("exosphere.runtime.batch-size", r.getBatchSize());
    notNegative("exosphere.runtime.shutdown-timeout", r.getShutdownTimeout());
    notNegative("exosphere.runtime.registration-timeout", r.getRegistrationTimeout());
    if (r.getExecutionTimeout() != null) {
      positive("exosphere.runtime.execution-timeout", r.getExecutionTimeout());
    }
  }

  private void atLeastOne(String property, int value) {
    if (value < 1) {
      problem(property, "must be at least 1, got " + value, "Set " + property + " to 1 or more");
    }
  }

  private void positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      problem(property, "must be a positive duration, got " + value, "Set " + property + " to e.g. 10s");
    }
  }

  private void notNegative(String property, Duration value) {
    if (value == null || value.isNegative()) {
      problem(property, "must not be negative, got " + value, "Set " + property + " to e.g. 30s");
    }
  }

  private void problem(String property, String reason, String action) {
    problems.add(new Problem(property, reason, action));
  }

  private void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidPropertiesException(problems);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
