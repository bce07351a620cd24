package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import host.exosphere.local.LocalStateManager;
import host.exosphere.worker.nodes.EchoNodeAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exosphere worker --classpath PATH} runs the nodes it finds there until stopped; the nodes are the
 * test sources' stand-ins for generated adapters ({@link EchoNodeAdapter}).
 */
class WorkerCommandTest {
  @TempDir Path dir;

  /** The compiled test node classes, copied: Echo (executable) and Remote (a @Node interface). */
  Path classes(String into, String... names) throws Exception {
    Path compiled = Path.of(EchoNodeAdapter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path target = Files.createDirectories(dir.resolve(into + "/host/exosphere/worker/nodes"));
    for (String name : names) {
      Files.copy(compiled.resolve("host/exosphere/worker/nodes/" + name + ".class"), target.resolve(name + ".class"));
    }
    return dir.resolve(into);
  }

  static void awaitRegistered(StateManager client, String node) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (client.listNodes().stream().noneMatch(n -> n.name().equals(node))) {
      if (System.nanoTime() > deadline) {
        fail("the worker never registered " + node);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void runsTheNodesOfAClassesDirectoryUntilStopped() throws Exception {
    Path classes = classes("app", "EchoNode", "EchoNodeAdapter", "EchoNode$Remote", "EchoNode_RemoteAdapter");
    try (LocalStateManager server = LocalStateManager.start(); StateManager client = server.client("w")) {
      Map<String, String> env = Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
          "EXOSPHERE_API_KEY", server.apiKey(), "EXOSPHERE_NAMESPACE", "w");
      AtomicReference<CliRun> result = new AtomicReference<>();
      Thread worker = new Thread(() -> result.set(CliRun.main(env, "worker", "--classpath", classes.toString(),
          "--workers", "2", "--batch-size", "4", "--progress-interval", "1", "--json")));
      worker.start();
      awaitRegistered(client, "EchoNode");

      Path template = Files.writeString(dir.resolve("echo.json"), "{\"name\": \"echo\", \"namespace\": \"w\", \"secrets\": {},"
          + " \"nodes\": [{\"node_name\": \"EchoNode\", \"namespace\": \"w\", \"identifier\": \"e\","
          + " \"inputs\": {\"text\": \"hello\"}, \"next_nodes\": []}]}");
      assertEquals(0, CliRun.main(env, "upsert", template.toString(), "--poll-interval", "10").exit());
      String runId = CliRun.main(env, "trigger", "echo").out().strip();
      CliRun shown = CliRun.main(env, "runs", "show", runId, "--watch", "--interval", "20",
          "--timeout", "120", "--json");
      assertEquals(0, shown.exit(), shown.err());
      JsonNode state = GraphJson.mapper().readTree(shown.out()).get("states").get(0);
      assertEquals("SUCCESS", state.get("status").asText());
      assertEquals("{\"echo\":\"hello\"}", state.get("outputs").toString());

      worker.interrupt();
      worker.join();
      CliRun run = result.get();
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.err().startsWith("Skipped: RemoteNode (a @Node interface: another runtime runs it)\n"
          + "Worker 'exosphere-worker' running 1 node in namespace w against " + server.uri() + ": EchoNode"
          + " (2 workers, batch size 4). Ctrl+C stops it.\n"), run.err());
      assertTrue(run.err().endsWith("Worker 'exosphere-worker': 1 claimed, 1 executed, 0 failed, 0 pruned,"
          + " 0 re-enqueued, 0 in flight; stopped cleanly\n"), run.err());
      JsonNode summary = GraphJson.mapper().readTree(run.out());
      assertEquals("[\"EchoNode\"]", summary.get("nodes").toString());
      assertEquals(1, summary.get("metrics").get("executed").asInt());
      assertEquals(0, summary.get("abandoned").size());
    }
  }

  @Test
  void nothingToRunOrNoServerIsExitTwo() throws Exception {
    Map<String, String> env = Map.of("EXOSPHERE_STATE_MANAGER_URI", "http://127.0.0.1:9", "EXOSPHERE_API_KEY", "k",
        "EXOSPHERE_NAMESPACE", "w");
    CliRun missing = CliRun.main(env, "worker", "--classpath", dir.resolve("nope.jar").toString());
    assertEquals(2, missing.exit());
    assertEquals("exosphere worker: Class path entry " + dir.resolve("nope.jar") + " does not exist\n", missing.err());

    Path remoteOnly = classes("remote", "EchoNode$Remote", "EchoNode_RemoteAdapter");
    CliRun none = CliRun.main(env, "worker", "--classpath", remoteOnly.toString(), "--json");
    assertEquals(2, none.exit());
    assertTrue(none.err().endsWith("exosphere worker: no @Node classes to run in " + remoteOnly + " for namespace w:"
        + " compile them with the Exosphere annotation processor, which generates the <Node>Adapter classes this"
        + " command looks for\n"), none.err());
    assertEquals("usage", GraphJson.mapper().readTree(none.out()).get("error").get("kind").asText());

    CliRun unknown = CliRun.main(env, "worker", "--classpath", remoteOnly.toString(), "--node", "Nope");
    assertEquals(2, unknown.exit());
    assertEquals("exosphere worker: --node Nope: no such @Node class in " + remoteOnly + "\n", unknown.err());

    CliRun noNamespace = CliRun.main(Map.of(), "worker", "--classpath", remoteOnly.toString());
    assertEquals(2, noNamespace.exit());
    assertEquals("exosphere worker: No namespace given: pass --namespace NS or set EXOSPHERE_NAMESPACE\n",
        noNamespace.err());
  }

  @Test
  void twoNodesWithOneNameOrAWrongKeyAreRefusedBeforeRunning() throws Exception {
    Path clash = classes("clash", "EchoNode", "EchoNodeAdapter", "EchoNode$Inner", "EchoNode_InnerAdapter");
    try (LocalStateManager server = LocalStateManager.start()) {
      Map<String, String> env = Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
          "EXOSPHERE_API_KEY", server.apiKey(), "EXOSPHERE_NAMESPACE", "w");
      CliRun twice = CliRun.main(env, "worker", "--classpath", clash.toString());
      assertEquals(2, twice.exit());
      assertTrue(twice.err().contains("share the name 'EchoNode'"), twice.err());

      Path echo = classes("echo", "EchoNode", "EchoNodeAdapter");
      CliRun wrongKey = CliRun.main(Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
          "EXOSPHERE_API_KEY", "wrong-key-5678", "EXOSPHERE_NAMESPACE", "w"),
          "worker", "--classpath", echo.toString(), "--json");
      assertEquals(2, wrongKey.exit());
      assertTrue(wrongKey.err().startsWith("exosphere worker: could not register the nodes: "), wrongKey.err());
      assertTrue(wrongKey.err().contains("401"), wrongKey.err());
      assertFalse(wrongKey.err().contains("wrong-key-5678") || wrongKey.out().contains("wrong-key-5678"));
      assertEquals("usage", GraphJson.mapper().readTree(wrongKey.out()).get("error").get("kind").asText());
    }
  }
}
