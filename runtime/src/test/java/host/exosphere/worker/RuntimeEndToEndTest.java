package host.exosphere.worker;

import static host.exosphere.worker.EndToEnd.graph;
import static host.exosphere.worker.EndToEnd.node;
import static host.exosphere.worker.EndToEnd.one;
import static host.exosphere.worker.EndToEnd.unite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Graphs run by an {@link ExosphereRuntime} on the embedded state manager over real HTTP, the way a user tests a
 * workflow: start the server (the extension), start a runtime, upsert, trigger, wait, assert.
 */
@ExtendWith(LocalStateManagerExtension.class)
class RuntimeEndToEndTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

  private static TriggerRequest store(Map<String, String> store) {
    return new TriggerRequest(Map.of(), store, Duration.ZERO);
  }

  @Test
  void fanOutFeedsBranchesThatJoinWithAllSuccess(LocalStateManager server) {
    String ns = "fanout";
    StateManager client = server.client(ns);
    TestNode split = EndToEnd.node("Split", List.of("text"), List.of("word"), (in, s, c) -> {
      List<Map<String, String>> out = new ArrayList<>();
      Arrays.stream(in.get("text").split(" ")).forEach(w -> out.add(Map.of("word", w)));
      return out;
    });
    TestNode upper = EndToEnd.node("Upper", List.of("word"), List.of("word"),
        (in, s, c) -> one("word", in.get("word").toUpperCase(java.util.Locale.ROOT)));
    TestNode length = EndToEnd.node("Length", List.of("word"), List.of("length"),
        (in, s, c) -> one("length", String.valueOf(in.get("word").length())));
    TestNode merge = EndToEnd.node("Merge", List.of("word", "tag"), List.of("done"),
        (in, s, c) -> one("done", in.get("tag") + ":" + in.get("word")));
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, split, upper, length, merge).build()) {
      runtime.start();
      client.upsertGraph(graph("words", ns, "{\"secrets\":{},\"nodes\":["
          + node("start", "Split", "{\"text\":\"${{ store.words }}\"}", "[\"upper\",\"length\"]") + ","
          + node("upper", "Upper", "{\"word\":\"${{ start.outputs.word }}\"}", "[\"merge\"]") + ","
          + node("length", "Length", "{\"word\":\"${{ start.outputs.word }}\"}", "[\"merge\"]") + ","
          + unite("merge", "Merge", "{\"word\":\"${{ start.outputs.word }}\",\"tag\":\"${{ store.tag }}\"}", "start",
              "ALL_SUCCESS")
          + "],\"store_config\":{\"required_keys\":[\"words\"],\"default_values\":{\"tag\":\"joined\"}}}"));
      String runId = client.trigger("words", store(Map.of("words", "alpha beta gamma")));
      RunResult run = Runs.await(server, ns, "words", runId, RUN_TIMEOUT);

      assertEquals("SUCCESS", run.status(), run.toString());
      assertEquals(List.of("alpha", "beta", "gamma"), sorted(run.outputs("start", "word")));
      assertEquals(List.of("ALPHA", "BETA", "GAMMA"), sorted(run.outputs("upper", "word")));
      assertEquals(List.of("4", "5", "5"), sorted(run.outputs("length", "length")));
      // One join per fan-out state of the unites target (docs/state-manager.md §4.5), each after both its branches.
      assertEquals(List.of("joined:alpha", "joined:beta", "joined:gamma"), sorted(run.outputs("merge", "done")));
      assertEquals(Map.of("SUCCESS", 12L), run.statusCounts());
    }
  }

  @Test
  void allDoneJoinFiresAfterABranchFailsAndTheRunFails(LocalStateManager server) throws Exception {
    String ns = "alldone";
    StateManager client = server.client(ns);
    CountDownLatch badIsErrored = new CountDownLatch(1);
    TestNode start = EndToEnd.node("Start", List.of(), List.of("id"), (in, s, c) -> one("id", "r1"));
    TestNode bad = EndToEnd.node("Bad", List.of("id"), List.of(), (in, s, c) -> {
      throw new IllegalStateException("cannot process " + in.get("id"));
    });
    // The unite is only re-checked when a direct predecessor succeeds (docs/state-manager.md §4.5): let the good
    // branch finish after the bad one is ERRORED, so the join is deterministic.
    TestNode good = EndToEnd.node("Good", List.of("id"), List.of("ok"), (in, s, c) -> {
      badIsErrored.await(20, TimeUnit.SECONDS);
      return one("ok", "yes");
    });
    TestNode merge = EndToEnd.node("Merge", List.of("id"), List.of("merged"), (in, s, c) -> one("merged", in.get("id")));
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, start, bad, good, merge).build()) {
      runtime.start();
      client.upsertGraph(graph("alldone", ns, "{\"secrets\":{},\"nodes\":["
          + node("start", "Start", "{}", "[\"bad\",\"good\"]") + ","
          + node("bad", "Bad", "{\"id\":\"${{ start.outputs.id }}\"}", "[\"merge\"]") + ","
          + node("good", "Good", "{\"id\":\"${{ start.outputs.id }}\"}", "[\"merge\"]") + ","
          + unite("merge", "Merge", "{\"id\":\"${{ start.outputs.id }}\"}", "start", "ALL_DONE")
          + "],\"retry_policy\":{\"max_retries\":0,\"strategy\":\"FIXED\",\"backoff_factor\":1,\"exponent\":2}}"));
      String runId = client.trigger("alldone", TriggerRequest.EMPTY);
      Await.until("bad ERRORED", () -> client.graphStructure(runId).nodes().stream()
          .anyMatch(n -> n.identifier().equals("bad") && n.status().equals("ERRORED")));
      badIsErrored.countDown();
      RunResult run = Runs.await(server, ns, "alldone", runId, RUN_TIMEOUT);

      assertEquals("FAILED", run.status(), run.toString());
      assertEquals(List.of("ERRORED"), run.statuses("bad"));
      assertEquals(List.of("IllegalStateException: cannot process r1"), run.errors("bad"));
      assertEquals(List.of("SUCCESS"), run.statuses("good"));
      assertEquals(List.of("r1"), run.outputs("merge", "merged"));
    }
  }

  @Test
  void failingNodeIsRetriedWithBackoffUntilItSucceedsOrRunsOutOfRetries(LocalStateManager server) {
    String ns = "retries";
    StateManager client = server.client(ns);
    AtomicInteger flakyRuns = new AtomicInteger();
    TestNode flaky = EndToEnd.node("Flaky", List.of(), List.of("attempt"), (in, s, c) -> {
      int attempt = flakyRuns.incrementAndGet();
      if (attempt < 3) {
        throw new IllegalStateException("attempt " + attempt + " failed");
      }
      return one("attempt", String.valueOf(attempt));
    });
    TestNode broken = EndToEnd.node("Broken", List.of(), List.of(), (in, s, c) -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
    });
    String policy = ",\"retry_policy\":{\"max_retries\":3,\"strategy\":\"EXPONENTIAL\",\"backoff_factor\":5,"
        + "\"exponent\":2,\"max_delay\":50}}";
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, flaky, broken).build()) {
      runtime.start();
      client.upsertGraph(graph("flaky", ns, "{\"secrets\":{},\"nodes\":[" + node("f", "Flaky", "{}", "[]") + "]"
          + policy));
      client.upsertGraph(graph("broken", ns, "{\"secrets\":{},\"nodes\":[" + node("b", "Broken", "{}", "[]") + "]"
          + policy));

      RunResult flakyRun = Runs.await(server, ns, "flaky", client.trigger("flaky", TriggerRequest.EMPTY), RUN_TIMEOUT);
      assertEquals("SUCCESS", flakyRun.status(), flakyRun.toString());
      assertEquals(Map.of("RETRY_CREATED", 2L, "SUCCESS", 1L), flakyRun.statusCounts("f"));
      assertEquals(List.of("IllegalStateException: attempt 1 failed", "IllegalStateException: attempt 2 failed"),
          sorted(flakyRun.errors("f")));
      assertEquals(List.of("3"), flakyRun.outputs("f", "attempt"));

      RunResult brokenRun =
          Runs.await(server, ns, "broken", client.trigger("broken", TriggerRequest.EMPTY), RUN_TIMEOUT);
      assertEquals("FAILED", brokenRun.status());
      assertEquals(Map.of("ERRORED", 1L, "RETRY_CREATED", 3L), brokenRun.statusCounts("b"));
      assertEquals(List.of("UncheckedIOException: java.io.IOException: disk full (caused by IOException: disk full)"),
          brokenRun.errors("b").stream().distinct().toList());
    }
  }

  @Test
  void pruneEndsABranchAndRequeueRunsTheSameStateAgain(LocalStateManager server) {
    String ns = "signals";
    StateManager client = server.client(ns);
    Map<String, Integer> runsPerState = new ConcurrentHashMap<>();
    TestNode start = EndToEnd.node("Start", List.of(), List.of("n"), (in, s, c) -> one("n", "7"));
    TestNode pruner = EndToEnd.node("Pruner", List.of("n"), List.of("never"), (in, s, c) -> {
      throw new PruneSignal(Map.of("reason", "nothing to do for " + in.get("n")));
    });
    TestNode waiter = EndToEnd.node("Waiter", List.of("n"), List.of("runs"), (in, s, c) -> {
      int runs = runsPerState.merge(c.stateId(), 1, Integer::sum);
      if (runs < 3) {
        throw new RequeueAfterSignal(Duration.ofMillis(5));
      }
      return one("runs", String.valueOf(runs));
    });
    TestNode after = EndToEnd.node("After", List.of("n"), List.of(), (in, s, c) -> null);
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, start, pruner, waiter, after).build()) {
      runtime.start();
      client.upsertGraph(graph("signals", ns, "{\"secrets\":{},\"nodes\":["
          + node("start", "Start", "{}", "[\"pruner\",\"waiter\"]") + ","
          + node("pruner", "Pruner", "{\"n\":\"${{ start.outputs.n }}\"}", "[\"after\"]") + ","
          + node("waiter", "Waiter", "{\"n\":\"${{ start.outputs.n }}\"}", "[]") + ","
          + node("after", "After", "{\"n\":\"${{ pruner.outputs.never }}\"}", "[]") + "]}"));
      RunResult run = Runs.await(server, ns, "signals", client.trigger("signals", TriggerRequest.EMPTY), RUN_TIMEOUT);

      // A pruned state counts as a success in run listings (docs/state-manager.md §1.2.16) and creates no children.
      assertEquals("SUCCESS", run.status(), run.toString());
      assertEquals(List.of("PRUNED"), run.statuses("pruner"));
      assertEquals(List.of(), run.states("after"));
      // Re-enqueue keeps the state: one state, run three times.
      assertEquals(List.of("SUCCESS"), run.statuses("waiter"));
      assertEquals(List.of("3"), run.outputs("waiter", "runs"));
      assertEquals(List.of(3), List.copyOf(runsPerState.values()));
      assertEquals(2, runtime.metrics().requeued());
    }
  }

  @Test
  void secretsAreFetchedOnlyForNodesThatDeclareThem(LocalStateManager server) throws Exception {
    String ns = "secrets";
    Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    TestNode withKey = new TestNode("Keyed", "", List.of(), List.of("key_length"), List.of("api_key"), true,
        (in, s, c) -> {
          seen.put("Keyed", s);
          return one("key_length", String.valueOf(s.get("api_key").length()));
        });
    TestNode plain = EndToEnd.node("Plain", List.of("len"), List.of(), (in, s, c) -> {
      seen.put("Plain", s);
      return null;
    });
    try (FaultProxy proxy = new FaultProxy(server.uri());
        StateManager viaProxy = EndToEnd.client(proxy.uri(), server.apiKey(), ns);
        ExosphereRuntime runtime = EndToEnd.runtime(viaProxy, withKey, plain).build()) {
      runtime.start();
      StateManager client = server.client(ns);
      client.upsertGraph(graph("secret", ns, "{\"secrets\":{\"api_key\":\"k-123456\"},\"nodes\":["
          + node("keyed", "Keyed", "{}", "[\"plain\"]") + ","
          + node("plain", "Plain", "{\"len\":\"${{ keyed.outputs.key_length }}\"}", "[]") + "]}")
          .withSecretValues(Map.of("api_key", "k-123456")));
      RunResult run = Runs.await(server, ns, "secret", client.trigger("secret", TriggerRequest.EMPTY), RUN_TIMEOUT);

      assertEquals("SUCCESS", run.status(), run.toString());
      assertEquals(List.of("8"), run.outputs("keyed", "key_length"));
      assertEquals(Map.of("api_key", "k-123456"), seen.get("Keyed"));
      assertEquals(Map.of(), seen.get("Plain"));
      assertEquals(1, proxy.count("/secrets"));
    }
  }

  @Test
  void aJoinBlockedByAPrunedBranchIsExplainedByTheDiagnostics(LocalStateManager server) {
    String ns = "blocked";
    StateManager client = server.client(ns);
    TestNode start = EndToEnd.node("Start", List.of(), List.of("id"), (in, s, c) -> one("id", "r1"));
    TestNode skip = EndToEnd.node("Skip", List.of("id"), List.of(), (in, s, c) -> {
      throw new PruneSignal();
    });
    TestNode keep = EndToEnd.node("Keep", List.of("id"), List.of(), (in, s, c) -> null);
    TestNode merge = EndToEnd.node("Merge", List.of("id"), List.of(), (in, s, c) -> null);
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, start, skip, keep, merge).build()) {
      runtime.start();
      client.upsertGraph(graph("blocked", ns, "{\"secrets\":{},\"nodes\":["
          + node("start", "Start", "{}", "[\"skip\",\"keep\"]") + ","
          + node("skip", "Skip", "{\"id\":\"${{ start.outputs.id }}\"}", "[\"merge\"]") + ","
          + node("keep", "Keep", "{\"id\":\"${{ start.outputs.id }}\"}", "[\"merge\"]") + ","
          + unite("merge", "Merge", "{\"id\":\"${{ start.outputs.id }}\"}", "start", "ALL_SUCCESS") + "]}"));
      RunResult run = Runs.await(server, ns, "blocked", client.trigger("blocked", TriggerRequest.EMPTY), RUN_TIMEOUT);

      // The server calls this run a success, yet the join never ran: a PRUNED branch blocks ALL_SUCCESS
      // forever (docs/state-manager.md §4.5, §7 item 8). Only the diagnostics say so.
      assertEquals("SUCCESS", run.status(), run.toString());
      assertEquals(List.of("PRUNED"), run.statuses("skip"));
      assertEquals(List.of(), run.states("merge"));
      assertEquals(1, run.diagnostics().size(), run.diagnostics().toString());
      assertTrue(run.diagnostics().get(0).startsWith("UNITE_NEVER_FIRES: "), run.diagnostics().toString());
    }
  }

  @Test
  void aRunNobodyExecutesFailsTheWaitWithTheReason(LocalStateManager server) {
    String ns = "unattended";
    StateManager client = server.client(ns);
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, EndToEnd.node("Lonely", List.of(), List.of(), (in, s, c) -> null))
        .build()) {
      runtime.start(); // registers the node; closed before the run starts
      client.upsertGraph(graph("lonely", ns, "{\"secrets\":{},\"nodes\":[" + node("l", "Lonely", "{}", "[]") + "]}"));
    }
    String runId = client.trigger("lonely", TriggerRequest.EMPTY);
    AssertionError e = assertThrows(AssertionError.class,
        () -> Runs.await(server, ns, "lonely", runId, Duration.ofMillis(200)));
    String state = client.graphStructure(runId).nodes().get(0).id();
    assertEquals("Run " + runId + " of graph 'lonely' did not finish within PT0.2S: 1 of 1 state(s) still pending: l "
        + "(Lonely) CREATED [state " + state + "]; CREATED states wait for a runtime that registered their node (or "
        + "for a retry/re-enqueue delay)", e.getMessage());
  }

  @Test
  void graphStructureShowsTheRuntimesWork(LocalStateManager server) {
    String ns = "structure";
    StateManager client = server.client(ns);
    TestNode a = EndToEnd.node("A", List.of(), List.of("v"), (in, s, c) -> one("v", "1"));
    TestNode b = EndToEnd.node("B", List.of("v"), List.of(), (in, s, c) -> null);
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, a, b).build()) {
      runtime.start();
      client.upsertGraph(graph("chain", ns, "{\"secrets\":{},\"nodes\":["
          + node("a", "A", "{}", "[\"b\"]") + "," + node("b", "B", "{\"v\":\"${{ a.outputs.v }}\"}", "[]") + "]}"));
      String runId = client.trigger("chain", TriggerRequest.EMPTY);
      RunResult run = Runs.await(client, "chain", runId, RUN_TIMEOUT);
      assertEquals(List.of(Map.of("v", "1")), run.states("b").stream().map(st -> st.inputs()).toList());
      RunGraph structure = client.graphStructure(runId);
      assertEquals(1, structure.edgeCount());
      assertEquals(2, runtime.metrics().reported());
    }
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }
}
