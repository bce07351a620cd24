package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.worker.nodes.ChainStep;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an idle runtime sends: on the embedded server it waits on {@code states/await} (a handful of
 * requests however long it idles, and a triggered run still finishes); on a server without it (as
 * Exosphere's own) it polls with backoff, asking for one state at a time, and never calls the
 * extension. Request counts over an idle window are upper bounds, which a slow machine only lowers.
 */
class IdleWaitTest {
  private static final Duration IDLE = Duration.ofMillis(1200);

  /**
   * A port that forwards to another and records every call, as its method's name and arguments; a
   * method named in {@code answers} is not forwarded but answers that value.
   */
  private static final class RecordingPort {
    final List<List<Object>> calls = new CopyOnWriteArrayList<>();
    final StateManagerPort port;

    RecordingPort(StateManagerPort inner, Map<String, Object> answers) {
      port = (StateManagerPort) Proxy.newProxyInstance(StateManagerPort.class.getClassLoader(),
          new Class<?>[] {StateManagerPort.class}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
              return method.invoke(inner, args);
            }
            List<Object> call = new ArrayList<>();
            call.add(method.getName());
            call.addAll(args == null ? List.of() : Arrays.asList(args));
            calls.add(call);
            if (answers.containsKey(method.getName())) {
              return answers.get(method.getName());
            }
            try {
              return method.invoke(inner, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    RecordingPort(StateManagerPort inner) {
      this(inner, Map.of());
    }

    /** The arguments of every call to {@code method}, in order. */
    List<List<Object>> of(String method) {
      return calls.stream().filter(c -> c.get(0).equals(method)).map(c -> c.subList(1, c.size())).toList();
    }
  }

  /**
   * The most polls a runtime with {@code idleBackoff(10 ms, 200 ms)} makes since {@code started}, with the
   * documented schedule (each pause a tenth of the time since the runtime started or last had work, at
   * least 10 ms, at most 200 ms): 10 in the first 100 ms, about {@code 10 · ln(t / 100 ms)} more until the
   * cap at 2 s, then one per 200 ms; plus a few for rounding. A runtime that spun would make hundreds.
   */
  private static long maxPolls(long started) {
    double elapsed = (System.nanoTime() - started) / 1e6;
    double ramp = 10 * Math.log(Math.min(Math.max(elapsed, 100), 2_000) / 100);
    return 15 + Math.round(ramp) + Math.round(Math.max(0, elapsed - 2_000) / 200);
  }

  /** A chain step that counts {@code ran} down each time it runs. */
  private static ChainStep countingStep(String name, CountDownLatch ran) {
    return new ChainStep(name) {
      @Override
      protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
        ran.countDown();
        return super.run(node, inputs, secrets, context);
      }
    };
  }

  private static ExosphereRuntime.Builder chainRuntime(StateManagerPort port) {
    ExosphereRuntime.Builder builder = ExosphereRuntime.builder(port).name("idle-test");
    ChainStep.STEPS.forEach(step -> builder.node(new ChainStep(step)));
    return builder;
  }

  @Test
  void onTheEmbeddedServerAnIdleRuntimeWaitsInsteadOfPollingAndStillRunsAChain() throws Exception {
    try (LocalStateManager server = LocalStateManager.start()) {
      StateManager client = server.client("chain");
      RecordingPort recorded = new RecordingPort(StateManagerPort.over(client));
      ExosphereRuntime runtime = chainRuntime(recorded.port).build();
      try {
        runtime.start();
        Thread.sleep(IDLE.toMillis());
        // One enqueue that learnt about the extension, then one wait held for its whole bound.
        assertEquals(1, recorded.of("enqueue").size(), "calls while idle: " + recorded.calls);
        assertTrue(recorded.of("awaitAndEnqueue").size() <= 2, "calls while idle: " + recorded.calls);

        client.upsertGraph(ChainStep.graph("chain"));
        int waitsBefore = recorded.of("awaitAndEnqueue").size();
        String runId = client.trigger(ChainStep.GRAPH, TriggerRequest.EMPTY);
        RunResult run = Runs.await(client, ChainStep.GRAPH, runId, Duration.ofSeconds(30));
        assertEquals("SUCCESS", run.status());
        assertEquals(List.of(ChainStep.RESULT), run.outputs("s3", "x"));
        // After a claim the runtime polls once with enqueue (which finds the next step if the server
        // created it meanwhile), and when that finds nothing it waits on the server, which claims the step
        // the moment it appears: at most two requests per step, and a last wait that is held again.
        assertTrue(recorded.of("enqueue").size() - 1 <= ChainStep.STEPS.size(), recorded.calls.toString());
        assertTrue(recorded.of("awaitAndEnqueue").size() - waitsBefore <= ChainStep.STEPS.size(),
            recorded.calls.toString());
      } finally {
        runtime.close();
      }
      assertEquals(List.of(), runtime.abandonedStates());
      // close() ended its own held wait with a zero-timeout call (which claims nothing) under the same id.
      List<List<Object>> waits = recorded.of("awaitAndEnqueue");
      Object waiter = waits.get(0).get(3);
      assertEquals(IdleWait.AWAIT_TIMEOUT, waits.get(0).get(2), waits.toString());
      assertEquals(List.of(Duration.ZERO), recorded.of("awaitStates").stream().map(args -> args.get(1)).distinct()
          .toList(), recorded.calls.toString());
      assertTrue(recorded.of("awaitStates").contains(List.of(ChainStep.STEPS, Duration.ZERO, waiter)),
          recorded.calls.toString());
    }
  }

  @Test
  void withoutTheExtensionItPollsWithBackoffOneStateAtATime() throws Exception {
    FakeStateManager fake = new FakeStateManager("ns");
    RecordingPort recorded = new RecordingPort(fake); // offersAwait() is false, awaitStates() throws
    CountDownLatch ran = new CountDownLatch(1);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(recorded.port).name("polling")
        .idleBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
        .node(countingStep("Step1", ran)).build()) {
      long started = System.nanoTime();
      runtime.start();
      Thread.sleep(IDLE.toMillis());
      List<Object> batches = recorded.of("enqueue").stream().map(args -> args.get(1)).toList();
      assertTrue(batches.size() <= maxPolls(started), "polls while idle: " + batches.size());
      assertEquals(List.of(), recorded.of("awaitStates"));
      assertEquals(16, batches.get(0));
      assertEquals(List.of(1), batches.subList(1, batches.size()).stream().distinct().toList());

      fake.add("s1", "Step1", Map.of("x", "go"));
      assertTrue(ran.await(30, TimeUnit.SECONDS));
    }
    assertEquals(List.of("executed s1"), fake.accepted);
  }

  @Test
  void aServerThatHoldsNoWaitIsPolledWithBackoffNotHammered() throws Exception {
    FakeStateManager fake = new FakeStateManager("ns");
    // The wait answers nothing at once: as the embedded server does when it holds as many waits as it allows.
    RecordingPort recorded = new RecordingPort(fake, Map.of("offersAwait", true, "awaitAndEnqueue", List.of()));
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(recorded.port).name("not-held")
        .idleBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).node(new ChainStep("Step1")).build()) {
      long started = System.nanoTime();
      runtime.start();
      Thread.sleep(IDLE.toMillis());
      int awaits = recorded.of("awaitAndEnqueue").size();
      int enqueues = recorded.of("enqueue").size();
      long most = maxPolls(started);
      assertTrue(awaits <= most && enqueues <= most, "await calls " + awaits + ", enqueue calls " + enqueues);
    }
  }

  @Test
  void aSuccessorIsClaimedRightAfterItsPredecessorIsReportedNotAfterTheIdlePause() throws Exception {
    // As Exosphere's state manager, the fake creates the next state when the report arrives; the runtime
    // then polls at once instead of sleeping out its idle pause, which here is an hour.
    FakeStateManager fake = new FakeStateManager("ns");
    fake.afterExecuted = (stateId, outputs) -> {
      if (stateId.equals("s1")) {
        fake.add("s2", "Step2", Map.of("x", outputs.get(0).get("x")));
      }
    };
    RecordingPort recorded = new RecordingPort(fake);
    CountDownLatch second = new CountDownLatch(1);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(recorded.port).name("successors")
        .idleBackoff(Duration.ofHours(1), Duration.ofHours(1))
        .node(new ChainStep("Step1"))
        .node(countingStep("Step2", second)).build()) {
      fake.add("s1", "Step1", Map.of("x", "go"));
      runtime.start();
      assertTrue(second.await(30, TimeUnit.SECONDS), "calls: " + recorded.calls);
    }
    assertEquals(List.of("executed s1", "executed s2"), fake.accepted);
    // The first poll asked for a full batch; once one came back with less, the next asked for one state.
    List<List<Object>> polls = recorded.of("enqueue");
    assertEquals(16, polls.get(0).get(1), polls.toString());
    assertEquals(1, polls.get(1).get(1), polls.toString());
  }
}
