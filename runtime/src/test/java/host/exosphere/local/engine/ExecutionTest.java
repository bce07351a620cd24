package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static host.exosphere.local.engine.EngineFixture.out;
import static host.exosphere.local.engine.EngineFixture.unites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.GraphNodeBody;
import host.exosphere.local.engine.EngineResponses.RunDiagnosticsResponse;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import host.exosphere.local.engine.EngineResponses.StuckReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/state-manager.md §6.4 item 6: fan-out, joins with and without unites, and the failures of next-state creation. */
class ExecutionTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed"), List.of("x"));
    f.register("Work", List.of("x"), List.of("y"));
    f.register("Join", List.of("x"), List.of());
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private RunSummary summary(String runId) {
    return f.engine.runs(EngineFixture.NS, 1, 0).runs().stream().filter(r -> r.runId().equals(runId)).findFirst()
        .orElseThrow();
  }

  @Test
  void linearChainRendersOutputsOfCurrentAndAncestorStatesAndStoreValues() {
    f.register("Tail", List.of("text"), List.of());
    Scenarios.withStore(f, "chain",
        graph(node("r", "Root", List.of("a"), "seed", "${{ store.cursor }}"),
            node("a", "Work", List.of("t"), "x", "${{ r.outputs.x }}"),
            node("t", "Tail", List.of(), "text",
                "r=${{ r.outputs.x }} a=${{ a.outputs.y }} c=${{ store.cursor }} p=${{ store.page }}")));
    String run = f.trigger("chain", Map.of(), Map.of("cursor", "7"));

    EnqueuedStateBody r = f.claimOne("Root");
    assertEquals(Map.of("seed", "7"), r.inputs());
    f.executed(r.stateId(), out("x", "rx"));
    EnqueuedStateBody a = f.claimOne("Work");
    assertEquals(Map.of("x", "rx"), a.inputs());
    f.executed(a.stateId(), out("y", "ay"));
    EnqueuedStateBody t = f.claimOne("Tail");
    assertEquals(Map.of("text", "r=rx a=ay c=7 p=100"), t.inputs());
    f.executed(t.stateId());

    assertEquals(Map.of("a", List.of("SUCCESS"), "r", List.of("SUCCESS"), "t", List.of("SUCCESS")), f.statuses(run));
    RunSummary s = summary(run);
    assertEquals(List.of(3, 0, 0, 0, 3, "SUCCESS"), List.of(s.successCount(), s.pendingCount(), s.erroredCount(),
        s.retriedCount(), s.totalCount(), s.status()));
  }

  @Test
  void fanOutGivesOneChildPerOutputPerNextNode() {
    f.upsertValid("fan", graph(node("r", "Root", List.of("a", "b"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}"),
        node("b", "Work", List.of(), "x", "b-${{ r.outputs.x }}")));
    String run = f.trigger("fan");
    f.run("Root", out("x", "1"), out("x", "2"), out("x", "3"));

    assertEquals(Map.of("a", List.of("CREATED", "CREATED", "CREATED"), "b", List.of("CREATED", "CREATED", "CREATED"),
        "r", List.of("SUCCESS", "SUCCESS", "SUCCESS")), f.statuses(run));
    List<String> inputs = f.claim("Work").stream().map(s -> (String) s.inputs().get("x")).sorted().toList();
    assertEquals(List.of("1", "2", "3", "b-1", "b-2", "b-3"), inputs);
    RunSummary s = summary(run);
    assertEquals(List.of(3, 6, 9, "PENDING"), List.of(s.successCount(), s.pendingCount(), s.totalCount(), s.status()));
  }

  @Test
  void singleNodeFanOutOfTenEndsWithTenSuccessfulStates() {
    f.upsertValid("ten", graph(node("r", "Root", List.of(), "seed", "s")));
    String run = f.trigger("ten");
    List<Map<String, Object>> outputs = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      outputs.add(out("x", Integer.toString(i)));
    }
    f.run("Root", outputs);
    RunSummary s = summary(run);
    assertEquals(List.of(10, 0, 0, 0, 10, "SUCCESS"), List.of(s.successCount(), s.pendingCount(), s.erroredCount(),
        s.retriedCount(), s.totalCount(), s.status()));
  }

  @Test
  void zeroOutputsStillCreateTheChildrenOnce() {
    f.register("NoInput", List.of(), List.of());
    f.upsertValid("zero", graph(node("r", "Root", List.of("a"), "seed", "s"), node("a", "NoInput", List.of())));
    String run = f.trigger("zero");
    f.run("Root");
    assertEquals(Map.of("a", List.of("CREATED"), "r", List.of("SUCCESS")), f.statuses(run));
  }

  @Test
  void diamondWithoutUnitesRunsTheJoinTwiceAndTheForeignBranchFails() {
    f.upsertValid("diamond", graph(node("r", "Root", List.of("a", "b"), "seed", "s"),
        node("a", "Work", List.of("c"), "x", "${{ r.outputs.x }}"),
        node("b", "Work", List.of("c"), "x", "${{ r.outputs.x }}"),
        node("c", "Join", List.of(), "x", "${{ a.outputs.y }}")));
    String run = f.trigger("diamond");
    f.run("Root", out("x", "1"));
    List<EnqueuedStateBody> work = f.claim("Work");
    assertEquals(2, work.size());
    for (EnqueuedStateBody w : work) {
      f.executed(w.stateId(), out("y", w.identifier() + "-done"));
    }
    assertEquals("SUCCESS", f.only(run, "a").status());
    GraphNodeBody b = f.only(run, "b");
    assertEquals("NEXT_CREATED_ERROR", b.status());
    assertEquals("\"Identifier 'a' not found in parents for template 'c'\"", b.error());
    assertEquals(Map.of("x", "a-done"), f.claimOne("Join").inputs());
  }

  private Scenarios.Join join(String strategy, List<String> afterA) {
    return new Scenarios.Join(f, strategy, afterA);
  }

  @Test
  void unitesAllSuccessFiresOnceWhenTheLastBranchSucceeds() {
    Scenarios.Join j = join("ALL_SUCCESS", List.of("m"));
    j.succeed("a");
    assertEquals(List.of(), f.claim("Join"), "b is still pending");
    j.succeed("b");
    EnqueuedStateBody m = f.claimOne("Join");
    assertEquals(Map.of("x", "root-x"), m.inputs());
    f.executed(m.stateId());
    assertEquals(Map.of("a", List.of("SUCCESS"), "b", List.of("SUCCESS"), "m", List.of("SUCCESS"),
        "r", List.of("SUCCESS")), f.statuses(j.run));
    assertEquals(List.of(), f.engine.runDiagnostics(EngineFixture.NS, j.run).stuck());
  }

  @Test
  void unitesAllDoneFiresAfterAnErroredBranchWhenAPredecessorSucceedsLast() {
    Scenarios.Join j = join("ALL_DONE", List.of("m"));
    j.fail("a");
    j.succeed("b");
    assertEquals(Map.of("x", "root-x"), f.claimOne("Join").inputs());
  }

  @Test
  void unitesAllSuccessBlockedByAnErroredBranchNeverFiresAndSaysWhy() {
    Scenarios.Join j = join("ALL_SUCCESS", List.of("m"));
    j.fail("a");
    j.succeed("b");
    assertEquals(List.of(), f.claim("Join"));
    RunDiagnosticsResponse d = f.engine.runDiagnostics(EngineFixture.NS, j.run);
    assertTrue(d.finished());
    StuckReason reason = single(d.stuck());
    assertEquals("UNITE_NEVER_FIRES", reason.kind());
    assertEquals("m", reason.identifier());
    assertTrue(reason.reason().contains("a state ") && reason.reason().contains("ended ERRORED"), reason.reason());
    assertEquals("FAILED", summary(j.run).status());
  }

  @Test
  void unitesAllSuccessBlockedByAPrunedBranch() {
    Scenarios.Join j = join("ALL_SUCCESS", List.of("m"));
    j.prune("a");
    j.succeed("b");
    assertEquals(List.of(), f.claim("Join"));
    assertEquals("SUCCESS", summary(j.run).status(), "pruned counts as success in the listing");
    StuckReason reason = single(f.engine.runDiagnostics(EngineFixture.NS, j.run).stuck());
    assertTrue(reason.reason().contains("ended PRUNED"), reason.reason());
  }

  @Test
  void unitesAllDoneFiresAfterAPrunedBranch() {
    Scenarios.Join j = join("ALL_DONE", List.of("m"));
    j.prune("a");
    j.succeed("b");
    assertEquals(1, f.claim("Join").size());
  }

  @Test
  void unitesDoNotFireWhenThePredecessorFinishesFirstAndABranchEndsWithError() {
    // errored never re-checks a unite: b succeeds first (a still pending), then a fails.
    Scenarios.Join j = join("ALL_DONE", List.of("m"));
    j.succeed("b");
    j.fail("a");
    assertEquals(List.of(), f.claim("Join"));
    StuckReason reason = single(f.engine.runDiagnostics(EngineFixture.NS, j.run).stuck());
    assertTrue(reason.reason().contains("the last state to finish was a (ERRORED)"), reason.reason());
  }

  @Test
  void uniteWhosePredecessorAlsoHasASiblingNextNodeNeverFires() {
    // r → a, a → [q, m], m unites r: q is a fresh descendant of r when a finishes, and q is not a
    // predecessor of m, so nothing re-checks the join (docs/state-manager.md §4.5 hazards).
    f.register("Q", List.of("x"), List.of());
    f.upsertValid("sibling", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of("q", "m"), "x", "${{ r.outputs.x }}"),
        node("q", "Q", List.of(), "x", "${{ a.outputs.y }}"),
        unites(node("m", "Join", List.of(), "x", "${{ r.outputs.x }}"), "r", "ALL_SUCCESS")));
    String run = f.trigger("sibling");
    f.run("Root", out("x", "1"));
    f.run("Work", out("y", "2"));
    f.run("Q");
    assertEquals(List.of(), f.claim("Join"));
    assertEquals(Map.of("a", List.of("SUCCESS"), "q", List.of("SUCCESS"), "r", List.of("SUCCESS")), f.statuses(run));
    assertEquals("SUCCESS", summary(run).status(), "the real server calls this run a success");
    StuckReason reason = single(f.engine.runDiagnostics(EngineFixture.NS, run).stuck());
    assertEquals("UNITE_NEVER_FIRES", reason.kind());
    assertTrue(reason.reason().contains("the last state to finish was q (SUCCESS)"), reason.reason());
  }

  @Test
  void uniteOfTheDirectPredecessorFailsAtRunTime() {
    f.upsertValid("direct", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of("m"), "x", "${{ r.outputs.x }}"),
        unites(node("m", "Join", List.of(), "x", "${{ a.outputs.y }}"), "a", "ALL_SUCCESS")));
    String run = f.trigger("direct");
    f.run("Root", out("x", "1"));
    f.run("Work", out("y", "2"));
    GraphNodeBody a = f.only(run, "a");
    assertEquals("NEXT_CREATED_ERROR", a.status());
    assertEquals("Unit identifier not found in parents: a", a.error());
  }

  @Test
  void aSchemaRegisteredAfterVerificationThatCannotBecomeAModelBreaksChildCreation() {
    f.upsertValid("schema", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}")));
    // Registration never re-validates graphs (docs/state-manager.md §1.2.3); the next state reads the current schema.
    f.register("Work", List.of("_x"), List.of("y"));
    String run = f.trigger("schema");
    f.run("Root", out("x", "1"));

    GraphNodeBody r = f.only(run, "r");
    assertEquals("NEXT_CREATED_ERROR", r.status());
    assertEquals("Fields must not use names with leading underscores; e.g., use 'x' instead of '_x'.", r.error());
  }

  @Test
  void nonStringOutputValuesBreakChildCreation() {
    f.upsertValid("types", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "v=${{ r.outputs.x }}")));
    String run = f.trigger("types");
    Map<String, Object> number = new java.util.LinkedHashMap<>();
    number.put("x", 5);
    f.run("Root", number);
    GraphNodeBody r = f.only(run, "r");
    assertEquals("NEXT_CREATED_ERROR", r.status());
    assertEquals("unsupported operand type(s) for +: 'int' and 'str'", r.error());

    String second = f.trigger("types");
    Map<String, Object> nothing = new java.util.LinkedHashMap<>();
    nothing.put("x", null);
    f.run("Root", nothing);
    assertEquals("Dependent value is not set for: identifier='r' field='x' tail='' value=None",
        f.only(second, "r").error());
    assertEquals("FAILED", summary(second).status());
  }

  @Test
  void missingOutputFieldOfTheCurrentStateFails() {
    f.upsertValid("missing", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}")));
    String run = f.trigger("missing");
    f.run("Root", out("other", "1"));
    assertEquals("Output field 'x' not found on current state 'r' for template 'a'", f.only(run, "r").error());
  }

  @Test
  void childInputsReadTheRunStore() {
    Scenarios.withStore(f, "store", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ store.cursor }}")));
    String run = f.trigger("store", Map.of(), Map.of("cursor", "c1"));
    f.run("Root", out("x", "1"));
    assertEquals(Map.of("x", "c1"), f.claimOne("Work").inputs());
    assertEquals("SUCCESS", f.only(run, "r").status());
  }

  @Test
  void executedPreconditions() {
    f.upsertValid("one", graph(node("r", "Root", List.of(), "seed", "s")));
    f.trigger("one");
    String missing = "0123456789abcdef01234567";
    ApiAssertions.assertApi(404, "State not found", () -> f.executed(missing));
    String created = f.engine.graphStructure(EngineFixture.NS,
        f.engine.runs(EngineFixture.NS, 1, 1).runs().get(0).runId()).nodes().get(0).id();
    ApiAssertions.assertApi(400, "State is not queued", () -> f.executed(created));
    ApiAssertions.assertInternal(() -> f.executed("not-an-id"));
  }

  @Test
  void aClaimedStateThatIsNeverReportedIsNamedInTheDiagnostics() {
    f.upsertValid("one", graph(node("r", "Root", List.of(), "seed", "s")));
    String run = f.trigger("one");
    EnqueuedStateBody r = f.claimOne("Root");
    RunDiagnosticsResponse d = f.engine.runDiagnostics(EngineFixture.NS, run);
    assertEquals(false, d.finished());
    StuckReason reason = single(d.stuck());
    assertEquals(List.of("QUEUED_NO_REPORT", r.stateId(), "r"), List.of(reason.kind(), reason.stateId(),
        reason.identifier()));
    ApiAssertions.assertApi(404, "Run nope not found in namespace ns",
        () -> f.engine.runDiagnostics(EngineFixture.NS, "nope"));
  }

  @Test
  void aRootWhoseNodeLivesInAnotherNamespaceWaitsForeverAndSaysWhy() {
    // The root state takes the graph's namespace, the node template another one (docs/state-manager.md §4.11).
    f.register("elsewhere", "Far", List.of("seed"), List.of());
    var body = graph(node("r", "Far", List.of(), "seed", "s"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("nodes").get(0)).put("namespace", "elsewhere");
    f.upsertValid("far", body);
    String run = f.trigger("far");
    assertEquals(0, f.engine.enqueue("elsewhere", new EngineRequests.EnqueueRequest(List.of("Far"), 10)).count());
    StuckReason reason = single(f.engine.runDiagnostics(EngineFixture.NS, run).stuck());
    assertEquals("CREATED_NO_RUNTIME", reason.kind());
    assertTrue(reason.reason().contains("waits for node Far in namespace ns, which no runtime has registered"),
        reason.reason());
  }

  private static StuckReason single(List<StuckReason> reasons) {
    assertEquals(1, reasons.size(), () -> "reasons: " + reasons);
    return reasons.get(0);
  }

}
