package host.exosphere.spring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.StateManager;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.spring.nodes.HoldGraphGraph;
import host.exosphere.spring.nodes.HoldNode;
import host.exosphere.testing.Runs;
import host.exosphere.worker.AbandonedState;
import host.exosphere.worker.ExosphereRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing the application context while states are in flight: the runtime stops claiming, the states it
 * runs are finished and reported before the context is gone, the claimed ones it never started are handed
 * back (reported errored, so the retry policy creates them again), and the next runtime runs the rest.
 * No state is lost and none runs twice.
 */
@ExtendWith(LocalStateManagerExtension.class)
class GracefulShutdownTest {

  @Configuration(proxyBeanMethods = false)
  static class HoldNodes {
    @Bean
    HoldNode holdNode() {
      return new HoldNode();
    }
  }

  private static ApplicationContextRunner app(LocalStateManager server) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ExosphereAutoConfiguration.class))
        .withUserConfiguration(HoldNodes.class)
        .withPropertyValues("exosphere.uri=" + server.uri(), "exosphere.api-key=" + server.apiKey(),
            "exosphere.namespace=" + HoldGraphGraph.NAMESPACE, "exosphere.runtime.workers=2",
            "exosphere.runtime.shutdown-timeout=30s", "exosphere.graphs.upsert=true");
  }

  @Test
  void closingTheContextFinishesWhatWasClaimedAndLeavesTheRestForTheNextRuntime(LocalStateManager server) {
    HoldNode.EXECUTIONS.clear();
    HoldNode.holdMillis = 300;
    StateManager client = server.client(HoldGraphGraph.NAMESPACE);
    List<String> runIds = new ArrayList<>();

    app(server).run(context -> {
      assertEquals(ExosphereWorker.Status.RUNNING, context.getBean(ExosphereWorker.class).status());
      for (int i = 0; i < 8; i++) {
        runIds.add(HoldGraphGraph.trigger(client, "item-" + i));
      }
      ExosphereRuntime runtime = context.getBean(ExosphereWorker.class).runtime().orElseThrow();
      // Two running and at least one claimed but waiting for a worker. An idle runtime waiting on the
      // embedded server claims the first state the moment it appears, so the claims may come one by one
      // rather than four at once. The limit only keeps a broken build from hanging; it is not what the
      // test asserts.
      await("states in flight").pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(30))
          .until(() -> runtime.metrics().inFlight() >= 3);
      context.getSourceApplicationContext().close();

      // Claimed states still waiting for a worker are not started but handed back (reported errored, so
      // the graph's retry policy creates them again for the next runtime); nothing is given up.
      assertTrue(runtime.abandonedStates().stream().allMatch(AbandonedState::handedBack),
          runtime.abandonedStates().toString());
      assertEquals(runtime.metrics().claimed(), runtime.metrics().reported() + runtime.abandonedStates().size(),
          runtime.metrics().toString());
    });
    int finishedByFirst = HoldNode.EXECUTIONS.size();
    // Both workers were busy at close(): what they ran is finished; what waited for them is not started.
    assertTrue(finishedByFirst >= 2 && finishedByFirst < 8,
        "the first runtime finished " + finishedByFirst + " item(s)");

    HoldNode.holdMillis = 0;
    app(server).run(context -> {
      for (String runId : runIds) {
        assertEquals("SUCCESS", Runs.await(client, HoldGraphGraph.NAME, runId, Duration.ofSeconds(30)).status());
      }
    });
    Map<String, Integer> executions = new java.util.TreeMap<>();
    HoldNode.EXECUTIONS.forEach((item, n) -> executions.put(item, n.get()));
    assertEquals(8, executions.size(), executions.toString());
    assertTrue(executions.values().stream().allMatch(n -> n == 1), "each item ran once: " + executions);
  }
}
