package host.exosphere.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.local.LocalStateManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults between the client and the embedded state manager: a proxy in front of it answers 5xx/429,
 * stalls, or loses the answer of a request the server did process, and the client's retries (or its
 * refusal to retry) are checked against what the server ends up holding.
 */
class FaultInjectionEndToEndTest {
  static LocalStateManager server;
  static final HttpClient FORWARDER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    server = LocalStateManager.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sends the request on to the embedded server and returns its answer. */
  static FakeServer.Reply forward(FakeServer.Request r) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + r.path()))
        .method(r.method(), r.body().isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8));
    for (String header : List.of("x-api-key", "Content-Type")) {
      if (r.header(header) != null) {
        b.header(header, r.header(header));
      }
    }
    HttpResponse<String> answer = FORWARDER.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return FakeServer.Reply.json(answer.statusCode(), answer.body());
  }

  /** A proxy that asks {@code fault} first: a reply replaces the server's, {@code null} forwards. */
  static FakeServer proxy(BiFunction<FakeServer.Request, Integer, FakeServer.Reply> fault) throws Exception {
    return FakeServer.start((r, i) -> {
      FakeServer.Reply injected = fault.apply(r, i);
      return injected != null ? injected : forward(r);
    });
  }

  static StateManager client(URI uri, String namespace, int retries, Duration timeout) {
    return StateManager.builder().uri(uri).apiKey(server.apiKey()).namespace(namespace).maxRetries(retries)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).requestTimeout(timeout).build();
  }

  static GraphTemplate echoGraph(String namespace) {
    return new GraphTemplate("echo", namespace, Map.of(),
        List.of(NodeTemplate.of("Echo", namespace, "e", Map.of("text", "hi"), List.of())), null, null, List.of());
  }

  static NodeRegistration echoNode() {
    return new NodeRegistration("Echo", NodeSchemas.pydanticSchema("Inputs", List.of("text")),
        NodeSchemas.pydanticSchema("Outputs", List.of()), List.of());
  }

  @Test
  void registrationAndUpsertSurviveServerErrorsAndRateLimits() throws Exception {
    AtomicInteger injected = new AtomicInteger();
    // The first attempt of each distinct call fails: 503 on the nodes PUT, 500 on the graph PUT, 429 on
    // the first status poll.
    java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (FakeServer proxy = proxy((r, i) -> {
          if (!failedOnce.add(r.line())) {
            return null;
          }
          injected.incrementAndGet();
          return switch (r.method()) {
            case "PUT" -> FakeServer.Reply.json(r.path().endsWith("/nodes/") ? 503 : 500,
                "{\"success\":false,\"detail\":\"internal server error\"}");
            default -> new FakeServer.Reply(429, "{\"detail\":\"slow down\"}", Map.of("Retry-After", "0"));
          };
        });
        StateManager sm = client(proxy.uri(), "faults", 3, Duration.ofSeconds(10))) {
      sm.registerNodes("rt", List.of(echoNode()));
      GraphStatus status = sm.upsertGraph(echoGraph("faults"),
          new UpsertOptions(Duration.ofSeconds(10), Duration.ofMillis(10), s -> {}));
      assertTrue(status.isValid());
      assertEquals(3, injected.get());
      long puts = proxy.requests().stream().filter(r -> r.method().equals("PUT")).count();
      assertEquals(4, puts, "each PUT once failed and once forwarded");
    }
    // What the server holds, asked directly.
    try (StateManager direct = server.client("faults")) {
      assertEquals("VALID", direct.getGraph("echo").validationStatus());
      assertEquals(1, direct.listNodes().size());
    }
  }

  @Test
  void aTriggerWhoseAnswerIsLostIsNotRepeated() throws Exception {
    try (StateManager direct = server.client("lost")) {
      direct.registerNodes("rt", List.of(echoNode()));
      direct.upsertGraph(echoGraph("lost"), new UpsertOptions(Duration.ofSeconds(10), Duration.ofMillis(10), s -> {}));
    }
    // The server processes the trigger, but the proxy replaces its answer with a 502.
    try (FakeServer proxy = FakeServer.start((r, i) -> {
          FakeServer.Reply real = forward(r);
          return r.path().endsWith("/trigger") ? FakeServer.Reply.json(502, "{\"detail\":\"bad gateway\"}") : real;
        });
        StateManager sm = client(proxy.uri(), "lost", 5, Duration.ofSeconds(10))) {
      StateManagerException e = assertThrows(StateManagerException.class, () -> sm.trigger("echo"));
      assertEquals("POST /v0/namespace/lost/graph/echo/trigger failed: 502 bad gateway", e.getMessage());
      assertEquals(1, proxy.requests().size());
    }
    // Exactly one run exists: a retry would have started a second one.
    try (StateManager direct = server.client("lost")) {
      assertEquals(1, direct.runs(1, 10).total());
    }
  }

  @Test
  void aStalledAnswerTimesOutAndTheReadIsRetried() throws Exception {
    try (StateManager direct = server.client("slow")) {
      direct.registerNodes("rt", List.of(echoNode()));
    }
    try (FakeServer proxy = proxy((r, i) -> {
          if (i == 0) {
            try {
              Thread.sleep(5_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return null;
        });
        StateManager sm = client(proxy.uri(), "slow", 1, Duration.ofSeconds(2))) {
      assertEquals(List.of("Echo"), sm.listNodes().stream().map(n -> n.name()).toList());
      assertEquals(2, proxy.requests().size());
    }
  }
}
