package host.exosphere.local.engine;

import static host.exosphere.local.engine.ApiAssertions.assertApi;
import static host.exosphere.local.engine.ApiAssertions.assertInternal;
import static host.exosphere.local.engine.EngineFixture.JSON;
import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static host.exosphere.local.engine.EngineFixture.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineResponses.EdgeBody;
import host.exosphere.local.engine.EngineResponses.GraphNodeBody;
import host.exosphere.local.engine.EngineResponses.GraphStructureResponse;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import host.exosphere.local.engine.EngineResponses.RunsResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/state-manager.md §6.4 item 8 and the read endpoints: runs, graph structure, node details, nodes, graphs. */
class ViewsTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed"), List.of("x"));
    f.register("Work", List.of("x"), List.of());
    f.upsertValid("g", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}")));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void runsAreListedNewestFirstWithCountsAndPaging() {
    // first: r fans out to two a-states; one succeeds, the other fails four times for good → FAILED.
    String first = f.trigger("g");
    f.run("Root", out("x", "1"), out("x", "2"));
    List<String> work = f.claim("Work").stream().map(s -> s.stateId()).toList();
    f.executed(work.get(0));
    f.engine.errored(NS, work.get(1), new EngineRequests.ErroredRequest("e"));
    for (int i = 0; i < 3; i++) {
      f.clock.advanceMillis(1_000_000);
      f.claim("Work").forEach(s -> f.engine.errored(NS, s.stateId(), new EngineRequests.ErroredRequest("e")));
    }
    f.clock.advanceMillis(1000);
    String second = f.trigger("g");
    f.clock.advanceMillis(1000);
    String third = f.trigger("g");

    RunsResponse all = f.engine.runs(NS, 1, 0);
    assertEquals(3, all.total());
    assertEquals(List.of(third, second, first), all.runs().stream().map(RunSummary::runId).toList());
    RunSummary r1 = all.runs().get(2);
    assertEquals(List.of(3, 0, 1, 3, 7, "FAILED"), List.of(r1.successCount(), r1.pendingCount(), r1.erroredCount(),
        r1.retriedCount(), r1.totalCount(), r1.status()));
    RunsResponse page2 = f.engine.runs(NS, 2, 2);
    assertEquals(List.of(first), page2.runs().stream().map(RunSummary::runId).toList());
    assertEquals(List.of(NS, 3L, java.math.BigInteger.TWO, java.math.BigInteger.TWO),
        List.of(page2.namespace(), page2.total(), page2.page(), page2.size()));
    assertInternal(() -> f.engine.runs(NS, 0, 10));
    assertEquals(0, f.engine.runs("empty", 1, 10).total());
  }

  @Test
  void graphStructureHasOneEdgePerNonRootStateFromItsDirectParent() {
    String run = f.trigger("g");
    EngineResponses.EnqueuedStateBody r = f.run("Root", out("x", "1"), out("x", "2"));
    GraphStructureResponse g = f.engine.graphStructure(NS, run);
    assertEquals("g", g.graphName());
    // The fan-out copy of the root has empty parents too, so both r-states are roots.
    List<String> fanOutRoots = g.nodes().stream().filter(n -> n.identifier().equals("r")).map(GraphNodeBody::id).toList();
    assertEquals(2, fanOutRoots.size());
    assertTrue(fanOutRoots.contains(r.stateId()));
    assertEquals(fanOutRoots, g.rootStates().stream().map(GraphNodeBody::id).toList());
    assertEquals(4, g.nodeCount());
    assertEquals(2, g.edgeCount());
    for (EdgeBody e : g.edges()) {
      assertTrue(fanOutRoots.contains(e.source()), e.toString());
    }
    assertEquals(List.of("CREATED", "QUEUED", "EXECUTED", "ERRORED", "NEXT_CREATED_ERROR", "SUCCESS", "PRUNED",
        "RETRY_CREATED"), List.copyOf(g.executionSummary().keySet()));
    assertEquals(Map.of("CREATED", 2, "SUCCESS", 2), Map.of("CREATED", g.executionSummary().get("CREATED"),
        "SUCCESS", g.executionSummary().get("SUCCESS")));
    GraphStructureResponse none = f.engine.graphStructure(NS, "00000000-0000-4000-8000-000000000000");
    assertEquals(List.of("", 0, 0), List.of(none.graphName(), none.nodeCount(), none.edgeCount()));
  }

  @Test
  void nodeRunDetails() {
    String run = f.trigger("g");
    EngineResponses.EnqueuedStateBody r = f.run("Root", out("x", "1"));
    String child = f.only(run, "a").id();
    var details = f.engine.nodeRunDetails(NS, "g", run, child);
    assertEquals(List.of("Work", "a", "g", run, "CREATED", Map.of("x", "1"), Map.of()), List.of(details.nodeName(),
        details.identifier(), details.graphName(), details.runId(), details.status(), details.inputs(),
        details.outputs()));
    assertEquals(Map.of("r", r.stateId()), details.parents());
    assertNull(details.error());
    assertEquals("2026-01-05T10:00:00", details.createdAt(), "naive local time, no fraction when zero");
    assertApi(400, "Invalid node ID format: xyz", () -> f.engine.nodeRunDetails(NS, "g", run, "xyz"));
    assertApi(404, "Node " + child + " not found in run other for graph g",
        () -> f.engine.nodeRunDetails(NS, "g", "other", child));
    assertApi(404, "Node " + child + " not found in run " + run + " for graph h",
        () -> f.engine.nodeRunDetails(NS, "h", run, child));
  }

  @Test
  void registeredNodesAndNamespaces() {
    f.register("zeta", "Root", List.of("other"), List.of());
    f.register("", "Ignored", List.of(), List.of());
    assertEquals(List.of("ns", "zeta"), f.engine.listNamespaces().namespaces());
    var nodes = f.engine.listNodes(NS);
    assertEquals(2, nodes.count());
    var root = nodes.nodes().get(0);
    assertTrue(root.id().matches("[0-9a-f]{24}"), root.id());
    assertEquals(List.of("Root", NS, "test-runtime", NS), List.of(root.name(), root.namespace(), root.runtimeName(),
        root.runtimeNamespace()));
    // Re-registration overwrites (last writer wins) and keeps the id.
    f.clock.advanceMillis(5000);
    f.engine.registerNodes(NS, new EngineRequests.RegisterNodesRequest("second-runtime", List.of(
        new EngineRequests.NodeBody("Root", EngineFixture.schema("Inputs", List.of("q")),
            EngineFixture.schema("Outputs", List.of()), List.of("k")))));
    var again = f.engine.listNodes(NS).nodes().get(0);
    assertEquals(List.of(root.id(), "second-runtime", List.of("k"), root.updatedAt()),
        List.of(again.id(), again.runtimeName(), again.secrets(), again.updatedAt()));
    assertEquals("{\"q\":{\"title\":\"q\",\"type\":\"string\"}}", again.inputsSchema().get("properties").toString());
  }

  @Test
  void graphResponsesShowStoredFormAndTheGetQuirk() throws Exception {
    ObjectNode body = graph(node("r", " Root ", List.of(), "seed", "s"));
    ((ObjectNode) body.get("nodes").get(0)).remove("next_nodes");
    EngineFixture.retry(body, 1, "LINEAR", 500, 3, 9000L);
    body.putArray("triggers").addObject().put("type", "CRON").putObject("value").put("expression", "0 9 * * *");
    var put = f.engine.upsertGraph(NS, "h", body);
    assertEquals("PENDING", put.validationStatus());
    assertEquals("{\"node_name\":\"Root\",\"namespace\":\"ns\",\"identifier\":\"r\",\"inputs\":{\"seed\":\"s\"},"
        + "\"next_nodes\":null,\"unites\":null}", JSON.writeValueAsString(put.nodes().get(0)));
    assertEquals("{\"max_retries\":1,\"strategy\":\"LINEAR\",\"backoff_factor\":500,\"exponent\":3,\"max_delay\":9000}",
        JSON.writeValueAsString(put.retryPolicy()));
    assertEquals(1, put.triggers().size());
    f.idle();
    var get = f.engine.getGraph(NS, "h");
    assertEquals("VALID", get.validationStatus());
    assertEquals(EngineResponses.RetryPolicyBody.DEFAULT, get.retryPolicy());
    assertEquals(EngineResponses.StoreConfigBody.EMPTY, get.storeConfig());
    assertEquals(List.of(), get.triggers());
    assertApi(404, "Graph template nope not found in namespace ns", () -> f.engine.getGraph(NS, "nope"));
    var listed = f.engine.listGraphs(NS).templates().stream().filter(t -> t.name().equals("h")).findFirst()
        .orElseThrow();
    assertEquals(9000L, listed.retryPolicy().maxDelay(), "the list shows what was stored");
    assertEquals("0 9 * * *", listed.triggers().get(0).value().get("expression"));
  }

  @Test
  void graphNameIsTrimmedOnStoreButLookedUpRaw() {
    f.engine.upsertGraph(NS, " spaced", graph(node("r", "Root", List.of(), "seed", "s")));
    f.idle();
    assertEquals("VALID", f.engine.getGraph(NS, "spaced").validationStatus());
    assertApi(404, "Graph template  spaced not found in namespace ns", () -> f.engine.getGraph(NS, " spaced"));
    assertInternal(() -> f.engine.upsertGraph(NS, " spaced", graph(node("r", "Root", List.of(), "seed", "s"))));
  }
}
