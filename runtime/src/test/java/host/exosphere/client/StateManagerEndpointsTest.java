package host.exosphere.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.graph.CronTrigger;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.Unites;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint of docs/state-manager.md §1.2: the exact request the client sends and how it reads the answer. */
class StateManagerEndpointsTest {
  static final String KEY = "sk-test-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  static StateManager client(FakeServer server) {
    return StateManager.builder().uri(server.uri()).apiKey(KEY).namespace("ns").maxRetries(0).build();
  }

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  /** Method, raw path, API key header and (for bodies) content type and the exact JSON. */
  static void assertRequest(FakeServer.Request request, String line, String jsonBody) throws Exception {
    assertEquals(line, request.line());
    assertEquals(KEY, request.header("x-api-key"));
    assertEquals("application/json", request.header("Accept"));
    if (jsonBody == null) {
      assertEquals("", request.body());
      assertNull(request.header("Content-Type"));
    } else {
      assertEquals("application/json", request.header("Content-Type"));
      assertEquals(json(jsonBody), json(request.body()));
    }
  }

  @Test
  void health() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"message\":\"OK\"}");
        StateManager sm = client(server)) {
      assertEquals("OK", sm.health());
      assertRequest(server.only(), "GET /health", null);
    }
  }

  @Test
  void namespaces() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"namespaces\":[\"a\",\"b\"],\"count\":2}");
        StateManager sm = client(server)) {
      assertEquals(List.of("a", "b"), sm.namespaces());
      assertRequest(server.only(), "GET /v0/namespaces", null);
    }
  }

  @Test
  void registerNodesSendsWhatThePythonRuntimeSends() throws Exception {
    ObjectNode inputs = (ObjectNode) json(
        "{\"properties\":{\"message\":{\"title\":\"Message\",\"type\":\"string\"}},\"required\":[\"message\"],"
            + "\"title\":\"Inputs\",\"type\":\"object\"}");
    ObjectNode outputs = (ObjectNode) json("{\"properties\":{},\"title\":\"Outputs\",\"type\":\"object\"}");
    try (FakeServer server = FakeServer.answering(200, "{\"runtime_name\":\"rt\",\"registered_nodes\":[]}");
        StateManager sm = client(server)) {
      sm.registerNodes("rt", List.of(new NodeRegistration("Node1", inputs, outputs, List.of("api_key"))));
      assertRequest(server.only(), "PUT /v0/namespace/ns/nodes/",
          "{\"runtime_name\":\"rt\",\"runtime_namespace\":\"ns\",\"nodes\":[{\"name\":\"Node1\",\"namespace\":\"ns\","
              + "\"inputs_schema\":" + inputs + ",\"outputs_schema\":" + outputs + ",\"secrets\":[\"api_key\"]}]}");
    }
  }

  @Test
  void listNodes() throws Exception {
    String body = "{\"namespace\":\"ns\",\"count\":1,\"nodes\":[{\"_id\":\"665f00000000000000000001\",\"name\":\"Node1\","
        + "\"namespace\":\"ns\",\"runtime_name\":\"rt\",\"runtime_namespace\":\"ns\","
        + "\"inputs_schema\":{\"properties\":{},\"title\":\"Inputs\",\"type\":\"object\"},"
        + "\"outputs_schema\":{\"properties\":{},\"title\":\"Outputs\",\"type\":\"object\"},"
        + "\"secrets\":[\"k\"],\"created_at\":\"2025-09-04T10:11:12.345000\",\"updated_at\":\"2025-09-04T10:11:12.345000\"}]}";
    try (FakeServer server = FakeServer.answering(200, body); StateManager sm = client(server)) {
      List<RegisteredNode> nodes = sm.listNodes();
      assertRequest(server.only(), "GET /v0/namespace/ns/nodes/", null);
      assertEquals(1, nodes.size());
      RegisteredNode node = nodes.get(0);
      assertEquals("Node1", node.name());
      assertEquals("ns", node.namespace());
      assertEquals(json("{\"properties\":{},\"title\":\"Inputs\",\"type\":\"object\"}"), node.inputsSchema());
      assertEquals(json("{\"properties\":{},\"title\":\"Outputs\",\"type\":\"object\"}"), node.outputsSchema());
      assertEquals(List.of("k"), node.secrets());
    }
  }

  static final String GRAPH_BODY = "{\"nodes\":[{\"node_name\":\"Node1\",\"namespace\":\"ns\",\"identifier\":\"n1\","
      + "\"inputs\":{\"message\":\"hello ${{ store.cursor }}\"},\"next_nodes\":[\"n2\"],\"unites\":null},"
      + "{\"node_name\":\"Node2\",\"namespace\":\"ns\",\"identifier\":\"n2\",\"inputs\":{\"x\":\"${{ n1.outputs.count }}\"},"
      + "\"next_nodes\":null,\"unites\":{\"identifier\":\"n1\",\"strategy\":\"ALL_DONE\"}}],"
      + "\"secrets\":{\"api_key\":true},"
      + "\"retry_policy\":{\"max_retries\":3,\"strategy\":\"EXPONENTIAL\",\"backoff_factor\":2000,\"exponent\":2,\"max_delay\":null},"
      + "\"store_config\":{\"required_keys\":[],\"default_values\":{}},\"triggers\":[],"
      + "\"created_at\":\"2025-09-04T10:11:12.345000\",\"updated_at\":\"2025-09-04T10:11:13.000000\","
      + "\"validation_status\":\"INVALID\",\"validation_errors\":[\"Node Node2 in namespace ns does not exist.\"]}";

  @Test
  void getGraph() throws Exception {
    try (FakeServer server = FakeServer.answering(200, GRAPH_BODY); StateManager sm = client(server)) {
      GraphInfo graph = sm.getGraph("my graph/v2");
      // Path segments are percent-encoded: a space and a slash stay inside the one segment.
      assertRequest(server.only(), "GET /v0/namespace/ns/graph/my%20graph%2Fv2", null);
      assertEquals("my graph/v2", graph.name());
      assertEquals("ns", graph.namespace());
      assertEquals(List.of(
          new NodeTemplate("Node1", "ns", "n1", Map.of("message", "hello ${{ store.cursor }}"), List.of("n2"), null),
          new NodeTemplate("Node2", "ns", "n2", Map.of("x", "${{ n1.outputs.count }}"), List.of(),
              new Unites("n1", UnitesStrategy.ALL_DONE))),
          graph.nodes());
      assertEquals(List.of("api_key"), graph.secretNames());
      assertEquals(new GraphStatus("INVALID", List.of("Node Node2 in namespace ns does not exist.")), graph.status());
      assertEquals("2025-09-04T10:11:12.345000", graph.createdAt());
      assertEquals("2025-09-04T10:11:13.000000", graph.updatedAt());
      assertEquals(RetryPolicy.DEFAULT, graph.retryPolicy());
      assertFalse(graph.isPending());
    }
  }

  @Test
  void getGraphNotFoundCarriesStatusAndDetail() throws Exception {
    try (FakeServer server = FakeServer.answering(404, "{\"detail\":\"Graph template g not found in namespace ns\"}");
        StateManager sm = client(server)) {
      StateManagerException e = assertThrows(StateManagerException.class, () -> sm.getGraph("g"));
      assertEquals("GET /v0/namespace/ns/graph/g failed: 404 Graph template g not found in namespace ns", e.getMessage());
      assertEquals(404, e.status());
      assertEquals("Graph template g not found in namespace ns", e.detail());
    }
  }

  @Test
  void listGraphsKeepsStoredPolicyAndDropsSecretCiphertexts() throws Exception {
    String body = "{\"namespace\":\"ns\",\"count\":1,\"templates\":[{\"_id\":\"665f00000000000000000002\",\"name\":\"g\","
        + "\"namespace\":\"ns\",\"nodes\":[{\"node_name\":\"Node1\",\"namespace\":\"ns\",\"identifier\":\"n1\",\"inputs\":{},"
        + "\"next_nodes\":null,\"unites\":null}],\"validation_status\":\"VALID\",\"validation_errors\":[],"
        + "\"secrets\":{\"api_key\":\"Z2NtLWNpcGhlcnRleHQ=\"},"
        + "\"triggers\":[{\"type\":\"CRON\",\"value\":{\"expression\":\"*/5 * * * *\"}}],"
        + "\"retry_policy\":{\"max_retries\":5,\"strategy\":\"LINEAR_FULL_JITTER\",\"backoff_factor\":100,\"exponent\":3,\"max_delay\":9000},"
        + "\"store_config\":{\"required_keys\":[\"cursor\"],\"default_values\":{\"page\":\"1\"}},"
        + "\"created_at\":\"2025-09-04T10:11:12.345\",\"updated_at\":\"2025-09-04T10:11:12.345\"}]}";
    try (FakeServer server = FakeServer.answering(200, body); StateManager sm = client(server)) {
      List<GraphInfo> graphs = sm.listGraphs();
      assertRequest(server.only(), "GET /v0/namespace/ns/graphs/", null);
      assertEquals(1, graphs.size());
      GraphInfo g = graphs.get(0);
      assertEquals("g", g.name());
      assertEquals(List.of("api_key"), g.secretNames());
      assertFalse(g.toString().contains("Z2NtLWNpcGhlcnRleHQ="));
      assertEquals(new RetryPolicy(5, RetryStrategy.LINEAR_FULL_JITTER, 100, 3, 9000L), g.retryPolicy());
      assertEquals(List.of("cursor"), g.storeConfig().requiredKeys());
      assertEquals(Map.of("page", "1"), g.storeConfig().defaultValues());
      assertEquals(List.of(new CronTrigger("*/5 * * * *")), g.triggers());
      assertTrue(g.status().isValid());
    }
  }

  @Test
  void triggerReturnsTheRunId() throws Exception {
    try (FakeServer server = FakeServer.answering(200,
            "{\"status\":\"CREATED\",\"run_id\":\"0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11\"}");
        StateManager sm = client(server)) {
      Map<String, String> store = new LinkedHashMap<>();
      store.put("cursor", "0");
      String runId = sm.trigger("g", new TriggerRequest(Map.of("message", "hi"), store, Duration.ofSeconds(2)));
      assertEquals("0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11", runId);
      assertRequest(server.only(), "POST /v0/namespace/ns/graph/g/trigger",
          "{\"start_delay\":2000,\"inputs\":{\"message\":\"hi\"},\"store\":{\"cursor\":\"0\"}}");
    }
  }

  @Test
  void triggerWithoutArgumentsSendsEmptyMaps() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"status\":\"CREATED\",\"run_id\":\"r\"}");
        StateManager sm = client(server)) {
      assertEquals("r", sm.trigger("g"));
      assertRequest(server.only(), "POST /v0/namespace/ns/graph/g/trigger",
          "{\"start_delay\":0,\"inputs\":{},\"store\":{}}");
    }
  }

  @Test
  void enqueue() throws Exception {
    String body = "{\"count\":1,\"namespace\":\"ns\",\"status\":\"QUEUED\",\"states\":[{\"state_id\":\"665f00000000000000000003\","
        + "\"node_name\":\"Node1\",\"identifier\":\"n1\",\"inputs\":{\"message\":\"hello 0\"},"
        + "\"created_at\":\"2025-09-04T10:11:12.345000\"}]}";
    try (FakeServer server = FakeServer.answering(200, body); StateManager sm = client(server)) {
      List<EnqueuedState> states = sm.enqueue(List.of("Node1", "Node2"), 16);
      assertRequest(server.only(), "POST /v0/namespace/ns/states/enqueue",
          "{\"nodes\":[\"Node1\",\"Node2\"],\"batch_size\":16}");
      assertEquals(List.of(new EnqueuedState("665f00000000000000000003", "Node1", "n1",
          Map.of("message", "hello 0"), "2025-09-04T10:11:12.345000")), states);
    }
  }

  @Test
  void secrets() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"secrets\":{\"api_key\":\"plain-value\"}}");
        StateManager sm = client(server)) {
      assertEquals(Map.of("api_key", "plain-value"), sm.secrets("665f00000000000000000003"));
      assertRequest(server.only(), "GET /v0/namespace/ns/state/665f00000000000000000003/secrets", null);
    }
  }

  @Test
  void executed() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"status\":\"EXECUTED\"}"); StateManager sm = client(server)) {
      sm.executed("s1", List.of(Map.of("count", "1"), Map.of("count", "2")));
      assertRequest(server.only(), "POST /v0/namespace/ns/state/s1/executed",
          "{\"outputs\":[{\"count\":\"1\"},{\"count\":\"2\"}]}");
    }
  }

  @Test
  void erroredReturnsRetryCreated() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"status\":\"ERRORED\",\"retry_created\":true}");
        StateManager sm = client(server)) {
      assertTrue(sm.errored("s1", "boom"));
      assertRequest(server.only(), "POST /v0/namespace/ns/state/s1/errored", "{\"error\":\"boom\"}");
    }
    try (FakeServer server = FakeServer.answering(200, "{\"status\":\"ERRORED\",\"retry_created\":false}");
        StateManager sm = client(server)) {
      assertFalse(sm.errored("s1", "boom"));
    }
  }

  @Test
  void prune() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"enqueue_after\":1757000000000,\"status\":\"PRUNED\"}");
        StateManager sm = client(server)) {
      sm.prune("s1", Map.of("reason", "empty page"));
      assertRequest(server.only(), "POST /v0/namespace/ns/state/s1/prune", "{\"data\":{\"reason\":\"empty page\"}}");
    }
  }

  @Test
  void reEnqueueAfterSendsMillisAndReturnsTheAbsoluteTime() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"enqueue_after\":1757000001500,\"status\":\"CREATED\"}");
        StateManager sm = client(server)) {
      assertEquals(1757000001500L, sm.reEnqueueAfter("s1", Duration.ofMillis(1500)));
      assertRequest(server.only(), "POST /v0/namespace/ns/state/s1/re-enqueue-after", "{\"enqueue_after\":1500}");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sm.reEnqueueAfter("s1", Duration.ZERO));
      assertEquals("delay must be at least 1 ms: the state manager refuses 0 or less, got PT0S", e.getMessage());
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void manualRetry() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"id\":\"665f00000000000000000009\",\"status\":\"CREATED\"}");
        StateManager sm = client(server)) {
      assertEquals("665f00000000000000000009", sm.manualRetry("s1", "fan-1"));
      assertRequest(server.only(), "POST /v0/namespace/ns/state/s1/manual-retry", "{\"fanout_id\":\"fan-1\"}");
    }
  }

  @Test
  void manualRetryConflictCarriesDetail() throws Exception {
    try (FakeServer server = FakeServer.answering(409, "{\"detail\":\"Duplicate retry state detected\"}");
        StateManager sm = client(server)) {
      StateManagerException e = assertThrows(StateManagerException.class, () -> sm.manualRetry("s1", "fan-1"));
      assertEquals("POST /v0/namespace/ns/state/s1/manual-retry failed: 409 Duplicate retry state detected",
          e.getMessage());
      assertEquals(409, e.status());
    }
  }

  @Test
  void runs() throws Exception {
    String body = "{\"namespace\":\"ns\",\"total\":7,\"page\":2,\"size\":5,\"runs\":[{\"run_id\":\"r1\",\"graph_name\":\"g\","
        + "\"success_count\":3,\"pending_count\":1,\"errored_count\":0,\"retried_count\":2,\"total_count\":6,"
        + "\"status\":\"PENDING\",\"created_at\":\"2025-09-04T10:11:12.345000\"}]}";
    try (FakeServer server = FakeServer.answering(200, body); StateManager sm = client(server)) {
      RunsPage page = sm.runs(2, 5);
      assertRequest(server.only(), "GET /v0/namespace/ns/runs/2/5", null);
      assertEquals(new RunsPage("ns", 7, 2, 5,
          List.of(new RunSummary("r1", "g", 3, 1, 0, 2, 6, "PENDING", "2025-09-04T10:11:12.345000"))), page);
      assertEquals("page starts at 1, got 0",
          assertThrows(IllegalArgumentException.class, () -> sm.runs(0, 5)).getMessage());
    }
  }

  @Test
  void graphStructure() throws Exception {
    String body = "{\"root_states\":[{\"id\":\"a\",\"node_name\":\"N\",\"identifier\":\"n1\",\"status\":\"SUCCESS\",\"error\":null}],"
        + "\"graph_name\":\"g\",\"nodes\":[{\"id\":\"a\",\"node_name\":\"N\",\"identifier\":\"n1\",\"status\":\"SUCCESS\",\"error\":null},"
        + "{\"id\":\"b\",\"node_name\":\"M\",\"identifier\":\"n2\",\"status\":\"ERRORED\",\"error\":\"boom\"}],"
        + "\"edges\":[{\"source\":\"a\",\"target\":\"b\"}],\"node_count\":2,\"edge_count\":1,"
        + "\"execution_summary\":{\"CREATED\":0,\"QUEUED\":0,\"EXECUTED\":0,\"ERRORED\":1,\"NEXT_CREATED_ERROR\":0,"
        + "\"SUCCESS\":1,\"PRUNED\":0,\"RETRY_CREATED\":0}}";
    try (FakeServer server = FakeServer.answering(200, body); StateManager sm = client(server)) {
      RunGraph graph = sm.graphStructure("0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11");
      assertRequest(server.only(), "GET /v0/namespace/ns/states/run/0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11/graph", null);
      RunGraph.StateNode a = new RunGraph.StateNode("a", "N", "n1", "SUCCESS", null);
      RunGraph.StateNode b = new RunGraph.StateNode("b", "M", "n2", "ERRORED", "boom");
      assertEquals("g", graph.graphName());
      assertEquals(List.of(a), graph.rootStates());
      assertEquals(List.of(a, b), graph.nodes());
      assertEquals(List.of(new RunGraph.Edge("a", "b")), graph.edges());
      assertEquals(2, graph.nodeCount());
      assertEquals(1, graph.edgeCount());
      assertEquals(8, graph.executionSummary().size());
      assertEquals(1L, graph.executionSummary().get("ERRORED"));
      assertEquals(1L, graph.executionSummary().get("SUCCESS"));
    }
  }

  @Test
  void nodeRunDetails() throws Exception {
    String body = "{\"id\":\"b\",\"node_name\":\"M\",\"identifier\":\"n2\",\"graph_name\":\"g\",\"run_id\":\"r1\","
        + "\"status\":\"SUCCESS\",\"inputs\":{\"x\":\"1\"},\"outputs\":{\"y\":\"2\",\"n\":null},\"error\":null,"
        + "\"parents\":{\"n1\":\"a\"},\"created_at\":\"2025-09-04T10:11:12.345000\",\"updated_at\":\"2025-09-04T10:11:13.345000\"}";
    try (FakeServer server = FakeServer.answering(200, body); StateManager sm = client(server)) {
      NodeRunDetails d = sm.nodeRunDetails("g", "r1", "b");
      assertRequest(server.only(), "GET /v0/namespace/ns/graph/g/run/r1/node/b", null);
      Map<String, Object> outputs = new LinkedHashMap<>();
      outputs.put("y", "2");
      outputs.put("n", null);
      assertEquals(new NodeRunDetails("b", "M", "n2", "g", "r1", "SUCCESS", Map.of("x", "1"), outputs, null,
          Map.of("n1", "a"), "2025-09-04T10:11:12.345000", "2025-09-04T10:11:13.345000"), d);
    }
  }

  @Test
  void validationErrorsOf422AreRenderedLocColonMsg() throws Exception {
    String body = "{\"detail\":[{\"type\":\"greater_than\",\"loc\":[\"body\",\"enqueue_after\"],"
        + "\"msg\":\"Input should be greater than 0\",\"input\":0,\"ctx\":{\"gt\":0}}]}";
    try (FakeServer server = FakeServer.answering(422, body); StateManager sm = client(server)) {
      StateManagerException e = assertThrows(StateManagerException.class, () -> sm.trigger("g"));
      assertEquals("POST /v0/namespace/ns/graph/g/trigger failed: 422 body.enqueue_after: Input should be greater than 0",
          e.getMessage());
      assertEquals("body.enqueue_after: Input should be greater than 0", e.detail());
    }
  }

  @Test
  void aRedirectIsReportedNotFollowed() throws Exception {
    try (FakeServer server = FakeServer.start((r, i) -> new FakeServer.Reply(307, "", Map.of("Location", "/elsewhere")));
        StateManager sm = client(server)) {
      StateManagerException e = assertThrows(StateManagerException.class, sm::listNodes);
      assertEquals("GET /v0/namespace/ns/nodes/ failed: 307 (the state manager redirected the request: its paths "
          + "are exact, including trailing slashes)", e.getMessage());
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void uriWithTrailingSlashAndPathPrefix() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"message\":\"OK\"}");
        StateManager sm = StateManager.builder().uri(server.uri() + "/prefix/").apiKey(KEY).namespace("ns").build()) {
      assertEquals(server.uri() + "/prefix", sm.uri().toString());
      sm.health();
      assertEquals("GET /prefix/health", server.only().line());
    }
  }

  @Test
  @SuppressWarnings("try") // closes the client inside its try on purpose: the derived client must then refuse
  void withNamespaceAddressesTheOtherNamespace() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"namespace\":\"other\",\"count\":0,\"nodes\":[]}");
        StateManager sm = client(server)) {
      StateManager other = sm.withNamespace("other");
      assertEquals("other", other.namespace());
      assertEquals(List.of(), other.listNodes());
      assertEquals("GET /v0/namespace/other/nodes/", server.only().line());
      sm.close();
      assertEquals("This StateManager client is closed",
          assertThrows(IllegalStateException.class, other::listNodes).getMessage());
    }
  }

  @Test
  void aBodyThatIsNotJsonIsAClearError() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "<html>hello</html>"); StateManager sm = client(server)) {
      StateManagerException e = assertThrows(StateManagerException.class, sm::health);
      assertEquals("GET /health answered 200 with a body that is not JSON (at line 1, column 1)", e.getMessage());
      assertTrue(e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException, "the cause is kept");
    }
    try (FakeServer server = FakeServer.answering(200, "{\"status\":\"CREATED\"}"); StateManager sm = client(server)) {
      StateManagerException e = assertThrows(StateManagerException.class, () -> sm.trigger("g"));
      assertEquals("POST /v0/namespace/ns/graph/g/trigger answered 200 with an unexpected body: no 'run_id'",
          e.getMessage());
    }
  }

  @Test
  void aSuppliedHttpClientIsTheOneUsed() throws Exception {
    // This client follows redirects, which the builder's own never does: the redirect being followed
    // shows the supplied client sent the request.
    java.net.http.HttpClient follows = java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.ALWAYS).build();
    try (FakeServer server = FakeServer.start((r, i) -> r.path().equals("/health")
            ? new FakeServer.Reply(307, "", Map.of("Location", "/v0/health-moved"))
            : FakeServer.Reply.json(200, "{\"message\":\"OK\"}"));
        StateManager sm = StateManager.builder().uri(server.uri()).apiKey(KEY).namespace("ns").httpClient(follows)
            .build()) {
      assertEquals("OK", sm.health());
      assertEquals(List.of("GET /health", "GET /v0/health-moved"),
          server.requests().stream().map(FakeServer.Request::line).toList());
    }
  }

  @Test
  void toStringNamesServerAndNamespaceButNotTheKey() throws Exception {
    try (StateManager sm = StateManager.builder().uri("http://localhost:8000/").apiKey(KEY).namespace("ns").build()) {
      assertEquals("StateManager[http://localhost:8000, namespace ns]", sm.toString());
    }
  }
}
