package host.exosphere.oracle;

import host.exosphere.local.LocalStateManager;
import java.net.URI;
import java.util.Optional;

/**
 * A state manager the oracle scenarios run against: the embedded one, started here, or one named by
 * {@code EXOSPHERE_STATE_MANAGER_URI} and {@code EXOSPHERE_API_KEY} (the real server in CI).
 */
record OracleServer(String label, URI uri, String apiKey, LocalStateManager embedded) implements AutoCloseable {
  static final String URI_VARIABLE = "EXOSPHERE_STATE_MANAGER_URI";
  static final String KEY_VARIABLE = "EXOSPHERE_API_KEY";

  /** A fresh embedded state manager on a free port. */
  static OracleServer startEmbedded() {
    LocalStateManager server = LocalStateManager.builder().apiKey("oracle-key").start();
    return new OracleServer("embedded", server.uri(), server.apiKey(), server);
  }

  /** The server the environment names, if it names one. */
  static Optional<OracleServer> fromEnvironment() {
    String uri = System.getenv(URI_VARIABLE);
    String key = System.getenv(KEY_VARIABLE);
    if (uri == null || uri.isBlank() || key == null || key.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new OracleServer("external " + uri, URI.create(uri), key, null));
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
