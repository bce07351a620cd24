package host.exosphere.local;

import host.exosphere.client.StateManager;
import host.exosphere.local.engine.LocalEngine;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Exosphere state manager running in this JVM: the real server's HTTP API (docs/state-manager.md §1) and
 * execution semantics (docs/state-manager.md §4) on a local port, in memory, for running and testing workflows with
 * nothing installed. In memory by default; {@link Builder#dataDir(java.nio.file.Path)} keeps everything on
 * disk across restarts.
 *
 * <pre>{@code
 * try (LocalStateManager server = LocalStateManager.start()) {
 *   StateManager client = server.client("MyProject");
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} listens on a free loopback port with a random API key; {@link #builder()} chooses
 * the port, key, clock and secrets encryption key. Any Exosphere client, including the official Python
 * SDK, can talk to {@link #uri()} with {@link #apiKey()}.
 *
 * <p>Like the real server it also serves FastAPI's {@code /openapi.json}, {@code /docs} and {@code
 * /redoc} without a key. Beyond the real API it serves two embedded-only endpoints (not part of
 * Exosphere's API): {@code GET /v0/namespace/{ns}/states/run/{run_id}/diagnostics}, which says why a run
 * cannot finish on its own where the real server would silently leave it hanging (a unite that can never
 * fire, states stuck QUEUED or EXECUTED; the engine also logs those reasons), and {@code POST
 * /v0/namespace/{ns}/states/await}, which holds a runtime's call until one of its states can be claimed
 * ({@link LocalEngine#awaitStates}). Enqueue answers carry an {@code x-exosphere-await} header saying so;
 * the Java runtime waits instead of polling only where it sees that header.
 *
 * <p>Cron triggers fire on a tick every minute at second 0 of the configured clock, as on the real
 * server (docs/state-manager.md §4.9); tests with a moving clock call {@code engine().tickCron()} themselves.
 */
public final class LocalStateManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStateManager.class);
  /** The default largest request body: 32 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 32L * 1024 * 1024;

  private final LocalEngine engine;
  private final Server server;
  /** The minute ticks that fire cron triggers, or null when the caller ticks ({@code scheduleCron(false)}). */
  private final CronTicks cronTicks;
  private final Clock clock;
  private final String apiKey;
  private final URI uri;
  private volatile boolean closed;

  private LocalStateManager(Builder builder, LocalEngine engine, Server server) {
    this.engine = engine;
    this.server = server;
    this.clock = builder.clock;
    this.apiKey = builder.apiKey;
    InetSocketAddress bound = HttpEdge.address(server);
    InetAddress address = bound.getAddress();
    String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    this.uri = URI.create("http://" + host + ":" + bound.getPort());
    this.cronTicks = builder.scheduleCron ? CronTicks.start(engine, clock) : null;
  }

  /** Starts a state manager on a free loopback port with a random API key, in memory. */
  public static LocalStateManager start() {
    return builder().start();
  }

  /** Configures a state manager before {@link Builder#start() starting} it. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:51234} (no trailing slash). */
  public URI uri() {
    return uri;
  }

  /** The port it listens on. */
  public int port() {
    return uri.getPort();
  }

  /** The API key every request except {@code /health} must carry in {@code x-api-key}. */
  public String apiKey() {
    return apiKey;
  }

  /** A client of one namespace of this server. */
  public StateManager client(String namespace) {
    return StateManager.builder().uri(uri).apiKey(apiKey).namespace(namespace).build();
  }

  /** How many HTTP requests are being handled right now; for tests that must know a call has arrived. */
  long requestsInFlight() {
    return HttpEdge.inFlight(server);
  }

  /** The engine behind the HTTP API, for tests: {@code awaitIdle}, {@code tickCron}, diagnostics. */
  public LocalEngine engine() {
    return engine;
  }

  /** The clock the engine reads time from. */
  public Clock clock() {
    return clock;
  }

  /**
   * Waits until the work the server does after answering (graph verification, creating next states)
   * is done, so a test can assert on it without sleeping.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return engine.awaitIdle(timeout);
  }

  /** Stops listening, lets in-flight background work finish, and releases the threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (cronTicks != null) {
      cronTicks.close();
    }
    // Held states/await calls end now (and later ones at once), so the stop below answers them
    // {"available":false}; otherwise the stop waits HttpEdge.STOP_GRACE for each and then cuts it off.
    engine.releaseWaits();
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("Stopping the HTTP server at {} failed: {}", uri, e.toString());
    }
    engine.close();
    log.info("Embedded Exosphere state manager at {} stopped", uri);
  }

  @Override
  public String toString() {
    return "LocalStateManager[" + uri + "]";
  }

  private static String randomKey() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Configures a {@link LocalStateManager}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String apiKey;
    // Clock, secrets key, retention, data directory and background executor are the engine's settings.
    private final LocalEngine.Builder engine = LocalEngine.builder();
    private Clock clock = Clock.systemDefaultZone();
    private int httpThreads = 16;
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration readTimeout = Duration.ofSeconds(30);
    private boolean scheduleCron = true;
    private List<String> corsOrigins = Cors.DEFAULT_ORIGINS;

    private Builder() {}

    /**
     * Keeps graphs, nodes, secrets (encrypted), runs, states and cron triggers in {@code dir} (created
     * when missing), so a server started again on it carries on: runs in flight continue, cron keeps its
     * schedule, and nothing a client was answered is lost, even when the process is killed. Without it
     * (the default) everything is kept in memory. The secrets key is the one given to
     * {@link #encryptionKey(String)}, else one generated once and kept in {@code dir}. Needs
     * {@code com.h2database:h2-mvstore} on the class path (the CLI jar has it).
     */
    public Builder dataDir(Path dir) {
      engine.dataDir(dir);
      return this;
    }

    /** The address to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 0: a free port). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The API key clients must send (default: a random one, see {@link LocalStateManager#apiKey()}). */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      // The real server refuses to start without a key (docs/state-manager.md §4.12), and an empty header is no key.
      if (apiKey.isEmpty()) {
        throw new IllegalArgumentException("apiKey must not be empty");
      }
      this.apiKey = apiKey;
      return this;
    }

    /** The clock for timestamps, delays and cron (default: the system clock, local zone, as the server). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      engine.clock(clock);
      return this;
    }

    /**
     * The secrets encryption key, URL-safe base64 of 32 bytes like {@code SECRETS_ENCRYPTION_KEY}
     * (default: a random key). As on the real server, a bad key only fails the first upsert that carries
     * a secret (docs/state-manager.md §4.10).
     */
    public Builder encryptionKey(String encryptionKey) {
      engine.encryptionKey(encryptionKey);
      return this;
    }

    /**
     * How many requests are handled at once (default 16). Only complete requests take a thread: one still
     * arriving, however slowly, holds none. Up to half of them may be runtimes waiting for states ({@code
     * states/await}, an embedded-only extension); beyond that, runtimes poll instead.
     */
    public Builder httpThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("httpThreads must be at least 1, got " + threads);
      }
      this.httpThreads = threads;
      return this;
    }

    /**
     * The largest request body accepted (default {@value #DEFAULT_MAX_REQUEST_BYTES} bytes, 32 MiB); a
     * larger one gets 413 without being read. The real server has no limit; this one keeps a single
     * request from exhausting the heap.
     */
    public Builder maxRequestBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxRequestBytes must be at least 1, got " + bytes);
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * How long a connection may stay silent, between requests or while its headers arrive, before it is
     * closed (default 60 s).
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** How long a request body may stall without a byte arriving before the connection is closed (default 30 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * How many finished runs are kept (default 10,000), in memory and in a data directory alike. Beyond
     * that the oldest finished runs are dropped with their states (gone from the runs listing; their
     * states answer 404; not back after a restart), so a long-lived server's memory and data directory
     * stay bounded. Runs still going are always kept.
     */
    public Builder retainFinishedRuns(int runs) {
      engine.retainFinishedRuns(runs);
      return this;
    }

    private static Duration positive(Duration timeout, String what) {
      Objects.requireNonNull(timeout, what);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + timeout);
      }
      return timeout;
    }

    /**
     * Whether to fire cron triggers every minute at second 0 (default true). Tests that move a clock
     * and call {@code engine().tickCron()} themselves turn it off so no tick races them.
     */
    public Builder scheduleCron(boolean scheduleCron) {
      this.scheduleCron = scheduleCron;
      return this;
    }

    /**
     * The browser origins allowed to call the API (default, as the real server: {@code
     * http://localhost:3000}, {@code http://localhost:3001}, {@code http://127.0.0.1:3000}, {@code
     * http://127.0.0.1:3001}).
     */
    public Builder corsOrigins(List<String> origins) {
      this.corsOrigins = List.copyOf(origins);
      return this;
    }

    /**
     * The executor for the work done after answering (verification, next states). Tests hand in one
     * they can hold back, to observe a graph still PENDING or a state still EXECUTED without racing.
     * It is not shut down on close.
     */
    Builder backgroundExecutor(ExecutorService executor) {
      engine.executor(executor);
      return this;
    }

    /**
     * Starts listening.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public LocalStateManager start() {
      if (apiKey == null) {
        apiKey = randomKey();
      }
      LocalEngine engine = this.engine.build();
      // Each held states/await call blocks one of the edge's request threads: at most half of them.
      HttpApi api = new HttpApi(engine, apiKey, HttpApi.jsonMapper(), new Cors(corsOrigins), httpThreads / 2);
      Server server;
      try {
        server = HttpEdge.start(api, host, port, new HttpEdge.Limits(httpThreads, maxRequestBytes, idleTimeout, readTimeout));
      } catch (UncheckedIOException e) {
        engine.close();
        throw e;
      }
      LocalStateManager manager = new LocalStateManager(this, engine, server);
      log.info("Embedded Exosphere state manager listening on {}", manager.uri);
      return manager;
    }
  }
}
