package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static host.exosphere.local.Conformance.expectDetail;
import static host.exosphere.local.Conformance.expectInternalError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Numbers at the edges over HTTP: the real server takes Python's unbounded ints and hands them to Mongo,
 * whose 64-bit ints decide what fails (docs/state-manager.md §1.2.8, §1.2.14, §1.2.16).
 */
class EdgeCaseConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  private static final String TWO_POW_63 = "9223372036854775808";

  /** Three runs, newest first in the answer: returns their ids in that order. */
  private static List<String> threeRuns(Scenario s) {
    s.registerStandardNodes();
    s.upsertValid("g", s.json(GraphsConformanceTest.CHAIN));
    List<String> newestFirst = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      newestFirst.add(0, s.trigger("g"));
      CONFORMANCE.clock.advanceMillis(1);
    }
    return newestFirst;
  }

  private static List<String> runIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("runs").forEach(run -> ids.add(run.get("run_id").textValue()));
    return ids;
  }

  @Test
  void runsPagingEdges(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "runs-edges");
    List<String> runs = threeRuns(s);
    // page 0: skip -size → Mongo refuses → 500; page 0 with size 0 is skip 0 and no limit.
    expectInternalError(s.http.get(s.base + "/runs/0/10"));
    expectInternalError(s.http.get(s.base + "/runs/-1/1"));
    assertEquals(runs, runIds(expect(200, s.http.get(s.base + "/runs/0/0"))));
    // size 0: no limit.
    JsonNode all = expect(200, s.http.get(s.base + "/runs/1/0"));
    assertEquals(runs, runIds(all));
    assertEquals(3, all.get("total").intValue());
    // A negative size is Mongo's single batch of |size|; with page 1 the skip is 0.
    JsonNode negative = expect(200, s.http.get(s.base + "/runs/1/-2"));
    assertEquals(runs.subList(0, 2), runIds(negative));
    assertEquals(-2, negative.get("size").intValue());
    // Page 0 with a negative size skips forward: skip = (0 - 1) * -1 = 1.
    assertEquals(runs.subList(1, 2), runIds(expect(200, s.http.get(s.base + "/runs/0/-1"))));
    // Pages past the end are empty, and big pages are echoed exactly, beyond 32 and 64 bits.
    JsonNode far = expect(200, s.http.get(s.base + "/runs/3000000000/1"));
    assertEquals(RawHttp.json("{'namespace':'" + s.ns + "','total':3,'page':3000000000,'size':1,'runs':[]}"), far);
    JsonNode huge = expect(200, s.http.get(s.base + "/runs/+" + TWO_POW_63 + "0/0"));
    assertEquals(TWO_POW_63 + "0", huge.get("page").bigIntegerValue().toString());
    assertEquals(runs, runIds(huge));
    // A skip or limit beyond 64 bits fails in Mongo.
    expectInternalError(s.http.get(s.base + "/runs/" + TWO_POW_63 + "/2"));
    expectInternalError(s.http.get(s.base + "/runs/1/" + TWO_POW_63));
    // Whitespace and a zero fraction are still ints to pydantic.
    assertEquals(runs.subList(1, 2), runIds(expect(200, s.http.get(s.base + "/runs/%202.0/1"))));
  }

  @Test
  void aStartDelayBeyondSixtyFourBitsFailsAfterTheRunWasWritten(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "trigger-overflow");
    s.registerStandardNodes();
    // The graph checks come first: an unknown graph is still the 404.
    expectDetail(404, "Graph template not found for namespace " + s.ns + " and graph g",
        s.http.post(s.base + "/graph/g/trigger", "{\"start_delay\": " + TWO_POW_63 + "}"));
    s.upsertValid("g", s.json(GraphsConformanceTest.CHAIN));
    expectInternalError(s.http.post(s.base + "/graph/g/trigger", "{\"start_delay\": " + TWO_POW_63 + "}"));
    expectInternalError(s.http.post(s.base + "/graph/g/trigger", "{\"start_delay\": " + Long.MAX_VALUE + "}"));
    // The runs were inserted before their root state failed: listed, with no states, FAILED (§4.2).
    JsonNode page = expect(200, s.http.get(s.base + "/runs/1/0"));
    assertEquals(2, page.get("total").intValue());
    for (JsonNode run : page.get("runs")) {
      assertEquals("0/0/0/0/0 FAILED", s.counts(run.get("run_id").textValue()));
    }
    assertEquals(0, s.enqueue(10, "Start").size());
  }

  @Test
  void aReEnqueueDelayBeyondSixtyFourBitsLeavesTheStateAsItWas(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "reenqueue-overflow");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(GraphsConformanceTest.CHAIN));
    String runId = s.trigger("g");
    JsonNode root = s.claimOne("Start");
    // A missing state is still the 404: the controller looks it up before it saves.
    expectDetail(404, "State not found",
        s.http.post(s.base + "/state/000000000000000000000000/re-enqueue-after", "{\"enqueue_after\": " + TWO_POW_63 + "}"));
    expectInternalError(s.http.post(s.stateUrl(root) + "/re-enqueue-after", "{\"enqueue_after\": " + Long.MAX_VALUE + "}"));
    assertEquals("0/1/0/0/1 PENDING", s.counts(runId));
    assertEquals("QUEUED", s.details("g", runId, root.get("state_id").textValue()).get("status").textValue());
  }

  @Test
  void integersBeyondSixtyFourBitsPassValidationButFailTheWrite(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "bson-ints");
    s.registerStandardNodes();
    String graph = "{\"secrets\":{},\"nodes\":[{\"node_name\":\"Start\",\"namespace\":\"" + s.ns
        + "\",\"identifier\":\"a\",\"inputs\":{\"x\":\"1\"}}],\"retry_policy\":{\"backoff_factor\":%s}}";
    expectInternalError(s.http.put(s.base + "/graph/g", String.format(graph, TWO_POW_63)));
    expectInternalError(s.http.put(s.base + "/graph/g", String.format(graph, "\"" + TWO_POW_63 + "\"")));
    expectDetail(404, "Graph template g not found in namespace " + s.ns, s.http.get(s.base + "/graph/g"));
    expect(201, s.http.put(s.base + "/graph/g", String.format(graph, Long.MAX_VALUE)));

    // A node schema is stored verbatim: an integer Mongo cannot hold fails the registration.
    expectInternalError(s.http.put(s.base + "/nodes/", "{\"runtime_name\":\"r\",\"nodes\":[{\"name\":\"Big\","
        + "\"inputs_schema\":{\"maximum\":" + TWO_POW_63 + "},\"outputs_schema\":{},\"secrets\":[]}]}"));
    assertEquals(3, expect(200, s.http.get(s.base + "/nodes/")).get("count").intValue());

    s.upsertValid("chain", s.json(GraphsConformanceTest.CHAIN));
    String runId = s.trigger("chain");
    JsonNode root = s.claimOne("Start");
    String big = "{\"outputs\":[{\"y\":" + TWO_POW_63 + "}]}";
    expectInternalError(s.http.post(s.stateUrl(root) + "/executed", big));
    expectInternalError(s.http.post(s.stateUrl(root) + "/prune", "{\"data\":{\"n\":[" + TWO_POW_63 + "]}}"));
    assertEquals("QUEUED", s.details("chain", runId, root.get("state_id").textValue()).get("status").textValue());
    // The controller's checks still come first.
    expectDetail(404, "State not found", s.http.post(s.base + "/state/000000000000000000000000/executed", big));
    // BSON refuses field names with a NUL character just as it refuses big integers.
    expectInternalError(s.http.post(s.stateUrl(root) + "/executed", "{\"outputs\":[{\"y\\u0000\":\"1\"}]}"));
    expectInternalError(s.http.post(s.stateUrl(root) + "/prune", "{\"data\":{\"a\":{\"\\u0000\":1}}}"));
    // Python's JSON reader takes a lone surrogate escape; UTF-8 cannot encode it for the write.
    expectInternalError(s.http.post(s.stateUrl(root) + "/executed", "{\"outputs\":[{\"y\":\"\\ud800\"}]}"));
    assertEquals("QUEUED", s.details("chain", runId, root.get("state_id").textValue()).get("status").textValue());
    expectInternalError(s.http.put(s.base + "/graph/nul", "{\"secrets\":{\"k\\u0000\":\"v\"},\"nodes\":[{"
        + "\"node_name\":\"Start\",\"namespace\":\"" + s.ns + "\",\"identifier\":\"a\",\"inputs\":{\"x\":\"1\"}}]}"));
    expectDetail(404, "Graph template nul not found in namespace " + s.ns, s.http.get(s.base + "/graph/nul"));
  }

  @Test
  void aNanOrInfinityIsStoredButCannotBeRendered(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "nan");
    s.registerStandardNodes();
    s.upsertValid("chain", s.json(GraphsConformanceTest.CHAIN));
    String runId = s.trigger("chain");
    JsonNode root = s.claimOne("Start");
    // Python's JSON reader takes NaN; the state is executed and stored with it ...
    expect(200, s.http.post(s.stateUrl(root) + "/executed", "{\"outputs\":[{\"y\":NaN, \"z\":-Infinity}]}"));
    s.idle();
    // ... but json.dumps(allow_nan=False) cannot render it: every answer that shows it is the generic 500.
    expectInternalError(s.http.get(s.base + "/graph/chain/run/" + runId + "/node/" + root.get("state_id").textValue()));
    // The child cannot render its input from a float (§4.4): the executed state is NEXT_CREATED_ERROR.
    assertEquals("0/0/1/0/1 FAILED", s.counts(runId));
  }
}
