package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.local.LocalStateManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exosphere runs show RUN_ID}: a run state by state, against the embedded state manager. */
class RunShowCommandTest {
  @TempDir Path dir;

  LocalStateManager server;
  StateManager client;
  Map<String, String> env;

  @BeforeEach
  void graph() throws Exception {
    server = LocalStateManager.start();
    client = server.client("shop");
    client.registerNodes("rt", List.of(new NodeRegistration("Echo", NodeSchemas.pydanticSchema("Inputs", List.of("text")),
        NodeSchemas.pydanticSchema("Outputs", List.of("text")), List.of("token"))));
    env = Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(), "EXOSPHERE_API_KEY", server.apiKey(),
        "EXOSPHERE_NAMESPACE", "shop");
    Path template = dir.resolve("g.json");
    // No retries: an errored state stays ERRORED, so a failed run is FAILED at once and not PENDING a retry.
    Files.writeString(template, "{\"name\": \"g\", \"namespace\": \"shop\", \"secrets\": {\"token\": null},"
        + " \"retry_policy\": {\"max_retries\": 0}, \"nodes\": ["
        + "{\"node_name\": \"Echo\", \"namespace\": \"shop\", \"identifier\": \"a\", \"inputs\": {\"text\": \"hi\"},"
        + " \"next_nodes\": [\"b\"]},"
        + "{\"node_name\": \"Echo\", \"namespace\": \"shop\", \"identifier\": \"b\","
        + " \"inputs\": {\"text\": \"${{ a.outputs.text }}\"}, \"next_nodes\": []}]}");
    CliRun upsert = CliRun.main(env, "upsert", template.toString(), "--secret", "token=sup3r-s3cret", "--poll-interval", "10");
    assertEquals(0, upsert.exit(), upsert.err());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  String trigger() {
    CliRun trigger = CliRun.main(env, "trigger", "g");
    assertEquals(0, trigger.exit(), trigger.err());
    String[] lines = trigger.out().strip().split("\n");
    return lines[lines.length - 1];
  }

