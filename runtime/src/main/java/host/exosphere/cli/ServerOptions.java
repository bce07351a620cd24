package host.exosphere.cli;

import host.exosphere.client.StateManager;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the state manager is: {@code --uri}/{@code --api-key}, else the environment variables the Python
 * SDK reads. The key is read from the environment in code rather than as a picocli default, so it can
 * never show up in usage help.
 */
final class ServerOptions {
  /** Fallback for {@code --namespace} of the commands that do not read it from a template. */
  static final String NAMESPACE_VARIABLE = "EXOSPHERE_NAMESPACE";

  @Option(names = "--uri", paramLabel = "URL",
      description = "State manager base URL (default: $" + StateManager.URI_VARIABLE + ").")
  String uri;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key (default: $" + StateManager.API_KEY_VARIABLE
          + "; prefer the variable: arguments are visible to other users of the machine).")
  String apiKey;

  @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Time allowed for each HTTP request (default: ${DEFAULT-VALUE}).")
  long requestTimeoutSeconds;

  /**
   * A client for {@code namespace}.
   *
   * @throws UsageException when the URI or the key is missing or malformed
   */
  StateManager connect(String namespace, Function<String, String> environment) {
    String uriText = uri != null ? uri : environment.apply(StateManager.URI_VARIABLE);
    if (uriText == null || uriText.isBlank()) {
      throw new UsageException("No state manager given: pass --uri URL or set " + StateManager.URI_VARIABLE);
    }
    String key = apiKey != null ? apiKey : environment.apply(StateManager.API_KEY_VARIABLE);
    if (key == null || key.isEmpty()) {
      throw new UsageException("No API key given: set " + StateManager.API_KEY_VARIABLE + " or pass --api-key");
    }
    if (requestTimeoutSeconds <= 0) {
      throw new UsageException("--request-timeout must be at least 1 second");
    }
    try {
      return StateManager.builder()
          .uri(uriText)
          .apiKey(key)
          .namespace(namespace)
          .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code --namespace}, else {@code $EXOSPHERE_NAMESPACE}. */
  static String namespace(String flag, Function<String, String> environment) {
    String namespace = flag != null ? flag : environment.apply(NAMESPACE_VARIABLE);
    if (namespace == null || namespace.isBlank()) {
      throw new UsageException("No namespace given: pass --namespace NS or set " + NAMESPACE_VARIABLE);
    }
    return namespace;
  }
}
