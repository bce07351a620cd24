package host.exosphere.local.engine;

import static host.exosphere.local.engine.ApiAssertions.assertApi;
import static host.exosphere.local.engine.ApiAssertions.assertInternal;
import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static host.exosphere.local.engine.EngineFixture.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import host.exosphere.local.engine.EngineRequests.ManualRetryRequest;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineRequests.ReEnqueueRequest;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.ManualRetryResponse;
import host.exosphere.local.engine.EngineResponses.SignalResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/state-manager.md §6.4 item 5: prune, re-enqueue-after and manual retry, with their preconditions. */
class SignalsTest {
  private EngineFixture f;
  private String run;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed"), List.of("x"));
    f.register("Work", List.of("x"), List.of());
    f.upsertValid("g", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}")));
    run = f.trigger("g");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void pruneStopsTheBranchAndKeepsItsData() {
    String created = f.states(run).get(0).id();
    assertApi(400, "State is not queued", () -> f.engine.prune(NS, created, new PruneRequest(Map.of())));
    assertApi(404, "State not found", () -> f.engine.prune(NS, "aaaaaaaaaaaaaaaaaaaaaaaa", new PruneRequest(Map.of())));
    assertInternal(() -> f.engine.prune(NS, "bad", new PruneRequest(Map.of())));

    long due = f.clock.millis();
    EnqueuedStateBody r = f.claimOne("Root");
    SignalResponse response = f.engine.prune(NS, r.stateId(), new PruneRequest(Map.of("reason", "skip")));
    assertEquals(new SignalResponse(due, "PRUNED"), response);
    f.idle();
    assertEquals(Map.of("r", List.of("PRUNED")), f.statuses(run));
    assertEquals("SUCCESS", f.engine.runs(NS, 1, 1).runs().get(0).status());
  }

  @Test
  void reEnqueueAfterResurrectsEvenAFinishedStateUnderTheSameId() {
    EnqueuedStateBody r = f.run("Root", out("x", "1"));
    assertEquals("SUCCESS", f.only(run, "r").status());
    f.clock.advanceMillis(10);
    SignalResponse response = f.engine.reEnqueueAfter(NS, r.stateId(), new ReEnqueueRequest(3_000));
    assertEquals(new SignalResponse(f.clock.millis() + 3_000, "CREATED"), response);
    assertEquals(List.of(), f.claim("Root"));
    f.clock.advanceMillis(3_000);
    EnqueuedStateBody again = f.claimOne("Root");
    assertEquals(r.stateId(), again.stateId());
    assertApi(404, "State not found",
        () -> f.engine.reEnqueueAfter(NS, "aaaaaaaaaaaaaaaaaaaaaaaa", new ReEnqueueRequest(1)));
  }

  @Test
  void manualRetryCopiesTheStateAndRefusesADuplicateFanoutId() {
    EnqueuedStateBody r = f.run("Root", out("x", "1"));
    EnqueuedStateBody a = f.claimOne("Work");
    f.engine.errored(NS, a.stateId(), new EngineRequests.ErroredRequest("bad"));
    assertApi(404, "State not found", () -> f.engine.manualRetry("other", a.stateId(), new ManualRetryRequest("f1")));

    ManualRetryResponse retry = f.engine.manualRetry(NS, r.stateId(), new ManualRetryRequest("fan-1"));
    assertEquals("CREATED", retry.status());
    assertNotEquals(r.stateId(), retry.id());
    assertEquals("RETRY_CREATED", f.engine.nodeRunDetails(NS, "g", run, r.stateId()).status());
    var copy = f.engine.nodeRunDetails(NS, "g", run, retry.id());
    assertEquals(List.of("CREATED", Map.of("seed", "s"), Map.of(), "r"),
        List.of(copy.status(), copy.inputs(), copy.outputs(), copy.identifier()));
    assertApi(409, "Duplicate retry state detected",
        () -> f.engine.manualRetry(NS, r.stateId(), new ManualRetryRequest("fan-1")));
    assertEquals("CREATED", f.engine.manualRetry(NS, r.stateId(), new ManualRetryRequest("fan-2")).status(),
        "another fanout id is a new retry");
    List<EnqueuedStateBody> reruns = f.claim("Root");
    assertEquals(2, reruns.size());
    assertEquals(Map.of("seed", "s"), reruns.get(0).inputs());
  }
}