  /**
   * Plays the runtime: claims the next state, which the state manager creates in the background after
   * its parent succeeded, and reports it.
   */
  EnqueuedState step(String error) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<EnqueuedState> claimed = client.enqueue(List.of("Echo"), 1);
    while (claimed.isEmpty()) {
      if (System.nanoTime() > deadline) {
        fail("no state to claim");
      }
      Thread.sleep(10);
      claimed = client.enqueue(List.of("Echo"), 1);
    }
    EnqueuedState state = claimed.get(0);
    if (error == null) {
      client.executed(state.stateId(), List.of(Map.of("text", state.inputs().get("text") + "!")));
    } else {
      client.errored(state.stateId(), error);
    }
    return state;
  }

  @Test
  void aFinishedRunAsJsonHasEveryStateWithItsOutputs() throws Exception {
    String runId = trigger();
    EnqueuedState a = step(null);
    EnqueuedState b = step(null);
    CliRun r = CliRun.main(env, "runs", "show", runId, "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode run = GraphJson.mapper().readTree(r.out());
    assertEquals(runId, run.get("run_id").asText());
    assertEquals("g", run.get("graph_name").asText());
    assertEquals("SUCCESS", run.get("status").asText());
    assertEquals(2, run.get("execution_summary").get("SUCCESS").asInt());
    JsonNode first = run.get("states").get(0);
    assertEquals(a.stateId(), first.get("id").asText());
    assertEquals("a", first.get("identifier").asText());
    assertEquals("{\"text\":\"hi\"}", first.get("inputs").toString());
    assertEquals("{\"text\":\"hi!\"}", first.get("outputs").toString());
    assertTrue(first.get("duration_ms").asLong() >= 0, r.out());
    JsonNode second = run.get("states").get(1);
    assertEquals(b.stateId(), second.get("id").asText());
    assertEquals("{\"text\":\"hi!!\"}", second.get("outputs").toString());
    assertEquals("{\"a\":\"" + a.stateId() + "\"}", second.get("parents").toString());
    assertEquals("[{\"source\":\"" + a.stateId() + "\",\"target\":\"" + b.stateId() + "\"}]", run.get("edges").toString());
    assertFalse(r.out().contains("sup3r-s3cret"));
  }

  @Test
  void theTableShowsStatusTimingsOutputsAndErrors() throws Exception {
    String runId = trigger();
    EnqueuedState a = step(null);
    EnqueuedState b = step("connection reset\nwhile shipping");
    CliRun r = CliRun.main(env, "runs", "show", runId);
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals("Run " + runId + " of graph g in namespace shop: FAILED (SUCCESS 1, ERRORED 1)", lines[0]);
    assertTrue(lines[1].matches("STEP +NODE +STATE +STATUS +CREATED +TOOK +OUTPUTS / ERROR"), lines[1]);
    assertTrue(lines[2].matches("a +Echo +" + a.stateId() + " +SUCCESS +\\S+ +\\d+ ms +\\{\"text\":\"hi!\"}"), lines[2]);
    assertTrue(lines[3].matches("b +Echo +" + b.stateId() + " +ERRORED +\\S+ +\\d+ ms +error: connection reset \\|"
        + " while shipping"), lines[3]);
    assertEquals(4, lines.length, r.out());
  }

  @Test
  void mermaidColoursEachStateByStatus() throws Exception {
    String runId = trigger();
    step(null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (client.graphStructure(runId).nodeCount() < 2) {
      if (System.nanoTime() > deadline) {
        fail("the second state was never created");
      }
      Thread.sleep(10);
    }
    CliRun r = CliRun.main(env, "runs", "show", runId, "--mermaid");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("flowchart TD\n"
        + "  s0[\"a: Echo<br/>SUCCESS\"]:::success\n"
        + "  s1[\"b: Echo<br/>CREATED\"]:::created\n"
        + "  s0 --> s1\n"), r.out());
    assertTrue(r.out().contains("  classDef success fill:#dcfce7,stroke:#16a34a\n"), r.out());
    assertTrue(r.out().contains("  classDef errored fill:#fee2e2,stroke:#dc2626\n"), r.out());
  }

  @Test
  void watchFollowsARunUntilItEnds() throws Exception {
    String runId = trigger();
    AtomicReference<CliRun> watched = new AtomicReference<>();
    Thread watcher = new Thread(() -> watched.set(CliRun.main(env, "runs", "show", runId, "--watch", "--interval", "20",
        "--timeout", "60", "--json")));
    watcher.start();
    step(null);
    step(null);
    watcher.join();
    CliRun r = watched.get();
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().matches("(?s).*Run " + runId + ": SUCCESS, 2 of 2 states finished \\(SUCCESS 2\\) after"
        + " \\d+\\.\\d s\n"), r.err());
    assertEquals("SUCCESS", GraphJson.mapper().readTree(r.out()).get("status").asText());

    String failing = trigger();
    step("boom");
    CliRun failed = CliRun.main(env, "runs", "show", failing, "--watch", "--interval", "20",
        "--timeout", "60");
    assertEquals(1, failed.exit(), failed.err());
    assertTrue(failed.err().startsWith("Run " + failing + ": FAILED, 1 of 1 states finished (ERRORED 1)"), failed.err());

    String pending = trigger();
    CliRun timedOut = CliRun.main(env, "runs", "show", pending, "--watch", "--interval", "50", "--timeout", "1");
    assertEquals(1, timedOut.exit(), timedOut.err());
    assertTrue(timedOut.out().contains(": PENDING (CREATED 1)"), timedOut.out());
  }

  @Test
  void anUnknownRunWrongKeyOrNoServerEachExitWithTheirCode() throws Exception {
    CliRun unknown = CliRun.main(env, "runs", "show", "no-such-run", "--json");
    assertEquals(1, unknown.exit());
    JsonNode error = GraphJson.mapper().readTree(unknown.out()).get("error");
    assertEquals("not_found", error.get("kind").asText());
    assertEquals("no run no-such-run in namespace shop (run ids are printed by `exosphere trigger` and listed by"
        + " `exosphere runs`)", error.get("message").asText());

    CliRun wrongKey = CliRun.main(Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
        "EXOSPHERE_API_KEY", "not-the-key-1234"), "runs", "show", "r", "--namespace", "shop");
    assertEquals(2, wrongKey.exit());
    assertEquals("exosphere runs show: GET /v0/namespace/shop/states/run/r/graph failed: 401 Invalid API key\n",
        wrongKey.err());

    CliRun flags = CliRun.main(Map.of(), "runs", "show", "r", "--json", "--mermaid", "--namespace", "shop");
    assertEquals(2, flags.exit());
    assertEquals("exosphere runs show: --json and --mermaid are two formats: pick one\n", flags.err());
  }

  @Test
  void everyCommandDocumentsItsExitCodes() {
    for (String command : List.of("validate", "graph", "upsert", "trigger", "runs", "worker")) {
      CliRun help = CliRun.main(Map.of(), command, "--help");
      assertEquals(0, help.exit(), command);
      assertTrue(help.out().contains("Exit codes: 0 done"), command + ": " + help.out());
    }
    CliRun show = CliRun.main(Map.of(), "runs", "show", "--help");
    assertTrue(show.out().contains("runs show: 0 shown (with --watch: the run succeeded)"), show.out());
  }
}
