package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static host.exosphere.local.Conformance.expectDetail;
import static host.exosphere.local.Conformance.expectInternalError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/state-manager.md §6.4 items 5 and 7: enqueue, executed, errored, prune, re-enqueue-after and manual-retry —
 * their preconditions, texts and bodies — and automatic retries with their delays (§1.2.9–§1.2.15, §4.6,
 * §4.7). Delays are crossed by moving the clock, never by sleeping.
 */
class StatesConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  private static final String UNKNOWN_ID = "0123456789abcdef01234567";

  /** A two-node chain with the given retry policy (JSON object text, or null for the default). */
  private static String chain(String retryPolicy) {
    return "{'secrets':{},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'initial'},'next_nodes':['b']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'}}]"
        + (retryPolicy == null ? "" : ",'retry_policy':" + retryPolicy) + "}";
  }

  private Scenario chainScenario(LocalStateManager server, String name, String retryPolicy) {
    Scenario s = CONFORMANCE.scenario(server, name);
    s.registerStandardNodes();
    s.upsertValid("g", s.json(chain(retryPolicy)));
    return s;
  }

  @Test
  void enqueueClaimsUpToTheBatchOfTheNamedNodesInTheNamespace(LocalStateManager server) {
    Scenario s = chainScenario(server, "enqueue", null);
    Scenario other = chainScenario(server, "enqueue-other", null);
    for (int i = 0; i < 3; i++) {
      s.trigger("g");
    }
    other.trigger("g");
    assertEquals(0, s.enqueue(0, "Start").size(), "no range check: batch 0 claims nothing");
    assertEquals(0, s.enqueue(5, "Step").size(), "only the named nodes");
    JsonNode answer = expect(200, s.http.post(s.base + "/states/enqueue", s.json("{'nodes':['Start'],'batch_size':2}")));
    assertEquals(2, answer.get("count").intValue());
    assertEquals(s.ns, answer.get("namespace").textValue());
    assertEquals("QUEUED", answer.get("status").textValue());
    JsonNode state = answer.get("states").get(0);
    assertEquals(List.of("state_id", "node_name", "identifier", "inputs", "created_at"), fieldNames(state));
    assertEquals("Start", state.get("node_name").textValue());
    assertEquals("a", state.get("identifier").textValue());
    assertEquals(1, s.enqueue(5, "Start").size(), "the third one, once");
    assertEquals(0, s.enqueue(5, "Start").size(), "claimed states are not handed out again");
    assertEquals(1, other.enqueue(5, "Start").size(), "other namespaces are untouched");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void executedNeedsAQueuedState(LocalStateManager server) {
    Scenario s = chainScenario(server, "executed", null);
    s.trigger("g");
    JsonNode root = s.claimOne("Start");
    expectDetail(404, "State not found", s.http.post(s.base + "/state/" + UNKNOWN_ID + "/executed", s.json("{'outputs':[]}")));
    s.executed(root, "{'y':'1'}");
    expectDetail(400, "State is not queued", s.http.post(s.stateUrl(root) + "/executed", s.json("{'outputs':[]}")));
  }

  @Test
  void malformedStateIdsAreTheGenericInternalError(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "bad-ids");
    String state = s.base + "/state/not-an-object-id";
    expectInternalError(s.http.post(state + "/executed", s.json("{'outputs':[]}")));
    expectInternalError(s.http.post(state + "/errored", s.json("{'error':'e'}")));
    expectInternalError(s.http.post(state + "/prune", s.json("{'data':{}}")));
    expectInternalError(s.http.post(state + "/re-enqueue-after", s.json("{'enqueue_after':1}")));
    expectInternalError(s.http.post(state + "/manual-retry", s.json("{'fanout_id':'f'}")));
    expectInternalError(s.http.get(state + "/secrets"));
  }

  @Test
  void erroredPreconditionsInTheControllersOrder(LocalStateManager server) throws Exception {
    Scenario s = chainScenario(server, "errored-pre", null);
    expectDetail(404, "State not found", s.http.post(s.base + "/state/" + UNKNOWN_ID + "/errored", s.json("{'error':'e'}")));
    s.trigger("g");
    JsonNode root = s.claimOne("Start");
    // Back to CREATED through re-enqueue: neither queued nor executed.
    expect(200, s.http.post(s.stateUrl(root) + "/re-enqueue-after", s.json("{'enqueue_after':1000}")));
    expectDetail(400, "State is not queued or executed", s.http.post(s.stateUrl(root) + "/errored", s.json("{'error':'e'}")));
    CONFORMANCE.clock.advanceMillis(1000);
    JsonNode again = s.claimOne("Start");
    assertEquals(root.get("state_id"), again.get("state_id"), "re-enqueue keeps the state id");
    // Hold the background work so the state is still EXECUTED (its children not created yet).
    CONFORMANCE.gate.hold();
    try {
      s.executedNoWait(again, "{'y':'1'}");
      expectDetail(400, "State is already executed", s.http.post(s.stateUrl(again) + "/errored", s.json("{'error':'e'}")));
    } finally {
      CONFORMANCE.gate.release();
    }
    s.idle();
  }

  @Test
  void pruneStopsTheBranchAndAnswersTheStatesEnqueueAfter(LocalStateManager server) {
    Scenario s = chainScenario(server, "prune", null);
    long triggeredAt = CONFORMANCE.clock.millis();
    String run = s.trigger("g");
    JsonNode root = s.claimOne("Start");
    expectDetail(404, "State not found", s.http.post(s.base + "/state/" + UNKNOWN_ID + "/prune", s.json("{'data':{}}")));
    CONFORMANCE.clock.advanceMillis(5);
    JsonNode pruned = expect(200, s.http.post(s.stateUrl(root) + "/prune", s.json("{'data':{'why':'not needed'}}")));
    assertEquals(RawHttp.json("{'enqueue_after':" + triggeredAt + ",'status':'PRUNED'}"), pruned);
    expectDetail(400, "State is not queued", s.http.post(s.stateUrl(root) + "/prune", s.json("{'data':{}}")));
    s.idle();
    assertEquals(Map.of("a", List.of("PRUNED")), s.statuses(run), "no children for a pruned state");
    assertEquals("1/0/0/0/1 SUCCESS", s.counts(run), "PRUNED counts as success in run listings");
  }

  @Test
  void reEnqueueAfterHasNoStatusPreconditionAndKeepsTheStateId(LocalStateManager server) {
    Scenario s = chainScenario(server, "requeue", null);
    String run = s.trigger("g");
    JsonNode root = s.claimOne("Start");
    s.executed(root, "{'y':'1'}");
    expectDetail(404, "State not found",
        s.http.post(s.base + "/state/" + UNKNOWN_ID + "/re-enqueue-after", s.json("{'enqueue_after':10}")));
    long now = CONFORMANCE.clock.millis();
    JsonNode answer = expect(200, s.http.post(s.stateUrl(root) + "/re-enqueue-after", s.json("{'enqueue_after':2500}")));
    assertEquals(RawHttp.json("{'enqueue_after':" + (now + 2500) + ",'status':'CREATED'}"), answer);
    assertEquals(Map.of("a", List.of("CREATED"), "b", List.of("CREATED")), s.statuses(run),
        "a SUCCESS state is put back (QUIRK §4.7)");
    CONFORMANCE.clock.advanceMillis(2499);
    assertEquals(0, s.enqueue(5, "Start").size());
    CONFORMANCE.clock.advanceMillis(1);
    assertEquals(root.get("state_id"), s.claimOne("Start").get("state_id"));
  }

  @Test
  void manualRetryCopiesTheStateOnceInItsNamespace(LocalStateManager server) {
    Scenario s = chainScenario(server, "manual", "{'max_retries':0}");
    Scenario other = CONFORMANCE.scenario(server, "manual-other");
    String run = s.trigger("g");
    JsonNode root = s.claimOne("Start");
    JsonNode failed = s.errored(root, "boom");
    assertEquals(RawHttp.json("{'status':'ERRORED','retry_created':false}"), failed);
    expectDetail(404, "State not found", other.http.post(other.base + "/state/" + root.get("state_id").textValue()
        + "/manual-retry", other.json("{'fanout_id':'f1'}")));
    JsonNode retried = expect(200, s.http.post(s.stateUrl(root) + "/manual-retry", s.json("{'fanout_id':'f1'}")));
    assertEquals("CREATED", retried.get("status").textValue());
    String copy = retried.get("id").textValue();
    assertNotEquals(root.get("state_id").textValue(), copy);
    expectDetail(409, "Duplicate retry state detected",
        s.http.post(s.stateUrl(root) + "/manual-retry", s.json("{'fanout_id':'f1'}")));
    assertEquals(Map.of("a", List.of("CREATED", "RETRY_CREATED")), s.statuses(run));
    JsonNode again = s.claimOne("Start");
    assertEquals(copy, again.get("state_id").textValue());
    assertEquals(root.get("inputs"), again.get("inputs"));
    s.executed(again, "{'y':'2'}");
    assertEquals(RawHttp.json("{'y':'2'}"), s.claimOne("Step").get("inputs"));
  }

  @Test
  void retriesFollowThePolicyUntilMaxRetriesThenTheStateIsErrored(LocalStateManager server) {
    // EXPONENTIAL 1000 * 3^(n-1) capped at 5000: 1000, 3000, 5000.
    Scenario s = chainScenario(server, "retries",
        "{'max_retries':3,'strategy':'EXPONENTIAL','backoff_factor':1000,'exponent':3,'max_delay':5000}");
    String run = s.trigger("g");
    JsonNode state = s.claimOne("Start");
    for (long delay : new long[] {1000, 3000, 5000}) {
      assertEquals(RawHttp.json("{'status':'ERRORED','retry_created':true}"), s.errored(state, "attempt failed"));
      assertClaimableAfter(s, delay);
      state = s.claimOne("Start");
    }
    assertEquals(RawHttp.json("{'status':'ERRORED','retry_created':false}"), s.errored(state, "last attempt failed"));
    assertEquals(Map.of("a", List.of("ERRORED", "RETRY_CREATED", "RETRY_CREATED", "RETRY_CREATED")), s.statuses(run));
    assertEquals("0/0/1/3/4 FAILED", s.counts(run));
    JsonNode last = s.details("g", run, state.get("state_id").textValue());
    assertEquals("last attempt failed", last.get("error").textValue());
  }

  /** Not claimable one millisecond before {@code delay} has passed, claimable when it has. */
  private static void assertClaimableAfter(Scenario s, long delay) {
    CONFORMANCE.clock.advanceMillis(delay - 1);
    assertEquals(0, s.enqueue(5, "Start").size(), "claimable before its delay of " + delay + " ms");
    CONFORMANCE.clock.advanceMillis(1);
  }

  /** The deterministic strategies: delay before attempts 1 and 2 (§4.6). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "EXPONENTIAL, 500, 1000",
      "LINEAR,      500, 1000",
      "FIXED,       500, 500",
  })
  void deterministicStrategies(String strategy, long first, long second, LocalStateManager server) {
    Scenario s = chainScenario(server, "strategy-" + strategy.toLowerCase(),
        "{'max_retries':2,'strategy':'" + strategy + "','backoff_factor':500,'exponent':2}");
    s.trigger("g");
    JsonNode state = s.claimOne("Start");
    s.errored(state, "e1");
    assertClaimableAfter(s, first);
    state = s.claimOne("Start");
    s.errored(state, "e2");
    assertClaimableAfter(s, second);
    s.claimOne("Start");
  }

  /** The jittered strategies: the delay stays within its documented bounds (§4.6). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "EXPONENTIAL_FULL_JITTER,  0,    2000",
      "EXPONENTIAL_EQUAL_JITTER, 1000, 2000",
      "LINEAR_FULL_JITTER,       0,    2000",
      "LINEAR_EQUAL_JITTER,      1000, 2000",
      "FIXED_FULL_JITTER,        0,    1000",
      "FIXED_EQUAL_JITTER,       500,  1000",
  })
  void jitteredStrategiesStayWithinTheirBoundsOnTheSecondAttempt(
      String strategy, long lowest, long highest, LocalStateManager server) {
    Scenario s = chainScenario(server, "jitter-" + strategy.toLowerCase(),
        "{'max_retries':5,'strategy':'" + strategy + "','backoff_factor':1000,'exponent':2}");
    s.trigger("g");
    JsonNode state = s.claimOne("Start");
    // Attempt 1 waits at most the base delay (1000 for every strategy here).
    s.errored(state, "e1");
    CONFORMANCE.clock.advanceMillis(1000);
    state = s.claimOne("Start");
    s.errored(state, "e2");
    if (lowest > 0) {
      CONFORMANCE.clock.advanceMillis(lowest - 1);
      assertEquals(0, s.enqueue(5, "Start").size(), "claimable before the lower bound " + lowest);
      CONFORMANCE.clock.advanceMillis(highest - lowest + 1);
    } else {
      CONFORMANCE.clock.advanceMillis(highest);
    }
    s.claimOne("Start");
  }

  @Test
  void noRetriesMeansErroredAtOnce(LocalStateManager server) {
    Scenario s = chainScenario(server, "no-retries", "{'max_retries':0}");
    String run = s.trigger("g");
    assertEquals(RawHttp.json("{'status':'ERRORED','retry_created':false}"), s.errored(s.claimOne("Start"), "boom"));
    assertEquals("0/0/1/0/1 FAILED", s.counts(run));
  }

  @Test
  void concurrentClaimsNeverHandOutAStateTwice(LocalStateManager server) throws Exception {
    Scenario s = chainScenario(server, "atomic", null);
    for (int i = 0; i < 40; i++) {
      s.trigger("g");
    }
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    AtomicInteger claims = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 5; i++) {
          for (JsonNode state : s.enqueue(3, "Start")) {
            claimed.add(state.get("state_id").textValue());
            claims.incrementAndGet();
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    // 8 threads x 5 polls x 3 could take 120: all 40 are claimed, each exactly once.
    assertEquals(40, claims.get());
    assertEquals(40, claimed.size());
    assertEquals(0, s.enqueue(100, "Start").size());
  }
}
