package host.exosphere.cli;

import host.exosphere.local.LocalStateManager;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exosphere serve}: the embedded state manager as a standalone server, for running workflows and
 * pointing any Exosphere client (including the official Python SDK) at it. In memory (everything is
 * gone when it stops) unless {@code --data-dir} names where to keep it.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Run the embedded Exosphere state manager until interrupted: in memory, or in DIR with --data-dir.",
        "Clients use EXOSPHERE_STATE_MANAGER_URI and EXOSPHERE_API_KEY as printed at start-up."
    })
public final class ServeCommand implements Callable<Integer> {
  /** The real server's variable for its key (docs/state-manager.md §4.12). */
  static final String KEY_VARIABLE = "STATE_MANAGER_SECRET";
  /** The real server's variable for the secrets key (docs/state-manager.md §4.10). */
  static final String ENCRYPTION_VARIABLE = "SECRETS_ENCRYPTION_KEY";
  /** The real server's variable for browser origins (docs/state-manager.md §1.1). */
  static final String CORS_VARIABLE = "CORS_ORIGINS";

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8000", description = "Port to listen on (0: any free port; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key clients must send (default: $" + KEY_VARIABLE + ", else a generated key that is printed once).")
  String apiKey;

  @Option(names = "--retain-runs", paramLabel = "N", defaultValue = "10000",
      description = "Finished runs kept, in memory and in --data-dir; older finished runs are dropped "
          + "(default ${DEFAULT-VALUE}).")
  int retainRuns;

  @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "33554432",
      description = "Largest request body accepted; larger ones get 413 (default ${DEFAULT-VALUE}, 32 MiB).")
  long maxRequestBytes;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep graphs, nodes, secrets (encrypted), runs, states and cron triggers in DIR, so a restart on "
          + "the same DIR loses nothing and continues the runs in flight (default: in memory).")
  Path dataDir;

  private final Map<String, String> environment;

  /** For picocli. */
  public ServeCommand() {
    this(System.getenv());
  }

  ServeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    LocalStateManager server;
    try {
      server = start(spec.commandLine().getOut());
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      err.println("exosphere serve: " + e.getMessage());
      err.flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "exosphere-serve-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Starts the server and says where it listens and where its keys come from. A key the user supplied is
   * never printed; a generated one is printed once, since nobody could use the server otherwise.
   */
  LocalStateManager start(PrintWriter out) {
    LocalStateManager.Builder builder = LocalStateManager.builder().host(host).port(port)
        .retainFinishedRuns(retainRuns).maxRequestBytes(maxRequestBytes);
    String keySource;
    if (apiKey != null) {
      builder.apiKey(apiKey);
      keySource = "from --api-key";
    } else if (notBlank(environment.get(KEY_VARIABLE))) {
      builder.apiKey(environment.get(KEY_VARIABLE));
      keySource = "from $" + KEY_VARIABLE;
    } else {
      keySource = null;
    }
    String encryptionSource;
    if (notBlank(environment.get(ENCRYPTION_VARIABLE))) {
      builder.encryptionKey(environment.get(ENCRYPTION_VARIABLE));
      encryptionSource = "from $" + ENCRYPTION_VARIABLE;
    } else if (dataDir != null) {
      encryptionSource = "kept in " + dataDir.resolve("secrets.key");
    } else {
      encryptionSource = "random for this process";
    }
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    if (notBlank(environment.get(CORS_VARIABLE))) {
      builder.corsOrigins(corsOrigins(environment.get(CORS_VARIABLE)));
    }
    LocalStateManager server = builder.start();
    String storage = dataDir != null ? "data in " + dataDir : "in memory";
    out.println("Exosphere state manager (embedded, " + storage + ") listening on " + server.uri());
    if (keySource != null) {
      out.println("API key: " + keySource);
    } else {
      out.println("API key (generated): " + server.apiKey());
    }
    out.println("Secrets encryption key: " + encryptionSource);
    out.println("Clients: EXOSPHERE_STATE_MANAGER_URI=" + server.uri() + " and EXOSPHERE_API_KEY set to the key above");
    out.println("Press Ctrl+C to stop.");
    out.flush();
    return server;
  }

  /** Comma-separated, trimmed, empty entries dropped, as the server reads it. */
  static List<String> corsOrigins(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
