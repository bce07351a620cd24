package host.exosphere.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: servers that fail a few times, answer 429 with Retry-After, are slow, or are down.
 * Time is fake (the client's sleeps are recorded, not slept), except for the one real request timeout.
 */
class StateManagerFaultTest {
  static final String KEY = StateManagerEndpointsTest.KEY;

  static StateManager client(URI uri, FakeTime time, int retries) {
    return ((StateManager.DefaultBuilder) StateManager.builder().uri(uri).apiKey(KEY).namespace("ns")
            .maxRetries(retries).backoff(Duration.ofMillis(100), Duration.ofMillis(400)))
        .time(time, time).build();
  }

  /** Fails {@code failures} times with {@code status}, then answers {@code body}. */
  static FakeServer flaky(int failures, int status, String body) throws Exception {
    return FakeServer.start((r, i) -> i < failures
        ? FakeServer.Reply.json(status, "{\"success\":false,\"detail\":\"internal server error, please reach out to support team at nivedit@exosphere.host\"}")
        : FakeServer.Reply.json(200, body));
  }

  @Test
  void idempotentCallsAreRetriedOn5xxWithGrowingJitteredBackoff() throws Exception {
    FakeTime time = new FakeTime();
    try (FakeServer server = flaky(3, 500, "{\"namespace\":\"ns\",\"count\":0,\"nodes\":[]}");
        StateManager sm = client(server.uri(), time, 3)) {
      assertEquals(List.of(), sm.listNodes());
      assertEquals(4, server.requests().size());
      // Every attempt is the same request.
      server.requests().forEach(r -> assertEquals("GET /v0/namespace/ns/nodes/", r.line()));
      List<Duration> sleeps = time.sleeps();
      assertEquals(3, sleeps.size());
      // Equal jitter: attempt n waits between half and all of min(cap, base * 2^(n-1)).
      long[][] bounds = {{50, 100}, {100, 200}, {200, 400}};
      for (int n = 0; n < 3; n++) {
        long ms = sleeps.get(n).toMillis();
        assertTrue(ms >= bounds[n][0] && ms <= bounds[n][1], "retry " + (n + 1) + " waited " + ms + " ms");
      }
    }
  }

  @Test
  void putOfNodesIsRetriedToo() throws Exception {
    FakeTime time = new FakeTime();
    try (FakeServer server = flaky(2, 503, "{\"runtime_name\":\"rt\",\"registered_nodes\":[]}");
        StateManager sm = client(server.uri(), time, 3)) {
      sm.registerNodes("rt", List.of());
      assertEquals(3, server.requests().size());
      assertEquals(server.requests().get(0).body(), server.requests().get(2).body());
    }
  }

  @Test
  void retryAfterOf429IsHonoured() throws Exception {
    FakeTime time = new FakeTime();
    try (FakeServer server = FakeServer.start((r, i) -> i < 2
            ? new FakeServer.Reply(429, "{\"detail\":\"Too Many Requests\"}", Map.of("Retry-After", "7"))
            : FakeServer.Reply.json(200, "{\"message\":\"OK\"}"));
        StateManager sm = client(server.uri(), time, 3)) {
      assertEquals("OK", sm.health());
      assertEquals(3, server.requests().size());
      assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), time.sleeps());
    }
  }

  @Test
  void retryAfterIsParsedAndClamped() {
    assertEquals(Duration.ofSeconds(3), HttpTransport.parseRetryAfter(" 3 ").orElseThrow());
    assertEquals(Duration.ofSeconds(60), HttpTransport.parseRetryAfter("86400").orElseThrow());
    assertEquals(Duration.ZERO, HttpTransport.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").orElseThrow());
    assertTrue(HttpTransport.parseRetryAfter("soon").isEmpty());
  }

  @Test
  void givingUpReportsTheLastStatusAndDetail() throws Exception {
    FakeTime time = new FakeTime();
    try (FakeServer server = flaky(100, 500, "{}"); StateManager sm = client(server.uri(), time, 2)) {
      StateManagerException e = assertThrows(StateManagerException.class, () -> sm.getGraph("g"));
      assertEquals("GET /v0/namespace/ns/graph/g failed: 500 internal server error, please reach out to support team "
          + "at nivedit@exosphere.host", e.getMessage());
      assertEquals(500, e.status());
      assertEquals(3, server.requests().size());
    }
  }

  /** Repeating these could duplicate work (a second run, a second retry state…), so one attempt only. */
  @Test
  void nonIdempotentCallsAreNeverRetried() throws Exception {
    Map<String, java.util.function.Consumer<StateManager>> calls = new java.util.LinkedHashMap<>();
    calls.put("trigger", sm -> sm.trigger("g"));
    calls.put("enqueue", sm -> sm.enqueue(List.of("N"), 1));
    calls.put("executed", sm -> sm.executed("s", List.of()));
    calls.put("errored", sm -> sm.errored("s", "e"));
    calls.put("prune", sm -> sm.prune("s", Map.of()));
    calls.put("re-enqueue-after", sm -> sm.reEnqueueAfter("s", Duration.ofSeconds(1)));
    calls.put("manual-retry", sm -> sm.manualRetry("s", "f"));
    for (int status : new int[] {500, 429, 503}) {
      for (var call : calls.entrySet()) {
        FakeTime time = new FakeTime();
        try (FakeServer server = flaky(100, status, "{}"); StateManager sm = client(server.uri(), time, 5)) {
          StateManagerException e = assertThrows(StateManagerException.class, () -> call.getValue().accept(sm));
          assertEquals(status, e.status(), call.getKey());
          assertEquals(1, server.requests().size(), call.getKey() + " was retried on " + status);
          assertEquals(List.of(), time.sleeps());
        }
      }
    }
  }

  @Test
  void aSlowServerGivesARequestTimeout() throws Exception {
    try (FakeServer server = FakeServer.start((r, i) -> {
          Thread.sleep(10_000);
          return FakeServer.Reply.json(200, "{\"message\":\"OK\"}");
        });
        StateManager sm = StateManager.builder().uri(server.uri()).apiKey(KEY).namespace("ns")
            .requestTimeout(Duration.ofMillis(200)).maxRetries(0).build()) {
      StateManagerException e = assertThrows(StateManagerException.class, sm::health);
      assertEquals("GET /health failed: no response within 0.2 s (request timeout)", e.getMessage());
      assertEquals(0, e.status());
    }
  }

  @Test
  void aSlowServerIsRetriedForIdempotentCallsOnly() throws Exception {
    FakeTime time = new FakeTime();
    try (FakeServer server = FakeServer.start((r, i) -> {
          if (i == 0) {
            Thread.sleep(10_000);
          }
          return FakeServer.Reply.json(200, "{\"message\":\"OK\"}");
        });
        StateManager sm = ((StateManager.DefaultBuilder) StateManager.builder().uri(server.uri()).apiKey(KEY)
            .namespace("ns").requestTimeout(Duration.ofSeconds(2)).maxRetries(1)).time(time, time).build()) {
      assertEquals("OK", sm.health());
      assertEquals(2, server.requests().size());
    }
  }

  @Test
  void aServerThatIsDownIsRetriedThenFailsWithStatusZero() throws Exception {
    URI down;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    FakeTime time = new FakeTime();
    try (StateManager sm = client(down, time, 2)) {
      StateManagerException e = assertThrows(StateManagerException.class, sm::listGraphs);
      assertEquals("GET /v0/namespace/ns/graphs/ failed: could not connect to " + down
          + " (connection refused) (gave up after 3 attempts)", e.getMessage());
      assertEquals(0, e.status());
      assertEquals(2, time.sleeps().size());
      // Not retried when the call is not idempotent.
      FakeTime once = new FakeTime();
      try (StateManager sm2 = client(down, once, 2)) {
        StateManagerException t = assertThrows(StateManagerException.class, () -> sm2.trigger("g"));
        assertEquals("POST /v0/namespace/ns/graph/g/trigger failed: could not connect to " + down
            + " (connection refused)", t.getMessage());
        assertEquals(List.of(), once.sleeps());
      }
    }
  }

  @Test
  void theApiKeyNeverReachesMessagesOrTheLog() throws Exception {
    FakeTime time = new FakeTime();
    String echo = "{\"detail\":\"bad header x-api-key=" + KEY + "\"}";
    String log = captureStderr(() -> {
      try (FakeServer server = FakeServer.answering(502, echo); StateManager sm = client(server.uri(), time, 2)) {
        StateManagerException e = assertThrows(StateManagerException.class, sm::namespaces);
        assertEquals("GET /v0/namespaces failed: 502 bad header x-api-key=***", e.getMessage());
        assertEquals("bad header x-api-key=***", e.detail());
        assertEquals(3, server.requests().size());
        assertEquals(KEY, server.requests().get(0).header("x-api-key"));
        return e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(log.contains("GET /v0/namespaces answered 502; retrying in"), log);
    assertFalse(log.contains(KEY), log);
  }

  @Test
  void secretValuesOfAnUpsertAreBlankedFromErrors() throws Exception {
    String secret = "hunter2-very-secret";
    try (FakeServer server = FakeServer.answering(400,
            "{\"detail\":\"Error validating graph template: bad value " + secret + "\"}");
        StateManager sm = client(server.uri(), new FakeTime(), 0)) {
      GraphValidationException e = assertThrows(GraphValidationException.class, () -> sm.upsertGraphBody(
          "ns", "g", "{\"secrets\":{\"k\":\"" + secret + "\"},\"nodes\":[]}", List.of(secret), UpsertOptions.DEFAULT));
      assertEquals("PUT /v0/namespace/ns/graph/g failed: 400 Error validating graph template: bad value ***",
          e.getMessage());
      assertEquals(List.of("Error validating graph template: bad value ***"), e.validationErrors());
    }
  }

  @Test
  void fromEnvironmentNamesTheMissingVariable() {
    Map<String, String> none = Map.of();
    IllegalStateException noUri = assertThrows(IllegalStateException.class,
        () -> ((StateManager.DefaultBuilder) StateManager.builder()).environment(none::get).fromEnvironment());
    assertEquals("EXOSPHERE_STATE_MANAGER_URI is not set: set it to the state manager's base URL, "
        + "e.g. http://localhost:8000", noUri.getMessage());
    Map<String, String> uriOnly = Map.of("EXOSPHERE_STATE_MANAGER_URI", "http://localhost:8000");
    IllegalStateException noKey = assertThrows(IllegalStateException.class,
        () -> ((StateManager.DefaultBuilder) StateManager.builder()).environment(uriOnly::get).fromEnvironment());
    assertEquals("EXOSPHERE_API_KEY is not set: set it to the state manager's API key (its STATE_MANAGER_SECRET)",
        noKey.getMessage());
    Map<String, String> badUri = Map.of("EXOSPHERE_STATE_MANAGER_URI", "localhost:8000", "EXOSPHERE_API_KEY", KEY);
    IllegalStateException bad = assertThrows(IllegalStateException.class,
        () -> ((StateManager.DefaultBuilder) StateManager.builder()).environment(badUri::get).fromEnvironment());
    assertEquals("EXOSPHERE_STATE_MANAGER_URI is not a valid URL: The state manager URI must be an http:// or "
        + "https:// URL with a host, e.g. http://localhost:8000, got localhost:8000", bad.getMessage());
    Map<String, String> both = Map.of("EXOSPHERE_STATE_MANAGER_URI", "http://localhost:8000/", "EXOSPHERE_API_KEY", KEY);
    StateManager sm = ((StateManager.DefaultBuilder) StateManager.builder()).environment(both::get)
        .fromEnvironment().namespace("ns").build();
    assertEquals(URI.create("http://localhost:8000"), sm.uri());
  }

  @Test
  void builderRequiresUriKeyAndNamespace() {
    assertEquals("uri is required: the state manager's base URL, e.g. http://localhost:8000",
        assertThrows(IllegalStateException.class,
            () -> StateManager.builder().apiKey(KEY).namespace("ns").build()).getMessage());
    assertEquals("apiKey is required: the state manager's API key",
        assertThrows(IllegalStateException.class,
            () -> StateManager.builder().uri("http://localhost:8000").namespace("ns").build()).getMessage());
    assertEquals("namespace is required",
        assertThrows(IllegalStateException.class,
            () -> StateManager.builder().uri("http://localhost:8000").apiKey(KEY).build()).getMessage());
    assertEquals("The state manager URI must not contain user info (the API key is given separately), got "
            + "http://localhost:8000",
        assertThrows(IllegalArgumentException.class,
            () -> StateManager.builder().uri("http://admin:pw1234@localhost:8000")).getMessage());
    assertEquals("The state manager URI must not have a query or fragment, got http://localhost:8000/?a=b",
        assertThrows(IllegalArgumentException.class,
            () -> StateManager.builder().uri("http://localhost:8000/?a=b")).getMessage());
  }

  static String captureStderr(Supplier<?> body) {
    PrintStream original = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      body.get();
    } finally {
      System.setErr(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void interruptedWhileWaitingToRetry() throws Exception {
    try (FakeServer server = flaky(100, 500, "{}");
        StateManager sm = ((StateManager.DefaultBuilder) StateManager.builder().uri(server.uri()).apiKey(KEY)
            .namespace("ns").maxRetries(2)).time(d -> { throw new InterruptedException(); }, System::nanoTime)
            .build()) {
      StateManagerException e = assertThrows(StateManagerException.class, sm::health);
      assertEquals("GET /health was interrupted while waiting to retry", e.getMessage());
      assertInstanceOf(InterruptedException.class, e.getCause());
      assertTrue(Thread.interrupted());
    }
  }

  @Test
  void redactionMasksEveryOccurrenceButLeavesTooShortValuesAlone() {
    assertEquals("a *** and *** again", Redaction.redact("a s3cret and s3cret again", "s3cret"));
    assertEquals("Error validating", Redaction.redact("Error validating", "v"));
    assertEquals("x", Redaction.redact("x", null));
  }
}
