package host.exosphere.samples.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import host.exosphere.client.StateManager;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.worker.ExosphereRuntime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How a user tests a graph: embedded state manager, the graph's nodes in a runtime, one run. */
@ExtendWith(LocalStateManagerExtension.class)
class FanOutWorkflowTest {

  @Test
  void everyBatchIsProcessedAndMergedOnce(LocalStateManager server) {
    StateManager client = server.client(FanOutWorkflowGraph.NAMESPACE);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(client).name("fan-out-test").nodes(FanOutWorkflowGraph.NODES).build()) {
      runtime.start();
      FanOutWorkflowGraph.upsert(client);

      String runId = FanOutWorkflowGraph.newTrigger().inputBatchCount("3").trigger(client);
      RunResult run = Runs.await(client, FanOutWorkflowGraph.NAME, runId, Duration.ofSeconds(30));

      assertEquals("SUCCESS", run.status());
      assertEquals(List.of("INITIAL#1", "INITIAL#2", "INITIAL#3"),
          run.outputs("process", "result").stream().sorted().toList());
      assertEquals(List.of("merged 3 batches of initial"), run.outputs("merge", "summary"));
    }
  }
}
