package host.exosphere.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a state manager that misbehaves on request: answers 500 like the real
 * server's middleware for a number of requests, answers slowly, or stops listening and comes back on the
 * same port (the state behind it survives, as a real server's does in its database).
 */
final class FaultProxy implements AutoCloseable {
  static final String SERVER_ERROR =
      "{\"success\":false,\"detail\":\"internal server error, please reach out to support team at nivedit@exosphere.host\"}";

  private final URI target;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ExecutorService threads = Executors.newFixedThreadPool(32, r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final int port;
  private volatile HttpServer server;

  /** How many more matching requests get a 500 instead of being forwarded. */
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile Predicate<String> failing = path -> true;
  /** Delay before answering the next {@link #slowLeft} requests whose path matches {@link #slow}. */
  volatile Duration delay = Duration.ZERO;
  volatile Predicate<String> slow = path -> true;
  final AtomicInteger slowLeft = new AtomicInteger();
  /** Every request path seen, in order. */
  final java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicInteger forwarded = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();

  FaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Fails the next {@code n} requests whose path matches with the real server's 500 body. */
  void failNext(int n, Predicate<String> which) {
    failing = which;
    failuresLeft.set(n);
  }

  /**
   * Answers the next {@code n} requests whose path matches {@code delay} after forwarding them, so the
   * server behind has always applied such a call before a client that gave up on it can try it again.
   */
  void slowNext(int n, Duration delay, Predicate<String> which) {
    this.slow = which;
    this.delay = delay;
    slowLeft.set(n);
  }

  long count(String pathSuffix) {
    return paths.stream().filter(p -> p.endsWith(pathSuffix)).count();
  }

  /** Stops listening: connections are refused until {@link #restart()}. */
  synchronized void stop() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  synchronized void restart() throws IOException {
    IOException last = null;
    for (int i = 0; i < 100; i++) {
      try {
        server = listen(port);
        return;
      } catch (IOException e) {
        last = e; // the old socket may linger for a moment
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  private HttpServer listen(int port) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    s.createContext("/", this::handle);
    s.setExecutor(threads);
    s.start();
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    paths.add(path);
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (failing.test(path) && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failed.incrementAndGet();
        answer(exchange, 500, SERVER_ERROR.getBytes(StandardCharsets.UTF_8));
        return;
      }
      Duration wait = delay;
      boolean slowed = !wait.isZero() && slow.test(path) && slowLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), body.length == 0 && exchange.getRequestMethod().equals("GET")
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : new String[] {"x-api-key", "content-type"}) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      forwarded.incrementAndGet();
      if (slowed) {
        // Forwarded first, answered late: the server has applied the call whatever the client does meanwhile.
        Thread.sleep(wait.toMillis());
      }
      answer(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The server behind or the client went away; the client sees a broken connection.
    }
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
