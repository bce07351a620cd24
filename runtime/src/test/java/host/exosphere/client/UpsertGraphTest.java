package host.exosphere.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code upsertGraph}: PUT, then poll {@code GET …/graph/{name}} until VALID or INVALID (docs/state-manager.md §1.2.5, §3.3). */
class UpsertGraphTest {
  static final String KEY = StateManagerEndpointsTest.KEY;
  static final String BODY = "{\"secrets\":{\"api_key\":\"s3cr3t-value\"},\"nodes\":[]}";

  static String graphBody(String status, String errors) {
    return "{\"nodes\":[],\"secrets\":{\"api_key\":true},"
        + "\"retry_policy\":{\"max_retries\":3,\"strategy\":\"EXPONENTIAL\",\"backoff_factor\":2000,\"exponent\":2,\"max_delay\":null},"
        + "\"store_config\":{\"required_keys\":[],\"default_values\":{}},\"triggers\":[],"
        + "\"created_at\":\"2025-09-04T10:11:12.345000\",\"updated_at\":\"2025-09-04T10:11:12.345000\","
        + "\"validation_status\":\"" + status + "\",\"validation_errors\":" + errors + "}";
  }

  /** The PUT answers 201 PENDING; the GETs answer {@code statuses} in turn (the last one repeats). */
  static FakeServer server(String... statuses) throws Exception {
    return FakeServer.start((r, i) -> {
      if (r.method().equals("PUT")) {
        return FakeServer.Reply.json(201, graphBody("PENDING", "[]"));
      }
      String status = statuses[Math.min(i - 1, statuses.length - 1)];
      return FakeServer.Reply.json(200, status.equals("INVALID")
          ? graphBody("INVALID", "[\"Node Node1 in namespace ns does not exist.\","
              + "\"Secret token is required but not present in the graph template\"]")
          : graphBody(status, "[]"));
    });
  }

  static StateManager client(FakeServer server, FakeTime time) {
    return ((StateManager.DefaultBuilder) StateManager.builder().uri(server.uri()).apiKey(KEY).namespace("ns")
        .maxRetries(0)).time(time, time).build();
  }

  static UpsertOptions options(List<String> progress, int timeoutSeconds) {
    return new UpsertOptions(Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(1),
        Collections.synchronizedList(progress)::add);
  }

  @Test
  void pendingThenValid() throws Exception {
    FakeTime time = new FakeTime();
    List<String> progress = new ArrayList<>();
    try (FakeServer server = server("PENDING", "VALID"); StateManager sm = client(server, time)) {
      GraphStatus status = sm.upsertGraphBody("ns", "g", BODY, List.of("s3cr3t-value"), options(progress, 60));
      assertEquals(new GraphStatus("VALID", List.of()), status);
      List<FakeServer.Request> requests = server.requests();
      assertEquals(3, requests.size());
      assertEquals("PUT /v0/namespace/ns/graph/g", requests.get(0).line());
      assertEquals(BODY, requests.get(0).body());
      assertEquals("application/json", requests.get(0).header("Content-Type"));
      assertEquals(KEY, requests.get(0).header("x-api-key"));
      assertEquals("GET /v0/namespace/ns/graph/g", requests.get(1).line());
      assertEquals("GET /v0/namespace/ns/graph/g", requests.get(2).line());
      assertEquals(List.of("PENDING after 0.0 s", "PENDING after 0.0 s", "VALID after 0.0 s"), progress);
      // Verification mostly takes milliseconds: the first look comes soon, the pauses double.
      assertEquals(List.of(Duration.ofMillis(1), Duration.ofMillis(2)), time.sleeps());
    }
  }

