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
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.ErroredResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract §6.4 items 5 and 7: errored, automatic retries and their delays. */
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
  void jitterStrategiesStayWithinTheirBounds() {
    SplittableRandom random = new SplittableRandom(42);
    for (int attempt = 1; attempt <= 5; attempt++) {
      long exponential = 2000L << (attempt - 1);
      long linear = 2000L * attempt;
      for (int i = 0; i < 2000; i++) {
        assertBetween(0, exponential - 1, delay(RetryStrategy.EXPONENTIAL_FULL_JITTER, attempt, random));
        assertBetween(exponential / 2, exponential, delay(RetryStrategy.EXPONENTIAL_EQUAL_JITTER, attempt, random));
        assertBetween(0, linear - 1, delay(RetryStrategy.LINEAR_FULL_JITTER, attempt, random));
        assertBetween(linear / 2, linear, delay(RetryStrategy.LINEAR_EQUAL_JITTER, attempt, random));
        assertBetween(0, 1999, delay(RetryStrategy.FIXED_FULL_JITTER, attempt, random));
        assertBetween(1000, 2000, delay(RetryStrategy.FIXED_EQUAL_JITTER, attempt, random));
      }
    }
    RetryPolicy capped = new RetryPolicy(3, RetryStrategy.EXPONENTIAL_EQUAL_JITTER, 2000, 2, 1500L);
    assertEquals(1500, RetryDelays.delayMillis(capped, 4, random), "half of 16000 is above the cap");
  }

  @Test
  void hugeExponentsSaturateBeforeTheCap() {
    RetryPolicy policy = new RetryPolicy(100, RetryStrategy.EXPONENTIAL, 2000, 10, 60_000L);
    assertEquals(60_000, RetryDelays.delayMillis(policy, 90, new SplittableRandom(1)));
    RetryPolicy uncapped = new RetryPolicy(100, RetryStrategy.EXPONENTIAL, 2000, 10, null);
    assertEquals(Long.MAX_VALUE, RetryDelays.delayMillis(uncapped, 90, new SplittableRandom(1)));
  }

  @Test
  void attemptZeroIsAnError() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RetryDelays.delayMillis(RetryPolicy.DEFAULT, 0, new SplittableRandom(1)));
    assertEquals("Retry count must be greater than or equal to 1, got 0", e.getMessage());
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

  private static long delay(RetryStrategy strategy, int attempt, SplittableRandom random) {
    return RetryDelays.delayMillis(new RetryPolicy(9, strategy, 2000, 2, null), attempt, random);
  }

  private static void assertBetween(long low, long high, long value) {
    assertTrue(value >= low && value <= high, value + " not in [" + low + ", " + high + "]");
  }
}
