package host.exosphere.worker;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The runtime's own cost per state, with a state manager that costs nothing (a queue): what the
 * benchmark's HTTP numbers are measured against. Public only for the benchmark in another package.
 */
public final class InMemoryThroughput {
  private InMemoryThroughput() {}

  private static final class QueuePort implements StateManagerPort {
    final ConcurrentLinkedQueue<EnqueuedState> queue = new ConcurrentLinkedQueue<>();

    @Override
    public String namespace() {
      return "bench";
    }

    @Override
    public void registerNodes(String runtimeName, List<NodeRegistration> nodes) {}

    @Override
    public List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize) {
      List<EnqueuedState> out = new ArrayList<>();
      EnqueuedState next;
      while (out.size() < batchSize && (next = queue.poll()) != null) {
        out.add(next);
      }
      return out;
    }

    @Override
    public Map<String, String> secrets(String stateId) {
      return Map.of();
    }

    @Override
    public void executed(String stateId, List<Map<String, String>> outputs) {}

    @Override
    public boolean errored(String stateId, String error) {
      return false;
    }

    @Override
    public void prune(String stateId, Map<String, Object> data) {}

    @Override
    public long reEnqueueAfter(String stateId, Duration delay) {
      return 0;
    }
  }

  /** Runs {@code states} trivial states through a runtime over an in-memory queue; returns states/s. */
  public static double statesPerSecond(int states, int workers, int batchSize) throws InterruptedException {
    QueuePort port = new QueuePort();
    for (int i = 0; i < states; i++) {
      port.queue.add(new EnqueuedState("s" + i, "Leaf", "leaf", Map.of("i", Integer.toString(i)), ""));
    }
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(port).name("in-memory").workers(workers).batchSize(batchSize)
        .node(TestNode.of("Leaf", (in, secrets, ctx) -> List.of())).build()) {
      long start = System.nanoTime();
      runtime.start();
      while (runtime.metrics().reported() < states) {
        Thread.sleep(1);
      }
      return states / ((System.nanoTime() - start) / 1e9);
    }
  }
}
