package host.exosphere.local.engine;

import static host.exosphere.local.engine.ApiAssertions.assertApi;
import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.TriggerResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/state-manager.md §6.4 item 4: trigger checks in their order, root store placeholders, start_delay. */
class TriggerTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed", "page"), List.of("x"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** r with inputs seed = ${{ store.cursor }}, page = ${{ store.page }}; cursor and k2 required, page defaulted. */
  private void upsertStoreGraph() {
    ObjectNode body = graph(node("n1", "Root", List.of(), "seed", "${{ store.cursor }}", "page", "${{ store.page }}"));
    ObjectNode store = body.putObject("store_config");
    store.putArray("required_keys").add("cursor").add("k2");
    store.putObject("default_values").put("page", "100");
    f.upsertValid("g", body);
  }

  private TriggerResponse trigger(Map<String, String> inputs, Map<String, String> store) {
    return f.engine.trigger(NS, "g", new TriggerRequestBody(inputs, store, 0));
  }

  @Test
  void unknownGraphIs404() {
    assertApi(404, "Graph template not found for namespace ns and graph nope",
        () -> f.engine.trigger(NS, "nope", TriggerRequestBody.empty()));
  }

  @Test
  void pendingGraphIsNotValidRightAfterThePut() {
    ManualExecutor executor = new ManualExecutor();
    try (EngineFixture held = new EngineFixture(LocalEngine.builder().executor(executor))) {
      held.register("Root", List.of("seed"), List.of("x"));
      held.engine.upsertGraph(NS, "g", graph(node("n1", "Root", List.of(), "seed", "s")));
      assertEquals("PENDING", held.engine.getGraph(NS, "g").validationStatus());
      assertApi(400, "Graph template is not valid", () -> held.engine.trigger(NS, "g", TriggerRequestBody.empty()));
      executor.runAll();
      assertEquals("VALID", held.engine.getGraph(NS, "g").validationStatus());
      assertEquals("CREATED", held.engine.trigger(NS, "g", TriggerRequestBody.empty()).status());
    }
  }

  @Test
  void rootInputsComeFromTriggerStoreThenDefaults() {
    upsertStoreGraph();
    TriggerResponse response = trigger(Map.of(), Map.of("cursor", "c7", "k2", "v", "extra", "kept"));
    assertEquals("CREATED", response.status());
    assertTrue(response.runId().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertEquals(Map.of("seed", "c7", "page", "100"), f.claimOne("Root").inputs());
  }

  @Test
  void triggerInputsReplaceTemplateValuesAndMayUseTheStore() {
    upsertStoreGraph();
    trigger(Map.of("seed", "from-${{ store.k2 }}", "unknown", "ignored"), Map.of("cursor", "c", "k2", "v2", "page", "9"));
    assertEquals(Map.of("seed", "from-v2", "page", "9"), f.claimOne("Root").inputs());
  }

  @Test
  void missingStoreValueForARootPlaceholderIsWrappedWithItsStatus() {
    upsertStoreGraph();
    assertApi(400, "Invalid input: 400: Dependent cursor not found in store for root node n1",
        () -> trigger(Map.of(), Map.of("k2", "v")));
  }

  @Test
  void rootPlaceholderOfAnotherNodeIsRefused() {
    upsertStoreGraph();
    assertApi(400, "Invalid input: 400: Root node can have only store identifier as dependent but got a",
        () -> trigger(Map.of("seed", "${{ a.outputs.b }}"), Map.of("cursor", "c", "k2", "v")));
  }

  @Test
  void syntaxErrorInARootInputIsWrappedWithoutStatus() {
    upsertStoreGraph();
    assertApi(400, "Invalid input: Invalid syntax string placeholder  oops  for: ${{ oops }}",
        () -> trigger(Map.of("seed", "${{ oops }}"), Map.of("cursor", "c", "k2", "v")));
  }

  @Test
  void missingRequiredKeysAreReportedAsAPythonSetAfterInputResolution() {
    upsertStoreGraph();
    // cursor is only needed by an input the trigger replaces, so input resolution passes.
    assertApi(400, "Missing store keys: {'cursor', 'k2'}", () -> trigger(Map.of("seed", "literal"), Map.of()));
    assertApi(400, "Missing store keys: {'k2'}", () -> trigger(Map.of(), Map.of("cursor", "c")));
    assertEquals(0, f.engine.runs(NS, 1, 0).total(), "a refused trigger creates no run");
  }

  @Test
  void startDelayIsHonouredByEnqueue() {
    f.upsertValid("d", graph(node("n1", "Root", List.of(), "seed", "s", "page", "p")));
    f.engine.trigger(NS, "d", new TriggerRequestBody(Map.of(), Map.of(), 5_000));
    assertEquals(List.of(), f.claim("Root"));
    f.clock.advanceMillis(4_999);
    assertEquals(List.of(), f.claim("Root"));
    f.clock.advanceMillis(1);
    assertEquals(1, f.claim("Root").size());
  }

  @Test
  void enqueueTakesBatchSizeNodeNamesAndNamespaceIntoAccount() {
    f.register("Other", List.of(), List.of());
    f.upsertValid("d", graph(node("n1", "Root", List.of(), "seed", "s", "page", "p")));
    for (int i = 0; i < 5; i++) {
      f.trigger("d");
    }
    assertEquals(0, f.engine.enqueue(NS, new EngineRequests.EnqueueRequest(List.of("Root"), 0)).count());
    assertEquals(0, f.engine.enqueue(NS, new EngineRequests.EnqueueRequest(List.of("Other"), 10)).count());
    assertEquals(0, f.engine.enqueue("elsewhere", new EngineRequests.EnqueueRequest(List.of("Root"), 10)).count());
    EngineResponses.EnqueueResponse first = f.engine.enqueue(NS, new EngineRequests.EnqueueRequest(List.of("Root"), 3));
    assertEquals(List.of(3, NS, "QUEUED"), List.of(first.count(), first.namespace(), first.status()));
    assertEquals(2, f.claim("Root").size());
    assertEquals(List.of(), f.claim("Root"), "claimed states are not handed out twice");
  }
}
