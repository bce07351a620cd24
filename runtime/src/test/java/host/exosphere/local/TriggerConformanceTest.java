package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static host.exosphere.local.Conformance.expectDetail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/state-manager.md §6.4 item 4: trigger's checks, texts, root input resolution and start_delay (§1.2.8, §4.2). */
class TriggerConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  /** Root a reads the store; cursor is required, page has a default, batch is required but unused. */
  private static final String STORE_GRAPH = "{'secrets':{},'nodes':["
      + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'${{ store.cursor }}-${{ store.page }}'},"
      + "'next_nodes':['b']},"
      + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'}}],"
      + "'store_config':{'required_keys':['cursor','batch'],'default_values':{'page':'1'}}}";

  private Scenario storeGraph(LocalStateManager server, String name) {
    Scenario s = CONFORMANCE.scenario(server, name);
    s.registerStandardNodes();
    s.upsertValid("g", s.json(STORE_GRAPH));
    return s;
  }

  @Test
  void unknownGraphIs404(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "trigger-404");
    expectDetail(404, "Graph template not found for namespace " + s.ns + " and graph nope",
        s.http.post(s.base + "/graph/nope/trigger", RawHttp.object()));
  }

  @Test
  void aGraphStillPendingRightAfterItsUpsertCannotBeTriggered(LocalStateManager server) throws Exception {
    Scenario s = CONFORMANCE.scenario(server, "trigger-pending");
    s.registerStandardNodes();
    CONFORMANCE.gate.hold();
    try {
      expect(201, s.upsert("g", s.json(GraphsConformanceTest.CHAIN)));
      expectDetail(400, "Graph template is not valid", s.http.post(s.base + "/graph/g/trigger", RawHttp.object()));
    } finally {
      CONFORMANCE.gate.release();
    }
    s.idle();
    s.trigger("g");
  }

  @Test
  void answersCreatedWithAFreshUuid4RunId(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "trigger-ok");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(GraphsConformanceTest.CHAIN));
    JsonNode answer = expect(200, s.http.post(s.base + "/graph/g/trigger", RawHttp.object()));
    assertEquals("CREATED", answer.get("status").textValue());
    assertEquals(4, UUID.fromString(answer.get("run_id").textValue()).version());
    assertEquals(2, answer.size());
    JsonNode root = s.claimOne("Start");
    assertEquals(RawHttp.json("{'x':'initial'}"), root.get("inputs"));
    assertEquals("a", root.get("identifier").textValue());
  }

  @Test
  void rootInputsComeFromTheStoreThenItsDefaults(LocalStateManager server) {
    Scenario s = storeGraph(server, "trigger-store");
    s.trigger("g", s.json("{'store':{'cursor':'c9','batch':'b'}}"));
    assertEquals(RawHttp.json("{'x':'c9-1'}"), s.claimOne("Start").get("inputs"));
    s.trigger("g", s.json("{'store':{'cursor':'c9','batch':'b','page':'7'}}"));
    assertEquals(RawHttp.json("{'x':'c9-7'}"), s.claimOne("Start").get("inputs"));
  }

  @Test
  void triggerInputsReplaceRootTemplateValuesAndAreThemselvesResolved(LocalStateManager server) {
    Scenario s = storeGraph(server, "trigger-inputs");
    s.trigger("g", s.json("{'inputs':{'x':'given ${{ store.page }}','not_an_input':'dropped'},"
        + "'store':{'cursor':'c','batch':'b'}}"));
    assertEquals(RawHttp.json("{'x':'given 1'}"), s.claimOne("Start").get("inputs"));
  }

  @Test
  void rootResolutionErrorsAreWrappedAsInvalidInput(LocalStateManager server) {
    Scenario s = storeGraph(server, "trigger-invalid-input");
    String trigger = s.base + "/graph/g/trigger";
    // Input resolution runs before the required-keys check: the missing cursor is reported this way.
    expectDetail(400, "Invalid input: 400: Dependent cursor not found in store for root node a",
        s.http.post(trigger, s.json("{'store':{'batch':'b'}}")));
    expectDetail(400, "Invalid input: 400: Root node can have only store identifier as dependent but got b",
        s.http.post(trigger, s.json("{'inputs':{'x':'${{ b.outputs.y }}'},'store':{'cursor':'c','batch':'b'}}")));
    expectDetail(400, "Invalid input: Invalid syntax string placeholder  store.cursor for: ${{ store.cursor '${' not closed",
        s.http.post(trigger, s.json("{'inputs':{'x':'${{ store.cursor'},'store':{'cursor':'c','batch':'b'}}")));
  }

  @Test
  void missingRequiredStoreKeysArePythonSetLiterals(LocalStateManager server) {
    Scenario s = storeGraph(server, "trigger-missing-keys");
    expectDetail(400, "Missing store keys: {'batch'}",
        s.http.post(s.base + "/graph/g/trigger", s.json("{'store':{'cursor':'c'}}")));
    assertEquals(0, s.enqueue(10, "Start").size(), "a rejected trigger creates no state");
  }

  @Test
  void startDelayHoldsTheRootBackUntilTheClockPassesIt(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "trigger-delay");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(GraphsConformanceTest.CHAIN));
    s.trigger("g", s.json("{'start_delay':60000}"));
    assertEquals(0, s.enqueue(10, "Start").size());
    CONFORMANCE.clock.advanceMillis(59_999);
    assertEquals(0, s.enqueue(10, "Start").size());
    CONFORMANCE.clock.advanceMillis(1);
    JsonNode root = s.claimOne("Start");
    assertTrue(root.get("state_id").textValue().matches("[0-9a-f]{24}"), root.toString());
  }
}
