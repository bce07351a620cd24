package host.exosphere.worker;

import static host.exosphere.worker.EndToEnd.graph;
import static host.exosphere.worker.EndToEnd.node;
import static host.exosphere.worker.EndToEnd.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime against a misbehaving state manager over real HTTP: a {@link FaultProxy} in front of the
 * embedded server returns 500s, answers slowly, or stops and comes back on the same port. Every run must
 * still end where the contract says, with each state reported once.
 */
@ExtendWith(LocalStateManagerExtension.class)
class RuntimeServerFaultTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final int WIDTH = 24;

  /** A root that fans out {@link #WIDTH} items, each handled by a {@code work} state. */
  private static String fanGraph() {
    return "{\"secrets\":{},\"nodes\":["
        + node("fan", "Fan", "{}", "[\"work\"]") + ","
        + node("work", "Work", "{\"item\":\"${{ fan.outputs.item }}\"}", "[]")
        + "],\"retry_policy\":{\"max_retries\":0,\"strategy\":\"FIXED\",\"backoff_factor\":1,\"exponent\":2}}";
  }

  private static TestNode fan() {
    return EndToEnd.node("Fan", List.of(), List.of("item"), (in, s, c) -> {
      List<Map<String, String>> out = new ArrayList<>();
      IntStream.range(0, WIDTH).forEach(i -> out.add(Map.of("item", String.valueOf(i))));
      return out;
    });
  }

  private static TestNode work(TestNode.Body before) {
    return EndToEnd.node("Work", List.of("item"), List.of("done"), (in, s, c) -> {
      before.run(in, s, c);
      return one("done", "item-" + in.get("item"));
    });
  }

  private static List<String> expectedWork() {
    return IntStream.range(0, WIDTH).mapToObj(i -> "item-" + i).sorted().toList();
  }

  private static void assertAllWorkDoneOnce(RunResult run) {
    assertEquals("SUCCESS", run.status(), run.toString());
    assertEquals(Map.of("SUCCESS", (long) WIDTH), run.statusCounts("work"));
    assertEquals(expectedWork(), run.outputs("work", "done").stream().sorted().toList());
  }

  @Test
  void serverErrorsForAWhileAreRetriedThrough(LocalStateManager server) throws Exception {
    String ns = "errors500";
    try (FaultProxy proxy = new FaultProxy(server.uri());
        StateManager viaProxy = EndToEnd.client(proxy.uri(), server.apiKey(), ns);
        ExosphereRuntime runtime = EndToEnd.runtime(viaProxy, fan(), work((in, s, c) -> null)).build()) {
      runtime.start();
      StateManager client = server.client(ns);
      client.upsertGraph(graph("fan", ns, fanGraph()));
      proxy.failNext(30, path -> path.endsWith("/executed") || path.endsWith("/states/enqueue"));
      RunResult run = Runs.await(server, ns, "fan", client.trigger("fan", TriggerRequest.EMPTY), RUN_TIMEOUT);

      assertAllWorkDoneOnce(run);
      assertEquals(30, proxy.failed.get());
      assertEquals(0, runtime.metrics().reportsRefused(), "a 500 from the proxy never reached the server");
      assertEquals(WIDTH + 1, runtime.metrics().reported());
    }
  }

  @Test
  void serverStoppedAndRestartedMidRunGetsEveryResult(LocalStateManager server) throws Exception {
    String ns = "restart";
    CountDownLatch serverDown = new CountDownLatch(1);
    try (FaultProxy proxy = new FaultProxy(server.uri());
        StateManager viaProxy = EndToEnd.client(proxy.uri(), server.apiKey(), ns);
        ExosphereRuntime runtime = EndToEnd.runtime(viaProxy, fan(),
            work((in, s, c) -> {
              serverDown.await(30, TimeUnit.SECONDS);
              return null;
            })).workers(4).bufferSize(4).build()) {
      runtime.start();
      StateManager client = server.client(ns);
      client.upsertGraph(graph("fan", ns, fanGraph()));
      String runId = client.trigger("fan", TriggerRequest.EMPTY);
      // Stop only once more states are claimed than workers run: then the poller waits for a useful amount
      // of room (the work is blocked) instead of being inside an enqueue call, whose lost answer would leave
      // claimed states QUEUED forever (no lease, docs/state-manager.md §1.2.9).
      Await.until("a buffer of claimed states", () -> runtime.metrics().inFlight() > 4,
          () -> runtime.metrics().toString());
      proxy.stop();
      serverDown.countDown();
      Await.until("results kept while the server is away", () -> runtime.metrics().outboxSize() > 0,
          () -> runtime.metrics().toString());
      proxy.restart();
      RunResult run = Runs.await(server, ns, "fan", runId, RUN_TIMEOUT);

      assertAllWorkDoneOnce(run);
      assertTrue(runtime.metrics().reportRetries() > 0);
      // A report the server applied just as the proxy stopped loses its answer; its retry is then refused
      // ("State is not queued") and not repeated. Either way each of the WIDTH + 1 states settles once.
      assertEquals(WIDTH + 1, runtime.metrics().reported() + runtime.metrics().reportsRefused(),
          runtime.metrics().toString());
    }
  }

  @Test
  void slowAnswersThatTimeOutAreNotReportedTwice(LocalStateManager server) throws Exception {
    String ns = "slow";
    try (FaultProxy proxy = new FaultProxy(server.uri());
        StateManager viaProxy = StateManager.builder().uri(proxy.uri()).apiKey(server.apiKey()).namespace(ns)
            .requestTimeout(Duration.ofMillis(200)).build();
        ExosphereRuntime runtime = EndToEnd.runtime(viaProxy, fan(), work((in, s, c) -> null)).build()) {
      runtime.start();
      StateManager client = server.client(ns);
      client.upsertGraph(graph("fan", ns, fanGraph()));
      // The server applies these at once; the proxy answers them only after the client gave up waiting
      // (600 ms against 200 ms: a slow machine only makes the client give up on more calls, never fewer).
      proxy.slowNext(5, Duration.ofMillis(600), path -> path.endsWith("/executed"));
      RunResult run = Runs.await(server, ns, "fan", client.trigger("fan", TriggerRequest.EMPTY), RUN_TIMEOUT);

      assertAllWorkDoneOnce(run);
      assertEquals(0, proxy.slowLeft.get(), "every slow answer happened");
      assertTrue(runtime.metrics().reportRetries() >= 5, runtime.metrics().toString());
      // The first slow report had been applied, so its retry is refused ("State is not queued") and not
      // repeated. Each state settled exactly once: delivered, or refused because an earlier attempt landed.
      assertTrue(runtime.metrics().reportsRefused() >= 1, runtime.metrics().toString());
      assertEquals(WIDTH + 1, runtime.metrics().reported() + runtime.metrics().reportsRefused(),
          runtime.metrics().toString());
    }
  }

  /**
   * Issue 12, defect 5: close() started claimed-but-unstarted states and dropped running ones. Now it
   * finishes what runs, starts nothing more and hands everything else back as errored, so the retry
   * policy creates it again and another runtime finishes the run.
   */
  @Test
  void runtimeClosedMidRunFinishesWhatRunsAndHandsTheRestBack(LocalStateManager server) throws Exception {
    String ns = "closing";
    StateManager client = server.client(ns);
    CountDownLatch closing = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    ExosphereRuntime first = EndToEnd.runtime(client, fan(), work((in, s, c) -> {
      running.incrementAndGet();
      closing.await(30, TimeUnit.SECONDS);
      return null;
    }))
        .workers(2).bufferSize(1).build();
    first.start();
    client.upsertGraph(graph("fan", ns, fanGraph().replace("\"max_retries\":0", "\"max_retries\":3")));
    String runId = client.trigger("fan", TriggerRequest.EMPTY);
    // Both workers run work states (so the fan has settled), and a third is claimed and waits: the runtime
    // may claim the fan's successors before the fan itself has settled, so inFlight alone would not say.
    Await.until("work claimed, some of it waiting", () -> running.get() == 2 && first.metrics().inFlight() == 3,
        () -> first.metrics().toString());
    Thread closer = new Thread(first::close);
    closer.start();
    Await.until("the waiting states handed back", () -> first.metrics().inFlight() == 2);
    closing.countDown();
    closer.join();
    List<AbandonedState> handedBack = first.abandonedStates();
    assertEquals(1, handedBack.size(), handedBack.toString());
    for (AbandonedState state : handedBack) {
      assertTrue(state.handedBack(), state.toString());
      assertEquals("was closing and did not start this state; reported errored so the graph's retry policy can "
          + "create it again", state.reason());
    }
    assertEquals(first.metrics().claimed(), first.metrics().reported() + handedBack.size(), first.metrics().toString());
    long doneByFirst = first.metrics().executed();
    assertEquals(3, doneByFirst, "the fan and the two running work states");

    try (ExosphereRuntime second = EndToEnd.runtime(client, fan(), work((in, s, c) -> null)).build()) {
      second.start();
      RunResult run = Runs.await(server, ns, "fan", runId, RUN_TIMEOUT);
      assertEquals("SUCCESS", run.status(), run.toString());
      assertEquals(expectedWork(), run.outputs("work", "done").stream().sorted().toList());
      assertEquals(List.of("runtime shut down: runtime 'e2e' was closing and did not start this state"),
          run.errors("work"));
      assertEquals(WIDTH + 1, doneByFirst + second.metrics().executed());
    }
  }

  @Test
  void hangingNodeTimesOutIntoAnErroredState(LocalStateManager server) {
    String ns = "hang";
    StateManager client = server.client(ns);
    TestNode hang = EndToEnd.node("Hang", List.of(), List.of(), (in, s, c) -> {
      Thread.sleep(60_000);
      return null;
    });
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, hang).executionTimeout(Duration.ofMillis(100)).build()) {
      runtime.start();
      client.upsertGraph(graph("hang", ns, "{\"secrets\":{},\"nodes\":[" + node("h", "Hang", "{}", "[]")
          + "],\"retry_policy\":{\"max_retries\":0,\"strategy\":\"FIXED\",\"backoff_factor\":1,\"exponent\":2}}"));
      RunResult run = Runs.await(server, ns, "hang", client.trigger("hang", TriggerRequest.EMPTY), RUN_TIMEOUT);
      assertEquals("FAILED", run.status());
      assertEquals(List.of("Node Hang did not finish within PT0.1S (execution timeout of runtime 'e2e'); its thread "
          + "was interrupted"), run.errors("h"));
    }
  }
}
