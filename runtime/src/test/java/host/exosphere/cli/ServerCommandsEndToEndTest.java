package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.local.LocalStateManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upsert → trigger → runs} through the commands against the embedded state manager. */
class ServerCommandsEndToEndTest {
  @TempDir Path dir;

  @Test
  void upsertTriggerAndListRuns() throws Exception {
    try (LocalStateManager server = LocalStateManager.start();
        StateManager client = server.client("Cli")) {
      client.registerNodes("rt", List.of(new NodeRegistration("Echo",
          NodeSchemas.pydanticSchema("Inputs", List.of("text")), NodeSchemas.pydanticSchema("Outputs", List.of()),
          List.of("token"))));
      Map<String, String> env = Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
          "EXOSPHERE_API_KEY", server.apiKey(), "EXOSPHERE_NAMESPACE", "Cli");
      Path template = dir.resolve("echo.json");
      Files.writeString(template, "{\"name\":\"echo\",\"namespace\":\"Cli\",\"secrets\":{\"token\":null},"
          + "\"nodes\":[{\"node_name\":\"Echo\",\"namespace\":\"Cli\",\"identifier\":\"e\","
          + "\"inputs\":{\"text\":\"${{ store.msg }}\"},\"next_nodes\":[]}],"
          + "\"store_config\":{\"required_keys\":[\"msg\"]}}");

      CliRun upsert = CliRun.run(new UpsertCommand(), env, template.toString(), "--secret", "token=tok-123456",
          "--poll-interval", "10");
      assertEquals(0, upsert.exit(), upsert.err());
      assertEquals("Graph Cli/echo is VALID\n", upsert.out());
      assertFalse(upsert.err().contains("tok-123456"));

      CliRun missing = CliRun.run(new TriggerCommand(), env, "echo");
      assertEquals(1, missing.exit());
      assertEquals("exosphere trigger: POST /v0/namespace/Cli/graph/echo/trigger failed: 400 Invalid input: 400: Dependent msg not "
          + "found in store for root node e\n", missing.err());

      CliRun trigger = CliRun.run(new TriggerCommand(), env, "echo", "--store", "msg=hello");
      assertEquals(0, trigger.exit(), trigger.err());
      String runId = trigger.out().strip();
      assertTrue(runId.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), runId);
      assertEquals(Map.of("text", "hello"), client.enqueue(List.of("Echo"), 1).get(0).inputs());

      CliRun runs = CliRun.run(new RunsCommand(), env, "--json");
      assertEquals(0, runs.exit(), runs.err());
      JsonNode page = new ObjectMapper().readTree(runs.out());
      assertEquals(1, page.get("total").asInt());
      JsonNode run = page.get("runs").get(0);
      assertEquals(runId, run.get("run_id").asText());
      assertEquals("echo", run.get("graph_name").asText());
      assertEquals("PENDING", run.get("status").asText());
      assertEquals(1, run.get("pending_count").asInt());

      CliRun table = CliRun.run(new RunsCommand(), env);
      assertEquals(0, table.exit(), table.err());
      assertTrue(table.out().contains(runId + "  echo   PENDING"), table.out());
      assertTrue(table.out().endsWith("Page 1 of 1 (1 runs in namespace Cli)\n"), table.out());
    }
  }
}
