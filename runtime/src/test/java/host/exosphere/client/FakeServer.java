package host.exosphere.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server on 127.0.0.1 that records every request and answers what the test's handler
 * says: enough to check the exact bytes the client sends and to inject faults. Public for the CLI's tests.
 */
public final class FakeServer implements AutoCloseable {

  /** A request as the server received it; {@code path} is the raw (still percent-encoded) path. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public String line() {
      return method + " " + path;
    }
  }

  /** What to answer. */
  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Map.of());
    }
  }

  /** Decides the answer; may sleep to simulate a slow server. */
  public interface Handler {
    Reply handle(Request request, int index) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeServer(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, handler));
    server.start();
  }

  public static FakeServer start(Handler handler) throws IOException {
    return new FakeServer(handler);
  }

  /** Always the same answer. */
  public static FakeServer answering(int status, String body) throws IOException {
    return new FakeServer((r, i) -> Reply.json(status, body));
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests.size() + ": " + requests);
    }
    return requests.get(0);
  }

  private void answer(HttpExchange exchange, Handler handler) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request = new Request(
        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), Map.copyOf(exchange.getRequestHeaders()), body);
    int index = requests.size();
    requests.add(request);
    Reply reply;
    try {
      reply = handler.handle(request, index);
    } catch (InterruptedException e) {
      exchange.close();
      return;
    } catch (Exception e) {
      reply = Reply.json(599, "{\"detail\":\"test handler failed: " + e + "\"}");
    }
    byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    server.stop(0);
  }
}
