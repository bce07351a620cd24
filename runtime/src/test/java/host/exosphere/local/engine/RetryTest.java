package host.exosphere.local.engine;

import static host.exosphere.local.engine.ApiAssertions.assertApi;
import static host.exosphere.local.engine.ApiAssertions.assertInternal;
import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.ErroredResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/state-manager.md §6.4 items 5 and 7: errored, automatic retries and their delays. */
class RetryTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed"), List.of("x"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private String graphWith(int maxRetries, String strategy, Long maxDelay) {
    ObjectNode body = graph(node("n1", "Root", List.of(), "seed", "s"));
    EngineFixture.retry(body, maxRetries, strategy, 2000, 2, maxDelay);
    String name = "g-" + strategy + "-" + maxRetries + "-" + maxDelay;
    f.upsertValid(name, body);
    return f.trigger(name);
  }

  private String graphOf() {
    return f.engine.runs(NS, 1, 0).runs().get(0).graphName();
  }

  /** Fails the due attempt; its retry must not be claimable {@code delay - 1} ms later, but at {@code delay}. */
  private void failAndExpectRetryAfter(long delay) {
    EnqueuedStateBody state = f.claimOne("Root");
    ErroredResponse response = f.engine.errored(NS, state.stateId(), new ErroredRequest("boom"));
    assertEquals(List.of("ERRORED", true), List.of(response.status(), response.retryCreated()),
        "status is always the literal ERRORED");
    assertEquals("RETRY_CREATED", f.engine.nodeRunDetails(NS, graphOf(), runId(), state.stateId()).status());
    f.clock.advanceMillis(delay - 1);
    assertEquals(List.of(), f.claim("Root"), "retry due after " + delay + " ms, not before");
    f.clock.advanceMillis(1);
  }

  private String runId() {
    return f.engine.runs(NS, 1, 0).runs().get(0).runId();
  }

  @ParameterizedTest
  @CsvSource({
      "EXPONENTIAL, , 2000 4000 8000",
      "EXPONENTIAL, 7000, 2000 4000 7000",
      "LINEAR, , 2000 4000 6000",
      "LINEAR, 5000, 2000 4000 5000",
      "FIXED, , 2000 2000 2000"})
  void deterministicStrategiesWaitExactly(String strategy, Long maxDelay, String expected) {
    String run = graphWith(3, strategy, maxDelay);
    for (String delay : expected.split(" ")) {
      failAndExpectRetryAfter(Long.parseLong(delay));
    }
    EnqueuedStateBody last = f.claimOne("Root");
    ErroredResponse response = f.engine.errored(NS, last.stateId(), new ErroredRequest("final"));
    assertFalse(response.retryCreated());
    var details = f.engine.nodeRunDetails(NS, graphOf(), run, last.stateId());
    assertEquals(List.of("ERRORED", "final"), List.of(details.status(), details.error()));
    var summary = f.engine.runs(NS, 1, 0).runs().get(0);
    assertEquals(List.of(0, 1, 3, 4, "FAILED"), List.of(summary.pendingCount(), summary.erroredCount(),
        summary.retriedCount(), summary.totalCount(), summary.status()));
    var retries = f.states(run).stream().map(s -> f.engine.nodeRunDetails(NS, graphOf(), run, s.id()))
        .map(d -> d.status() + ":" + d.error()).toList();
    assertEquals(List.of("RETRY_CREATED:boom", "RETRY_CREATED:boom", "RETRY_CREATED:boom", "ERRORED:final"), retries);
  }

  @Test
  void jitteredRetryThroughTheEngineIsDueWithinItsBounds() {
    graphWith(1, "FIXED_EQUAL_JITTER", null);
    EnqueuedStateBody state = f.claimOne("Root");
    assertTrue(f.engine.errored(NS, state.stateId(), new ErroredRequest("e")).retryCreated());
    f.clock.advanceMillis(999);
    assertEquals(List.of(), f.claim("Root"), "at least b/2");
    f.clock.advanceMillis(1001);
    assertEquals(1, f.claim("Root").size(), "at most b");
  }

  @Test
  void fullJitterRetryIsDueWithinTheExponentialBound() {
    graphWith(2, "EXPONENTIAL_FULL_JITTER", null);
    EnqueuedStateBody state = f.claimOne("Root");
    for (long bound : new long[] {2000, 4000}) {
      assertTrue(f.engine.errored(NS, state.stateId(), new ErroredRequest("e")).retryCreated());
      f.clock.advanceMillis(bound - 1);
      List<EnqueuedStateBody> due = f.claim("Root");
      assertEquals(1, due.size(), "int(U(0, " + bound + ")) < " + bound);
      state = due.get(0);
    }
  }

  @Test
  void maxRetriesZeroErrorsAtOnce() {
    String run = graphWith(0, "EXPONENTIAL", null);
    EnqueuedStateBody state = f.claimOne("Root");
    ErroredResponse response = f.engine.errored(NS, state.stateId(), new ErroredRequest("no luck"));
    assertEquals(List.of("ERRORED", false), List.of(response.status(), response.retryCreated()));
    assertEquals("ERRORED", f.engine.nodeRunDetails(NS, graphOf(), run, state.stateId()).status());
    f.clock.advanceMillis(1_000_000);
    assertEquals(List.of(), f.claim("Root"));
  }

  @Test
  void erroredPreconditionsInTheirOrder() {
    graphWith(3, "EXPONENTIAL", null);
    assertApi(404, "State not found", () -> f.engine.errored(NS, "0123456789abcdef01234567", new ErroredRequest("e")));
    assertInternal(() -> f.engine.errored(NS, "zz", new ErroredRequest("e")));
    String created = f.states(f.engine.runs(NS, 1, 0).runs().get(0).runId()).get(0).id();
    assertApi(400, "State is not queued or executed", () -> f.engine.errored(NS, created, new ErroredRequest("e")));
    assertApi(404, "Graph template not found", () -> {
      EnqueuedStateBody s = f.claimOne("Root");
      f.engine.errored("other-ns", s.stateId(), new ErroredRequest("e"));
    });
  }

  @Test
  void erroredOnAnExecutedStateSaysSo() {
    ManualExecutor executor = new ManualExecutor();
    try (EngineFixture held = new EngineFixture(LocalEngine.builder().executor(executor))) {
      held.register("Root", List.of("seed"), List.of("x"));
      held.engine.upsertGraph(NS, "g", graph(node("n1", "Root", List.of(), "seed", "s")));
      executor.runAll();
      held.trigger("g");
      EnqueuedStateBody s = held.claimOne("Root");
      held.engine.executed(NS, s.stateId(), new EngineRequests.ExecutedRequest(List.of()));
      assertApi(400, "State is already executed", () -> held.engine.errored(NS, s.stateId(), new ErroredRequest("e")));
      executor.runAll();
    }
  }

  @Test
  void aSecondFailureOfTheSameAttemptDoesNotCreateASecondRetry() {
    graphWith(3, "FIXED", null);
    EnqueuedStateBody first = f.claimOne("Root");
    assertTrue(f.engine.errored(NS, first.stateId(), new ErroredRequest("e1")).retryCreated());
    // Resurrect the failed state and fail it again: the retry (attempt 1, same fanout) already exists.
    f.engine.reEnqueueAfter(NS, first.stateId(), new EngineRequests.ReEnqueueRequest(1));
    f.clock.advanceMillis(1);
    EnqueuedStateBody again = f.claimOne("Root");
    assertEquals(first.stateId(), again.stateId());
    assertTrue(f.engine.errored(NS, again.stateId(), new ErroredRequest("e2")).retryCreated());
    assertEquals(2, f.engine.runs(NS, 1, 0).runs().get(0).totalCount());
  }
}
