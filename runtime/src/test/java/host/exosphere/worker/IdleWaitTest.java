package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.worker.nodes.ChainStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an idle runtime sends: on the embedded server it waits on {@code states/await} (a handful of
 * requests however long it idles, and a triggered run still finishes); on a server without it (as
 * Exosphere's own) it polls with backoff, asking for one state at a time, and never calls the
 * extension. Request counts over an idle window are upper bounds, which a slow machine only lowers.
 */
class IdleWaitTest {
  private static final Duration IDLE = Duration.ofMillis(1200);

  /** Counts every call a runtime makes through it and remembers the batch sizes and waits asked for. */
  private static class CountingPort implements StateManagerPort {
    final StateManagerPort inner;
    final AtomicInteger enqueues = new AtomicInteger();
    final AtomicInteger awaits = new AtomicInteger();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final List<String> awaitCalls = new CopyOnWriteArrayList<>();

    CountingPort(StateManagerPort inner) {
      this.inner = inner;
    }

    @Override
    public String namespace() {
      return inner.namespace();
    }

    @Override
    public void registerNodes(String runtimeName, List<NodeRegistration> nodes) {
      inner.registerNodes(runtimeName, nodes);
    }

    @Override
    public List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize) {
      enqueues.incrementAndGet();
      batches.add(batchSize);
      return inner.enqueue(nodeNames, batchSize);
    }

    @Override
    public boolean offersAwait() {
      return inner.offersAwait();
    }

    @Override
    public boolean awaitStates(List<String> nodeNames, Duration timeout, String waiterId) {
      awaits.incrementAndGet();
      awaitCalls.add(timeout.toMillis() + " " + waiterId);
      return inner.awaitStates(nodeNames, timeout, waiterId);
    }

    @Override
    public Map<String, String> secrets(String stateId) {
      return inner.secrets(stateId);
    }

    @Override
    public void executed(String stateId, List<Map<String, String>> outputs) {
      inner.executed(stateId, outputs);
    }

    @Override
    public boolean errored(String stateId, String error) {
      return inner.errored(stateId, error);
    }

    @Override
    public void prune(String stateId, Map<String, Object> data) {
      inner.prune(stateId, data);
    }

    @Override
    public long reEnqueueAfter(String stateId, Duration delay) {
      return inner.reEnqueueAfter(stateId, delay);
    }
  }

  /**
   * The most polls a runtime with {@code idleBackoff(10 ms, 200 ms)} makes since {@code started}: the
   * first, five while the pause doubles from 10 to 160 ms (310 ms in all), then one per 200 ms. A runtime
   * that spun would make hundreds.
   */
  private static long maxPolls(long started) {
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    return 6 + elapsedMillis / 200;
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
      CountingPort port = new CountingPort(StateManagerPort.over(client));
      ExosphereRuntime runtime = chainRuntime(port).build();
      try {
        runtime.start();
        Thread.sleep(IDLE.toMillis());
        // One enqueue that learnt about the extension, then one wait held for its whole bound.
        assertTrue(port.enqueues.get() <= 2, "enqueue calls while idle: " + port.enqueues);
        assertTrue(port.awaits.get() <= 2, "await calls while idle: " + port.awaits);

        client.upsertGraph(ChainStep.graph("chain"));
        String runId = client.trigger(ChainStep.GRAPH, TriggerRequest.EMPTY);
        RunResult run = Runs.await(client, ChainStep.GRAPH, runId, Duration.ofSeconds(30));
        assertEquals("SUCCESS", run.status());
        assertEquals(List.of(ChainStep.RESULT), run.outputs("s3", "x"));
      } finally {
        runtime.close();
      }
      assertEquals(List.of(), runtime.abandonedStates());
      // close() ended its own held wait with a zero-timeout call under the same waiter id.
      String waiter = port.awaitCalls.get(0).split(" ")[1];
      assertTrue(port.awaitCalls.contains("0 " + waiter), port.awaitCalls.toString());
      assertTrue(port.awaitCalls.get(0).startsWith(IdleWait.AWAIT_TIMEOUT.toMillis() + " "), port.awaitCalls.toString());
    }
  }

  @Test
  void withoutTheExtensionItPollsWithBackoffOneStateAtATime() throws Exception {
    FakeStateManager fake = new FakeStateManager("ns");
    CountingPort port = new CountingPort(fake); // offersAwait() is false, awaitStates() throws
    CountDownLatch ran = new CountDownLatch(1);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(port).name("polling")
        .idleBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
        .node(new ChainStep("Step1") {
          @Override
          protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets,
              NodeContext context) {
            ran.countDown();
            return super.run(node, inputs, secrets, context);
          }
        }).build()) {
      long started = System.nanoTime();
      runtime.start();
      Thread.sleep(IDLE.toMillis());
      int polls = port.enqueues.get();
      assertTrue(polls <= maxPolls(started), "polls while idle: " + polls);
      assertEquals(0, port.awaits.get());
      assertEquals(16, port.batches.get(0));
      assertEquals(List.of(1), port.batches.subList(1, port.batches.size()).stream().distinct().toList());

      fake.add("s1", "Step1", Map.of("x", "go"));
      assertTrue(ran.await(30, TimeUnit.SECONDS));
    }
    assertEquals(List.of("executed s1"), fake.accepted);
  }

  @Test
  void aServerThatHoldsNoWaitIsPolledWithBackoffNotHammered() throws Exception {
    FakeStateManager fake = new FakeStateManager("ns");
    CountingPort port = new CountingPort(fake) {
      @Override
      public boolean offersAwait() {
        return true;
      }

      @Override
      public boolean awaitStates(List<String> nodeNames, Duration timeout, String waiterId) {
        awaits.incrementAndGet();
        return false; // at once: as the embedded server does when it holds as many waits as it allows
      }
    };
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(port).name("not-held")
        .idleBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).node(new ChainStep("Step1")).build()) {
      long started = System.nanoTime();
      runtime.start();
      Thread.sleep(IDLE.toMillis());
      int awaits = port.awaits.get();
      int enqueues = port.enqueues.get();
      long most = maxPolls(started);
      assertTrue(awaits <= most && enqueues <= most, "await calls " + awaits + ", enqueue calls " + enqueues);
    }
  }
}