  @Test
  void pausesDoubleUpToThePollInterval() throws Exception {
    FakeTime time = new FakeTime();
    String[] answers = new String[14];
    java.util.Arrays.fill(answers, "PENDING");
    answers[13] = "VALID";
    try (FakeServer server = server(answers); StateManager sm = client(server, time)) {
      sm.upsertGraphBody("ns", "g", BODY, List.of(), options(new ArrayList<>(), 60));
      List<Long> sleeps = time.sleeps().stream().map(Duration::toMillis).toList();
      assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1000L), sleeps.subList(0, 11));
      assertEquals(List.of(1000L), sleeps.subList(10, sleeps.size()).stream().distinct().toList());
    }
  }

  @Test
  void pendingThenInvalidCarriesTheServersErrors() throws Exception {
    FakeTime time = new FakeTime();
    List<String> progress = new ArrayList<>();
    try (FakeServer server = server("PENDING", "PENDING", "INVALID"); StateManager sm = client(server, time)) {
      GraphValidationException e = assertThrows(GraphValidationException.class,
          () -> sm.upsertGraphBody("ns", "g", BODY, List.of("s3cr3t-value"), options(progress, 60)));
      assertEquals(List.of("Node Node1 in namespace ns does not exist.",
          "Secret token is required but not present in the graph template"), e.validationErrors());
      assertEquals("Graph ns/g is INVALID:\n  Node Node1 in namespace ns does not exist.\n"
          + "  Secret token is required but not present in the graph template", e.getMessage());
      assertEquals(200, e.status());
      assertEquals("PENDING after 0.0 s", progress.get(0));
      assertEquals("INVALID after 0.0 s", progress.get(progress.size() - 1));
      assertEquals(4, server.requests().size());
    }
  }

  @Test
  void stillPendingAtTheTimeoutIsAClearError() throws Exception {
    FakeTime time = new FakeTime();
    List<String> progress = new ArrayList<>();
    try (FakeServer server = server("PENDING"); StateManager sm = client(server, time)) {
      StateManagerException e = assertThrows(StateManagerException.class,
          () -> sm.upsertGraphBody("ns", "g", BODY, List.of(), options(progress, 3)));
      assertFalse(e instanceof GraphValidationException);
      assertEquals("Graph ns/g is still PENDING after 3 s: the state manager has not finished verifying it "
          + "(allow more time with UpsertOptions.timeout, or check the state manager's log)", e.getMessage());
      // The PUT, then GETs after 1, 2, 4, ... 512 ms, then at most a second apart until the 3 s are spent.
      assertEquals(13, server.requests().size());
      assertEquals("PENDING after 3.0 s", progress.get(progress.size() - 1));
      assertEquals(List.of(1000L, 977L), time.sleeps().subList(10, 12).stream().map(Duration::toMillis).toList());
    }
  }

  @Test
  void request422IsAValidationErrorWithOneTextPerItem() throws Exception {
    String body = "{\"detail\":[{\"type\":\"value_error\",\"loc\":[\"body\",\"nodes\",0,\"identifier\"],"
        + "\"msg\":\"Value error, Node identifier cannot be empty\",\"input\":\" \",\"ctx\":{\"error\":{}}},"
        + "{\"type\":\"value_error\",\"loc\":[\"body\",\"nodes\",1,\"next_nodes\"],"
        + "\"msg\":\"Value error, Next node identifier cannot be empty\\nNext node identifier b is not unique\","
        + "\"input\":[\"\",\"b\",\"b\"],\"ctx\":{\"error\":{}}}]}";
    try (FakeServer server = FakeServer.answering(422, body); StateManager sm = client(server, new FakeTime())) {
      GraphValidationException e = assertThrows(GraphValidationException.class,
          () -> sm.upsertGraphBody("ns", "g", BODY, List.of(), UpsertOptions.DEFAULT));
      assertEquals(422, e.status());
      assertEquals(List.of("body.nodes.0.identifier: Value error, Node identifier cannot be empty",
          "body.nodes.1.next_nodes: Value error, Next node identifier cannot be empty\nNext node identifier b is not unique"),
          e.validationErrors());
      assertTrue(e.getMessage().startsWith(
          "PUT /v0/namespace/ns/graph/g failed: 422 body.nodes.0.identifier: Value error, Node identifier cannot be empty\n"),
          e.getMessage());
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void request400IsAValidationErrorWithTheDetail() throws Exception {
    String detail = "Error validating graph template: 1 validation error for GraphTemplate\n"
        + "  Value error, Node b is not connected to the root node [type=value_error, input_value={'name': 'g'}, input_type=dict]";
    try (FakeServer server = FakeServer.answering(400, "{\"detail\":" + StateManagerEndpointsTest.JSON.writeValueAsString(detail) + "}");
        StateManager sm = client(server, new FakeTime())) {
      GraphValidationException e = assertThrows(GraphValidationException.class,
          () -> sm.upsertGraphBody("ns", "g", BODY, List.of(), UpsertOptions.DEFAULT));
      assertEquals(400, e.status());
      assertEquals(List.of(detail), e.validationErrors());
      assertEquals("PUT /v0/namespace/ns/graph/g failed: 400 " + detail, e.getMessage());
      assertEquals(detail, e.detail());
    }
  }

  @Test
  void thePutIsRetriedOnServerErrors() throws Exception {
    FakeTime time = new FakeTime();
    try (FakeServer server = FakeServer.start((r, i) -> i == 0
            ? FakeServer.Reply.json(500, "{\"detail\":\"x\"}")
            : r.method().equals("PUT")
                ? FakeServer.Reply.json(201, graphBody("PENDING", "[]"))
                : FakeServer.Reply.json(200, graphBody("VALID", "[]")));
        StateManager sm = ((StateManager.DefaultBuilder) StateManager.builder().uri(server.uri()).apiKey(KEY)
            .namespace("ns").maxRetries(2)).time(time, time).build()) {
      assertTrue(sm.upsertGraphBody("ns", "g", BODY, List.of(), UpsertOptions.DEFAULT).isValid());
      assertEquals(List.of("PUT", "PUT", "GET"), server.requests().stream().map(FakeServer.Request::method).toList());
    }
  }

  @Test
  void upsertOfATemplateSendsThePythonSdkBytesToTheTemplatesNamespace() throws Exception {
    GraphTemplate minimal = new GraphTemplate("g", "other ns", Map.of(),
        List.of(NodeTemplate.of("Echo", "ns", "a", Map.of("text", "x"), List.of())), null, null, List.of());
    String golden;
    try (var in = UpsertGraphTest.class.getResourceAsStream("/golden/put-body-minimal.json")) {
      golden = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    }
    try (FakeServer server = server("VALID"); StateManager sm = client(server, new FakeTime())) {
      assertTrue(sm.upsertGraph(minimal).isValid());
      List<FakeServer.Request> requests = server.requests();
      assertEquals("PUT /v0/namespace/other%20ns/graph/g", requests.get(0).line());
      assertEquals(golden, requests.get(0).body());
      assertEquals("GET /v0/namespace/other%20ns/graph/g", requests.get(1).line());
    }
  }

  @Test
  void upsertOfATemplateWithSecretsSendsTheirValues() throws Exception {
    Map<String, String> declared = new java.util.LinkedHashMap<>();
    declared.put("api_key", null);
    GraphTemplate template = new GraphTemplate("g", "ns", declared,
        List.of(NodeTemplate.of("Echo", "ns", "a", Map.of("text", "x"), List.of())), null, null, List.of())
        .withSecretValues(Map.of("api_key", "s3cr3t-value"));
    try (FakeServer server = server("VALID"); StateManager sm = client(server, new FakeTime())) {
      sm.upsertGraph(template, UpsertOptions.DEFAULT);
      assertEquals(host.exosphere.graph.GraphJson.toPutBody(template), server.requests().get(0).body());
      assertTrue(server.requests().get(0).body().startsWith("{\"secrets\": {\"api_key\": \"s3cr3t-value\"}, \"nodes\": ["));
    }
  }

  @Test
  void aTemplateWithoutSecretValuesIsRefusedBeforeSending() throws Exception {
    Map<String, String> secrets = new java.util.LinkedHashMap<>();
    secrets.put("api_key", null);
    GraphTemplate template = new GraphTemplate("g", "ns", secrets,
        List.of(NodeTemplate.of("Node1", "ns", "n1", Map.of(), List.of())), null, null, List.of());
    try (FakeServer server = FakeServer.answering(201, graphBody("PENDING", "[]"));
        StateManager sm = client(server, new FakeTime())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sm.upsertGraph(template));
      assertEquals("Secret 'api_key' of graph 'g' has no value: supply the values with "
          + "GraphTemplate.withSecretValues(...) before uploading", e.getMessage());
      assertEquals(0, server.requests().size());
    }
  }

  @Test
  void progressIsLoggedAtInfoWithoutTheBody() throws Exception {
    FakeTime time = new FakeTime();
    String log = StateManagerFaultTest.captureStderr(() -> {
      try (FakeServer server = server("VALID"); StateManager sm = client(server, time)) {
        return sm.upsertGraphBody("ns", "g", BODY, List.of("s3cr3t-value"), UpsertOptions.DEFAULT);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(log.contains("Graph ns/g: PENDING after 0.0 s"), log);
    assertTrue(log.contains("Graph ns/g: VALID after 0.0 s"), log);
    assertFalse(log.contains("s3cr3t-value"), log);
    assertFalse(log.contains(KEY), log);
  }

  @Test
  void aGraphNameWithSurroundingWhitespaceIsRefusedBeforeSending() throws Exception {
    try (FakeServer server = server("VALID"); StateManager sm = client(server, new FakeTime())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> sm.upsertGraphBody("ns", " g", BODY, List.of(), UpsertOptions.DEFAULT));
      assertEquals("Graph name ' g' has leading or trailing whitespace: the state manager stores it trimmed and "
          + "could then never find it again; remove the whitespace", e.getMessage());
      assertEquals(0, server.requests().size());
    }
  }
}
