package host.exosphere.worker;

import static host.exosphere.worker.EndToEnd.graph;
import static host.exosphere.worker.EndToEnd.node;
import static host.exosphere.worker.EndToEnd.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.worker.micrometer.MicrometerRuntimeMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Micrometer meters after a real run on the embedded state manager: a node that fails once and is
 * retried by the graph's policy, one that re-queues itself once, one that prunes.
 */
@ExtendWith(LocalStateManagerExtension.class)
class RuntimeMetricsEndToEndTest {

  @Test
  void metersCountEveryOutcomeByNode(LocalStateManager server) {
    String ns = "metered";
    StateManager client = server.client(ns);
    AtomicInteger fetches = new AtomicInteger();
    TestNode flaky = EndToEnd.node("Fetch", List.of(), List.of("body"), (in, s, c) -> {
      if (fetches.incrementAndGet() == 1) {
        throw new IllegalStateException("upstream unavailable");
      }
      return one("body", "payload");
    });
    AtomicInteger waits = new AtomicInteger();
    TestNode waiter = EndToEnd.node("Wait", List.of("body"), List.of("body"), (in, s, c) -> {
      if (waits.incrementAndGet() == 1) {
        throw new RequeueAfterSignal(Duration.ofMillis(5));
      }
      return one("body", in.get("body"));
    });
    TestNode pruner = EndToEnd.node("Gate", List.of("body"), List.of(), (in, s, c) -> {
      throw new PruneSignal(Map.of("reason", "nothing new"));
    });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExosphereRuntime runtime = EndToEnd.runtime(client, flaky, waiter, pruner)
        .listener(new MicrometerRuntimeMetrics(registry, Tags.of("app", "test"))).build();
    RunResult run;
    try (runtime) {
      runtime.start();
      client.upsertGraph(graph("metered", ns, "{\"secrets\":{},\"nodes\":["
          + node("fetch", "Fetch", "{}", "[\"wait\"]") + ","
          + node("wait", "Wait", "{\"body\":\"${{ fetch.outputs.body }}\"}", "[\"gate\"]") + ","
          + node("gate", "Gate", "{\"body\":\"${{ wait.outputs.body }}\"}", "[]")
          + "],\"retry_policy\":{\"max_retries\":1,\"strategy\":\"FIXED\",\"backoff_factor\":1,\"exponent\":2}}"));
      run = Runs.await(server, ns, "metered", client.trigger("metered", TriggerRequest.EMPTY), Duration.ofSeconds(30));
      // The last report's answer may still be on its way when the run is over.
      Await.until("settled", () -> registry.get(MicrometerRuntimeMetrics.IN_FLIGHT).tag("app", "test").gauge()
          .value() == 0);
      assertEquals(0, registry.get(MicrometerRuntimeMetrics.REPORT_BACKLOG).tag("runtime", "e2e").gauge().value());
    }

    assertEquals(Map.of("RETRY_CREATED", 1L, "SUCCESS", 1L), run.statusCounts("fetch"), run.toString());
    assertEquals(Map.of("PRUNED", 1L), run.statusCounts("gate"), run.toString());
    // Fetch: claimed twice (the first attempt and the retry the state manager made of it).
    assertEquals(2, count(registry, MicrometerRuntimeMetrics.CLAIMED, "Fetch"));
    assertEquals(1, count(registry, MicrometerRuntimeMetrics.ERRORED, "Fetch"));
    assertEquals(1, count(registry, MicrometerRuntimeMetrics.EXECUTED, "Fetch"));
    // Wait: the same state claimed again after its re-enqueue-after.
    assertEquals(2, count(registry, MicrometerRuntimeMetrics.CLAIMED, "Wait"));
    assertEquals(1, count(registry, MicrometerRuntimeMetrics.REQUEUED, "Wait"));
    assertEquals(1, count(registry, MicrometerRuntimeMetrics.EXECUTED, "Wait"));
    assertEquals(1, count(registry, MicrometerRuntimeMetrics.CLAIMED, "Gate"));
    assertEquals(1, count(registry, MicrometerRuntimeMetrics.PRUNED, "Gate"));
    assertEquals(0, count(registry, MicrometerRuntimeMetrics.ERRORED, "Gate"));
    assertEquals(1, timerCount(registry, "Fetch", "errored"));
    assertEquals(1, timerCount(registry, "Fetch", "executed"));
    assertEquals(1, timerCount(registry, "Wait", "requeued"));
    assertEquals(1, timerCount(registry, "Gate", "pruned"));
    assertEquals(0, registry.get(MicrometerRuntimeMetrics.POLL_FAILURES).tag("runtime", "e2e").counter().count());
    // The gauges read the runtime, so they go with it.
    assertNull(registry.find(MicrometerRuntimeMetrics.IN_FLIGHT).gauge());
    assertNull(registry.find(MicrometerRuntimeMetrics.REPORT_BACKLOG).gauge());
  }

  private static double count(SimpleMeterRegistry registry, String name, String node) {
    return registry.get(name).tags("runtime", "e2e", "app", "test", "node", node).counter().count();
  }

  private static long timerCount(SimpleMeterRegistry registry, String node, String outcome) {
    return registry.get(MicrometerRuntimeMetrics.EXECUTION).tags("node", node, "outcome", outcome).timer().count();
  }
}
