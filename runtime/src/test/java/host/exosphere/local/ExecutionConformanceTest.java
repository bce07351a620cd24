package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static host.exosphere.local.Conformance.expectDetail;
import static host.exosphere.local.Conformance.expectInternalError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/state-manager.md §6.4 items 6 and 8: how states flow through a graph when a runtime reports them over HTTP —
 * chains, fan-out, joins with and without unites, store values — and the run views (runs listing, graph
 * structure, node details, the embedded diagnostics).
 */
class ExecutionConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  private static final String UNKNOWN_ID = "0123456789abcdef01234567";

  /** s fans out to a and b, which both lead to m; m unites s with the given strategy. */
  private static String join(String strategy) {
    return "{'secrets':{},'retry_policy':{'max_retries':0},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'s','inputs':{'x':'go'},'next_nodes':['a','b']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'a','inputs':{'y':'${{ s.outputs.y }}'},'next_nodes':['m']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ s.outputs.y }}'},'next_nodes':['m']},"
        + "{'node_name':'Leaf','namespace':'NS','identifier':'m','inputs':{'v':'joined ${{ s.outputs.y }}'},"
        + "'unites':{'identifier':'s','strategy':'" + strategy + "'}}]}";
  }

  private Scenario scenario(LocalStateManager server, String name, String graph) {
    Scenario s = CONFORMANCE.scenario(server, name);
    s.registerStandardNodes();
    s.upsertValid("g", s.json(graph));
    return s;
  }

  /** Claims the two Step states of the join graph, by identifier. */
  private static Map<String, JsonNode> claimBranches(Scenario s) {
    Map<String, JsonNode> byIdentifier = new HashMap<>();
    for (JsonNode state : s.enqueue(10, "Step")) {
      byIdentifier.put(state.get("identifier").textValue(), state);
    }
    assertEquals(Set.of("a", "b"), byIdentifier.keySet());
    return byIdentifier;
  }

  @Test
  void aChainPassesOutputsDownAndTheViewsDescribeTheRun(LocalStateManager server) {
    Scenario s = scenario(server, "chain", GraphsConformanceTest.CHAIN);
    String run = s.trigger("g");
    JsonNode a = s.claimOne("Start");
    s.executed(a, "{'y':'Y1'}");
    JsonNode b = s.claimOne("Step");
    assertEquals(RawHttp.json("{'y':'Y1'}"), b.get("inputs"));
    s.executed(b, "{'z':'Z1'}");
    JsonNode c = s.claimOne("Leaf");
    assertEquals(RawHttp.json("{'v':'Z1/Y1'}"), c.get("inputs"));
    s.executed(c);
    assertEquals(Map.of("a", List.of("SUCCESS"), "b", List.of("SUCCESS"), "c", List.of("SUCCESS")), s.statuses(run));
    assertEquals("3/0/0/0/3 SUCCESS", s.counts(run));

    String aId = a.get("state_id").textValue();
    String bId = b.get("state_id").textValue();
    String cId = c.get("state_id").textValue();
    JsonNode structure = expect(200, s.http.get(s.base + "/states/run/" + run + "/graph"));
    assertEquals("g", structure.get("graph_name").textValue());
    assertEquals(RawHttp.json("[{'id':'" + aId + "','node_name':'Start','identifier':'a','status':'SUCCESS','error':null}]"),
        structure.get("root_states"));
    assertEquals(3, structure.get("node_count").intValue());
    assertEquals(2, structure.get("edge_count").intValue());
    assertEquals(Set.of(aId + "->" + bId, bId + "->" + cId), edges(structure));
    assertEquals(RawHttp.json("{'CREATED':0,'QUEUED':0,'EXECUTED':0,'ERRORED':0,'NEXT_CREATED_ERROR':0,'SUCCESS':3,"
        + "'PRUNED':0,'RETRY_CREATED':0}"), structure.get("execution_summary"));

    JsonNode details = s.details("g", run, cId);
    List<String> keys = new ArrayList<>();
    details.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("id", "node_name", "identifier", "graph_name", "run_id", "status", "inputs", "outputs", "error",
        "parents", "created_at", "updated_at"), keys);
    assertEquals(RawHttp.json("{'a':'" + aId + "','b':'" + bId + "'}"), details.get("parents"));
    assertEquals("SUCCESS", details.get("status").textValue());
    assertEquals(RawHttp.json("{'v':'Z1/Y1'}"), details.get("inputs"));
    assertEquals(RawHttp.json("{'z':'Z1'}"), s.details("g", run, bId).get("outputs"));

    expectDetail(400, "Invalid node ID format: xyz", s.http.get(s.base + "/graph/g/run/" + run + "/node/xyz"));
    expectDetail(404, "Node " + UNKNOWN_ID + " not found in run " + run + " for graph g",
        s.http.get(s.base + "/graph/g/run/" + run + "/node/" + UNKNOWN_ID));
    expectDetail(404, "Node " + aId + " not found in run " + run + " for graph other",
        s.http.get(s.base + "/graph/other/run/" + run + "/node/" + aId));
  }

  private static Set<String> edges(JsonNode structure) {
    Set<String> edges = new TreeSet<>();
    structure.get("edges").forEach(e -> edges.add(e.get("source").textValue() + "->" + e.get("target").textValue()));
    return edges;
  }

  @Test
  void fanOutCreatesOneChildPerOutputForEveryNextNode(LocalStateManager server) {
    Scenario s = scenario(server, "fanout", "{'secrets':{},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'go'},'next_nodes':['b','d']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'}},"
        + "{'node_name':'Leaf','namespace':'NS','identifier':'d','inputs':{'v':'leaf ${{ a.outputs.y }}'}}]}");
    String run = s.trigger("g");
    s.executed(s.claimOne("Start"), "{'y':'1'}", "{'y':'2'}", "{'y':'3'}");
    List<JsonNode> steps = s.enqueue(10, "Step");
    List<JsonNode> leaves = s.enqueue(10, "Leaf");
    assertEquals(Set.of("1", "2", "3"), inputs(steps, "y"));
    assertEquals(Set.of("leaf 1", "leaf 2", "leaf 3"), inputs(leaves, "v"));
    assertEquals("3/6/0/0/9 PENDING", s.counts(run));
    for (JsonNode step : steps) {
      s.executed(step, "{'z':'z'}");
    }
    for (JsonNode leaf : leaves) {
      s.executed(leaf);
    }
    assertEquals(Map.of("a", List.of("SUCCESS", "SUCCESS", "SUCCESS"), "b", List.of("SUCCESS", "SUCCESS", "SUCCESS"),
        "d", List.of("SUCCESS", "SUCCESS", "SUCCESS")), s.statuses(run));
    assertEquals("9/0/0/0/9 SUCCESS", s.counts(run));
  }

  private static Set<String> inputs(List<JsonNode> states, String field) {
    Set<String> values = new TreeSet<>();
    states.forEach(state -> values.add(state.get("inputs").get(field).textValue()));
    return values;
  }

  @Test
  void noOutputsStillCreateChildrenWhichThenMissTheirField(LocalStateManager server) {
    Scenario s = scenario(server, "no-outputs", GraphsConformanceTest.CHAIN);
    String run = s.trigger("g");
    JsonNode a = s.claimOne("Start");
    s.executed(a);
    assertEquals(Map.of("a", List.of("NEXT_CREATED_ERROR")), s.statuses(run));
    assertEquals("Output field 'y' not found on current state 'a' for template 'b'",
        s.details("g", run, a.get("state_id").textValue()).get("error").textValue());
    assertEquals("0/0/1/0/1 FAILED", s.counts(run));
  }

  @Test
  void aFailedChildCreationLeavesTheStatesUpdatedAtAsTheExecutedReportSetIt(LocalStateManager server)
      throws InterruptedException {
    Scenario s = scenario(server, "next-error-updated-at", GraphsConformanceTest.CHAIN);
    String run = s.trigger("g");
    JsonNode a = s.claimOne("Start");
    CONFORMANCE.gate.hold();
    s.executedNoWait(a, "{'y':['p','q']}");
    String executedAt = s.details("g", run, a.get("state_id").textValue()).get("updated_at").textValue();
    CONFORMANCE.clock.advanceMillis(1500);
    CONFORMANCE.gate.release();
    s.idle();
    // The server marks the states with a bare update query, which does not touch updated_at.
    JsonNode details = s.details("g", run, a.get("state_id").textValue());
    assertEquals("NEXT_CREATED_ERROR", details.get("status").textValue());
    assertEquals(executedAt, details.get("updated_at").textValue());
    assertEquals("can only concatenate list (not \"str\") to list", details.get("error").textValue());
  }

  @Test
  void nonStringOutputsBreakChildCreation(LocalStateManager server) {
    Scenario s = scenario(server, "non-string", GraphsConformanceTest.CHAIN);
    String run = s.trigger("g");
    JsonNode a = s.claimOne("Start");
    s.executed(a, "{'y':5}");
    assertEquals(Map.of("a", List.of("NEXT_CREATED_ERROR")), s.statuses(run));
    JsonNode error = s.details("g", run, a.get("state_id").textValue()).get("error");
    assertTrue(error.isTextual() && !error.textValue().isEmpty(), error.toString());
  }

  @Test
  void aDiamondWithoutUnitesRunsTheJoinPerBranchAndFailsTheForeignOne(LocalStateManager server) {
    Scenario s = scenario(server, "diamond", "{'secrets':{},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'r','inputs':{'x':'go'},'next_nodes':['a','b']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'a','inputs':{'y':'${{ r.outputs.y }}'},'next_nodes':['c']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ r.outputs.y }}'},'next_nodes':['c']},"
        + "{'node_name':'Leaf','namespace':'NS','identifier':'c','inputs':{'v':'${{ a.outputs.z }}'}}]}");
    String run = s.trigger("g");
    s.executed(s.claimOne("Start"), "{'y':'R'}");
    Map<String, JsonNode> branches = claimBranches(s);
    s.executed(branches.get("a"), "{'z':'from a'}");
    s.executed(branches.get("b"), "{'z':'from b'}");
    assertEquals(RawHttp.json("{'v':'from a'}"), s.claimOne("Leaf").get("inputs"));
    assertEquals(Map.of("r", List.of("SUCCESS"), "a", List.of("SUCCESS"), "b", List.of("NEXT_CREATED_ERROR"),
        "c", List.of("QUEUED")), s.statuses(run));
    assertEquals("\"Identifier 'a' not found in parents for template 'c'\"",
        s.details("g", run, branches.get("b").get("state_id").textValue()).get("error").textValue());
  }

  @Test
  void allSuccessJoinFiresOnceWhenEveryBranchSucceeded(LocalStateManager server) {
    Scenario s = scenario(server, "all-success", join("ALL_SUCCESS"));
    String run = s.trigger("g");
    JsonNode root = s.claimOne("Start");
    s.executed(root, "{'y':'S'}");
    Map<String, JsonNode> branches = claimBranches(s);
    s.executed(branches.get("a"), "{'z':'A'}");
    assertEquals(0, s.enqueue(10, "Leaf").size(), "b is still running");
    s.executed(branches.get("b"), "{'z':'B'}");
    JsonNode m = s.claimOne("Leaf");
    assertEquals(RawHttp.json("{'v':'joined S'}"), m.get("inputs"));
    s.executed(m);
    assertEquals("4/0/0/0/4 SUCCESS", s.counts(run));
    JsonNode structure = expect(200, s.http.get(s.base + "/states/run/" + run + "/graph"));
    assertTrue(edges(structure).contains(root.get("state_id").textValue() + "->" + m.get("state_id").textValue()),
        "a unite state's edge comes from its unites target: " + structure.get("edges"));
  }

  @Test
  void anErroredBranchBlocksAnAllSuccessJoinForeverAndDiagnosticsSayWhy(LocalStateManager server) {
    Scenario s = scenario(server, "all-success-blocked", join("ALL_SUCCESS"));
    String run = s.trigger("g");
    s.executed(s.claimOne("Start"), "{'y':'S'}");
    Map<String, JsonNode> branches = claimBranches(s);
    s.errored(branches.get("b"), "branch failed");
    s.executed(branches.get("a"), "{'z':'A'}");
    assertEquals(0, s.enqueue(10, "Leaf").size());
    assertEquals(Map.of("s", List.of("SUCCESS"), "a", List.of("SUCCESS"), "b", List.of("ERRORED")), s.statuses(run));
    JsonNode diagnostics = expect(200, s.http.get(s.base + "/states/run/" + run + "/diagnostics"));
    assertEquals(run, diagnostics.get("run_id").textValue());
    assertEquals(s.ns, diagnostics.get("namespace").textValue());
    assertEquals("g", diagnostics.get("graph_name").textValue());
    // Nothing is pending any more, so the real server would show the run as done, without m ever running.
    assertTrue(diagnostics.get("finished").booleanValue(), diagnostics.toString());
    boolean reported = false;
    for (JsonNode reason : diagnostics.get("stuck")) {
      reported |= reason.get("kind").textValue().equals("UNITE_NEVER_FIRES") && reason.get("identifier").textValue().equals("m");
      assertFalse(reason.get("reason").textValue().isBlank());
    }
    assertTrue(reported, diagnostics.toString());
  }

  @Test
  void allDoneJoinFiresAfterAPrunedBranch(LocalStateManager server) {
    Scenario s = scenario(server, "all-done", join("ALL_DONE"));
    String run = s.trigger("g");
    s.executed(s.claimOne("Start"), "{'y':'S'}");
    Map<String, JsonNode> branches = claimBranches(s);
    expect(200, s.http.post(s.stateUrl(branches.get("b")) + "/prune", s.json("{'data':{}}")));
    s.executed(branches.get("a"), "{'z':'A'}");
    s.executed(s.claimOne("Leaf"));
    assertEquals(Map.of("s", List.of("SUCCESS"), "a", List.of("SUCCESS"), "b", List.of("PRUNED"), "m", List.of("SUCCESS")),
        s.statuses(run));
    assertEquals("4/0/0/0/4 SUCCESS", s.counts(run));
  }

  @Test
  void childInputsReadTheRunsStoreThenItsDefaults(LocalStateManager server) {
    Scenario s = scenario(server, "store", "{'secrets':{},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'go'},'next_nodes':['b']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ store.cursor }}:${{ store.page }}'}}],"
        + "'store_config':{'required_keys':['cursor'],'default_values':{'page':'1'}}}");
    s.trigger("g", s.json("{'store':{'cursor':'c7'}}"));
    s.executed(s.claimOne("Start"), "{'y':'ignored'}");
    assertEquals(RawHttp.json("{'y':'c7:1'}"), s.claimOne("Step").get("inputs"));
  }

  @Test
  void runsAreListedNewestFirstWithPaging(LocalStateManager server) {
    Scenario s = scenario(server, "runs", GraphsConformanceTest.CHAIN);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(s.trigger("g"));
      CONFORMANCE.clock.advanceMillis(1000);
    }
    JsonNode first = expect(200, s.http.get(s.base + "/runs/1/2"));
    assertEquals(s.ns, first.get("namespace").textValue());
    assertEquals(3, first.get("total").intValue());
    assertEquals(1, first.get("page").intValue());
    assertEquals(2, first.get("size").intValue());
    assertEquals(List.of(runs.get(2), runs.get(1)), runIds(first));
    JsonNode line = first.get("runs").get(0);
    assertEquals("g", line.get("graph_name").textValue());
    assertEquals("0/1/0/0/1 PENDING", s.counts(runs.get(2)));
    assertTrue(line.get("created_at").textValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?"), line.toString());
    assertEquals(List.of(runs.get(0)), runIds(expect(200, s.http.get(s.base + "/runs/2/2"))));
    // QUIRKs (§1.2.16): size 0 means no limit, page 0 a negative skip that the database refuses.
    assertEquals(3, runIds(expect(200, s.http.get(s.base + "/runs/1/0"))).size());
    expectInternalError(s.http.get(s.base + "/runs/0/2"));
  }

  private static List<String> runIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("runs").forEach(run -> ids.add(run.get("run_id").textValue()));
    return ids;
  }

  @Test
  void unknownRunsHaveAnEmptyStructureAndNoDiagnostics(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "unknown-run");
    JsonNode structure = expect(200, s.http.get(s.base + "/states/run/nope/graph"));
    assertEquals(RawHttp.json("{'root_states':[],'graph_name':'','nodes':[],'edges':[],'node_count':0,'edge_count':0,"
        + "'execution_summary':{'CREATED':0,'QUEUED':0,'EXECUTED':0,'ERRORED':0,'NEXT_CREATED_ERROR':0,'SUCCESS':0,"
        + "'PRUNED':0,'RETRY_CREATED':0}}"), structure);
    assertEquals(404, s.http.get(s.base + "/states/run/nope/diagnostics").status());
  }
}
