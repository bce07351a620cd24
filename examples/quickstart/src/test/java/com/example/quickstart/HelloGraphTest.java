package com.example.quickstart;

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

@ExtendWith(LocalStateManagerExtension.class)
class HelloGraphTest {
  @Test
  void greetsTheNameGivenAtTrigger(LocalStateManager server) {
    StateManager client = server.client(HelloGraphGraph.NAMESPACE);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(client).name("quickstart-test")
        .nodes(HelloGraphGraph.NODES).build()) {
      runtime.start();
      HelloGraphGraph.upsert(client);

      String runId = HelloGraphGraph.newTrigger().inputName("Exosphere").trigger(client);
      RunResult run = Runs.await(client, HelloGraphGraph.NAME, runId, Duration.ofSeconds(30));

      assertEquals("SUCCESS", run.status());
      assertEquals(List.of("Hello, Exosphere!"), run.outputs("greet", "greeting"));
    }
  }
}
