package host.exosphere.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.annotations.RetryStrategy;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import host.exosphere.local.LocalStateManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the embedded state manager over real HTTP: every endpoint, driving a run by hand
 * with raw enqueue/executed/errored calls the way a runtime does.
 */
class StateManagerEndToEndTest {
  static LocalStateManager server;

  @BeforeAll
  static void start() {
    server = LocalStateManager.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  StateManager client(String namespace) {
    return StateManager.builder().uri(server.uri()).apiKey(server.apiKey()).namespace(namespace).build();
  }

  static NodeRegistration node(String name, List<String> inputs, List<String> outputs, List<String> secrets) {
    return new NodeRegistration(name, NodeSchemas.pydanticSchema("Inputs", inputs),
        NodeSchemas.pydanticSchema("Outputs", outputs), secrets);
  }

  static GraphTemplate pipeline(String namespace, String secretValue) {
    return new GraphTemplate("pipeline", namespace, Map.of("api_key", secretValue),
        List.of(
            NodeTemplate.of("Loader", namespace, "loader", Map.of("source", "page ${{ store.cursor }}"),
                List.of("processor")),
            NodeTemplate.of("Processor", namespace, "processor", Map.of("data", "${{ loader.outputs.data }}"),
                List.of())),
        new RetryPolicy(1, RetryStrategy.FIXED, 1, 2, null),
        new StoreConfig(List.of("cursor"), Map.of()),
        List.of());
  }

  void awaitIdle() throws InterruptedException {
    assertTrue(server.awaitIdle(Duration.ofSeconds(10)), "the embedded server did not settle");
  }

  /** Claims states of {@code node} until {@code count} arrived (retries become claimable after their delay). */
  static List<EnqueuedState> claim(StateManager sm, String node, int count) throws InterruptedException {
    List<EnqueuedState> states = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (states.size() < count && System.nanoTime() < deadline) {
      states.addAll(sm.enqueue(List.of(node), count - states.size()));
      if (states.size() < count) {
        Thread.sleep(5);
      }
    }
    assertEquals(count, states.size(), "states of " + node + " claimed");
    return states;
  }

  @Test
  void aRunDrivenByHandThroughEveryEndpoint() throws Exception {
    try (StateManager sm = client("e2e")) {
      assertEquals("OK", sm.health());
      sm.registerNodes("JavaRuntime", List.of(
          node("Loader", List.of("source"), List.of("data"), List.of()),
          node("Processor", List.of("data"), List.of("result"), List.of("api_key"))));
      assertEquals(Set.of("Loader", "Processor"),
          sm.listNodes().stream().map(n -> n.name()).collect(Collectors.toSet()));
      assertTrue(sm.namespaces().contains("e2e"));

      List<String> progress = new ArrayList<>();
      GraphStatus status = sm.upsertGraph(pipeline("e2e", "sk-live-abcdef"),
          new UpsertOptions(Duration.ofSeconds(10), Duration.ofMillis(20), progress::add));
      assertEquals(new GraphStatus("VALID", List.of()), status);
      assertTrue(progress.get(0).startsWith("PENDING after "), progress.toString());
      assertTrue(progress.get(progress.size() - 1).startsWith("VALID after "), progress.toString());

      GraphInfo graph = sm.getGraph("pipeline");
      assertEquals("VALID", graph.validationStatus());
      assertEquals(List.of("api_key"), graph.secretNames());
      assertEquals(List.of("loader", "processor"), graph.nodes().stream().map(NodeTemplate::identifier).toList());
      List<GraphInfo> graphs = sm.listGraphs();
      assertEquals(1, graphs.size());
      assertEquals(new RetryPolicy(1, RetryStrategy.FIXED, 1, 2, null), graphs.get(0).retryPolicy());
      assertEquals(List.of("cursor"), graphs.get(0).storeConfig().requiredKeys());

      StateManagerException missingStore = assertThrows(StateManagerException.class, () -> sm.trigger("pipeline"));
      assertEquals(400, missingStore.status());
      // The root input's placeholder is resolved before required keys are checked (docs/state-manager.md §1.2.8).
      assertEquals("Invalid input: 400: Dependent cursor not found in store for root node loader",
          missingStore.detail());

      String runId = sm.trigger("pipeline", new TriggerRequest(Map.of(), Map.of("cursor", "7"), Duration.ZERO));
      EnqueuedState loader = claim(sm, "Loader", 1).get(0);
      assertEquals("loader", loader.identifier());
      assertEquals(Map.of("source", "page 7"), loader.inputs());

      // Fan-out: two outputs, two processor states.
      sm.executed(loader.stateId(), List.of(Map.of("data", "a"), Map.of("data", "b")));
      awaitIdle();
      List<EnqueuedState> processors = new ArrayList<>(claim(sm, "Processor", 2));
      processors.sort(Comparator.comparing(s -> s.inputs().get("data")));
      EnqueuedState first = processors.get(0);
      EnqueuedState second = processors.get(1);
      assertEquals(Map.of("data", "a"), first.inputs());
      assertEquals(Map.of("data", "b"), second.inputs());
      assertEquals(Map.of("api_key", "sk-live-abcdef"), sm.secrets(first.stateId()));

      // One retry allowed: the first failure creates a retry, which is then pruned.
      assertTrue(sm.errored(first.stateId(), "boom"));
      EnqueuedState retry = claim(sm, "Processor", 1).get(0);
      assertNotEquals(first.stateId(), retry.stateId());
      sm.prune(retry.stateId(), Map.of("reason", "nothing to do"));
      sm.executed(second.stateId(), List.of(Map.of("result", "ok")));

      // A manual retry of the failed state, put back for an hour.
      String manual = sm.manualRetry(first.stateId());
      long before = System.currentTimeMillis();
      long enqueueAfter = sm.reEnqueueAfter(manual, Duration.ofHours(1));
      assertTrue(enqueueAfter >= before + 3_600_000L, "enqueue_after " + enqueueAfter);
      assertEquals(List.of(), sm.enqueue(List.of("Processor"), 5));
      awaitIdle();

      RunsPage runs = sm.runs(1, 10);
      assertEquals(1, runs.total());
      // Fan-out copies the loader state once per extra output (docs/state-manager.md §4.3): two loaders SUCCESS,
      // processor b SUCCESS and the retry PRUNED (4 successes), processor a RETRY_CREATED, the manual
      // copy CREATED.
      assertEquals(List.of(new RunSummary(runId, "pipeline", 4, 1, 0, 1, 6, "PENDING", runs.runs().get(0).createdAt())),
          runs.runs());

      RunGraph structure = sm.graphStructure(runId);
      assertEquals("pipeline", structure.graphName());
      assertEquals(6, structure.nodeCount());
      assertEquals(4, structure.edgeCount());
      List<String> roots = structure.rootStates().stream().map(RunGraph.StateNode::id).toList();
      assertEquals(2, roots.size());
      assertTrue(roots.contains(loader.stateId()), roots.toString());
      // Every processor state hangs off a loader state; processor a's retry and manual copy off the same one.
      assertTrue(structure.edges().stream().allMatch(e -> roots.contains(e.source())), structure.edges().toString());
      assertEquals(Set.of(first.stateId(), retry.stateId(), manual),
          structure.edges().stream().filter(e -> e.source().equals(loader.stateId()))
              .map(RunGraph.Edge::target).collect(Collectors.toSet()));
      assertEquals(3L, structure.executionSummary().get("SUCCESS"));
      assertEquals(1L, structure.executionSummary().get("PRUNED"));
      assertEquals(1L, structure.executionSummary().get("RETRY_CREATED"));
      assertEquals(1L, structure.executionSummary().get("CREATED"));

      NodeRunDetails details = sm.nodeRunDetails("pipeline", runId, second.stateId());
      assertEquals("SUCCESS", details.status());
      assertEquals(Map.of("data", "b"), details.inputs());
      assertEquals(Map.of("result", "ok"), details.outputs());
      String otherLoader = roots.stream().filter(id -> !id.equals(loader.stateId())).findFirst().orElseThrow();
      assertEquals(Map.of("loader", otherLoader), details.parents());

      StateManagerException gone = assertThrows(StateManagerException.class,
          () -> sm.nodeRunDetails("pipeline", runId, "665f00000000000000000000"));
      assertEquals(404, gone.status());
      assertEquals("Node 665f00000000000000000000 not found in run " + runId + " for graph pipeline", gone.detail());
    }
  }

  @Test
  void anInvalidGraphThrowsTheServersVerificationErrors() {
    try (StateManager sm = client("e2e-invalid")) {
      GraphTemplate template = new GraphTemplate("broken", "e2e-invalid", Map.of(),
          List.of(NodeTemplate.of("Missing", "e2e-invalid", "m", Map.of(), List.of())), null, null, List.of());
      GraphValidationException e = assertThrows(GraphValidationException.class,
          () -> sm.upsertGraph(template, new UpsertOptions(Duration.ofSeconds(10), Duration.ofMillis(20), s -> {})));
      assertEquals(List.of("Node Missing in namespace e2e-invalid does not exist.",
          "Node Missing in namespace e2e-invalid does not exist"), e.validationErrors());
      assertEquals("INVALID", sm.getGraph("broken").validationStatus());
    }
  }

  @Test
  void aTemplateTheServerRefusesIsAValidationErrorWithItsText() {
    try (StateManager sm = client("e2e-refused")) {
      GraphTemplate template = new GraphTemplate("refused", "e2e-refused", Map.of(),
          List.of(NodeTemplate.of("N", "e2e-refused", "store", Map.of(), List.of())), null, null, List.of());
      GraphValidationException e = assertThrows(GraphValidationException.class, () -> sm.upsertGraph(template));
      assertEquals(422, e.status());
      assertEquals(List.of("body.nodes.0.identifier: Value error, Node identifier cannot be reserved word 'store'"),
          e.validationErrors());
    }
  }

  @Test
  void aWrongKeyIs401WithoutTheKeyInTheMessage() {
    try (StateManager sm = StateManager.builder().uri(server.uri()).apiKey("wrong-key-value").namespace("e2e")
        .build()) {
      StateManagerException e = assertThrows(StateManagerException.class, sm::listNodes);
      assertEquals("GET /v0/namespace/e2e/nodes/ failed: 401 Invalid API key", e.getMessage());
      assertEquals(401, e.status());
    }
  }
}
