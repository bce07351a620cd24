package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.client.FakeServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exosphere upsert}, {@code trigger} and {@code runs} against a scripted state manager. */
class ServerCommandsTest {
  static final String KEY = "cli-key-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Map<String, String> env(FakeServer server) {
    return Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(), "EXOSPHERE_API_KEY", KEY);
  }

  static String graphBody(String status, String errors) {
    return "{\"nodes\":[],\"secrets\":{},\"retry_policy\":{\"max_retries\":3,\"strategy\":\"EXPONENTIAL\","
        + "\"backoff_factor\":2000,\"exponent\":2,\"max_delay\":null},\"store_config\":{\"required_keys\":[],"
        + "\"default_values\":{}},\"triggers\":[],\"created_at\":\"2025-09-04T10:11:12.345000\","
        + "\"updated_at\":\"2025-09-04T10:11:12.345000\",\"validation_status\":\"" + status
        + "\",\"validation_errors\":" + errors + "}";
  }

  static FakeServer verifying(String finalStatus, String errors) throws Exception {
    return FakeServer.start((r, i) -> r.method().equals("PUT")
        ? FakeServer.Reply.json(201, graphBody("PENDING", "[]"))
        : FakeServer.Reply.json(200, graphBody(finalStatus, errors)));
  }

  Path template(String json) throws Exception {
    Path file = dir.resolve("template.json");
    Files.writeString(file, json);
    return file;
  }

  static final String TEMPLATE = "{\"name\":\"my-workflow\",\"namespace\":\"MyProject\","
      + "\"secrets\":{\"api_key\":null},"
      + "\"nodes\":[{\"node_name\":\"Echo\",\"namespace\":\"MyProject\",\"identifier\":\"a\","
      + "\"inputs\":{\"text\":\"${{ store.cursor }}\"},\"next_nodes\":[],\"unites\":null}],"
      + "\"store_config\":{\"required_keys\":[\"cursor\"],\"default_values\":{}}}";

  @Test
  void upsertSendsTheTemplateWithItsSecretsAndWaitsForValid() throws Exception {
    try (FakeServer server = verifying("VALID", "[]")) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server),
          template(TEMPLATE).toString(), "--poll-interval", "5", "--secret", "api_key=s3cr3t=with=equals");
      assertEquals(0, run.exit(), run.err());
      assertEquals("Graph MyProject/my-workflow is VALID\n", run.out());
      // The elapsed time depends on the machine's load: assert the shape, not the number.
      assertTrue(run.err().matches("(?s)Graph MyProject/my-workflow: PENDING after \\d+\\.\\d s\n.*"), run.err());
      assertTrue(run.err().contains("Graph MyProject/my-workflow: VALID after "), run.err());
      FakeServer.Request put = server.requests().get(0);
      assertEquals("PUT /v0/namespace/MyProject/graph/my-workflow", put.line());
      assertEquals(KEY, put.header("x-api-key"));
      // The Python SDK's bytes: name/namespace are path parameters, not body keys.
      assertEquals("{\"secrets\": {\"api_key\": \"s3cr3t=with=equals\"}, \"nodes\": [{\"node_name\": \"Echo\", "
          + "\"namespace\": \"MyProject\", \"identifier\": \"a\", \"inputs\": {\"text\": \"${{ store.cursor }}\"}, "
          + "\"next_nodes\": [], \"unites\": null}], \"store_config\": {\"required_keys\": [\"cursor\"], "
          + "\"default_values\": {}}}", put.body());
      assertFalse(run.out().contains("s3cr3t") || run.err().contains("s3cr3t"));
      assertFalse(run.out().contains(KEY) || run.err().contains(KEY));
    }
  }

  @Test
  void upsertFlagsOverrideTheTemplatesNameAndNamespace() throws Exception {
    try (FakeServer server = verifying("VALID", "[]")) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server), template(TEMPLATE).toString(),
          "--secret", "api_key=v", "--name", "other", "--namespace", "Other NS", "--uri", server.uri().toString());
      assertEquals(0, run.exit(), run.err());
      assertEquals("PUT /v0/namespace/Other%20NS/graph/other", server.requests().get(0).line());
    }
  }

  @Test
  void upsertOfAnInvalidGraphPrintsTheServersErrorsAndExitsOne() throws Exception {
    try (FakeServer server = verifying("INVALID",
        "[\"Node Echo in namespace MyProject does not exist.\",\"Node Echo in namespace MyProject does not exist\"]")) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server), template(TEMPLATE).toString(), "--poll-interval", "5", "--secret", "api_key=v");
      assertEquals(1, run.exit());
      assertEquals("", run.out());
      // The server's two lines for one unregistered node are one problem, with the validator's fix.
      assertTrue(run.err().endsWith("exosphere upsert: graph MyProject/my-workflow is INVALID: 1 problem\n\n"
          + "error [exosphere:node-not-registered] at node 'a', node_name 'Echo'\n"
          + "  no node 'Echo' is registered in namespace 'MyProject': start the runtime that registers it before"
          + " upserting (names and namespaces match exactly)\n"
          + "  state manager: Node Echo in namespace MyProject does not exist.\n"), run.err());
    }
  }

  @Test
  void anInvalidGraphTheValidatorCannotExplainShowsTheServersLinesOnce() throws Exception {
    try (FakeServer server = FakeServer.start((r, i) -> r.method().equals("PUT")
        ? FakeServer.Reply.json(201, graphBody("PENDING", "[]"))
        : r.path().endsWith("/nodes/") ? FakeServer.Reply.json(404, "{\"detail\":\"Not Found\"}")
        : FakeServer.Reply.json(200, graphBody("INVALID", "[\"Something new.\",\"Something new\"]")))) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server), template(TEMPLATE).toString(), "--poll-interval", "5",
          "--secret", "api_key=v", "--json");
      assertEquals(1, run.exit());
      assertTrue(run.err().endsWith("exosphere upsert: graph MyProject/my-workflow is INVALID\n  Something new.\n"),
          run.err());
      assertEquals("[\"Something new.\",\"Something new\"]", JSON.readTree(run.out()).get("server_errors").toString());
      assertEquals(0, JSON.readTree(run.out()).get("problems").size());
    }
  }

  @Test
  void upsertRefusedWith400PrintsTheDetailAndExitsOne() throws Exception {
    try (FakeServer server = FakeServer.answering(400,
        "{\"detail\":\"Error validating graph template: 1 validation error for GraphTemplate\"}")) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server), template(TEMPLATE).toString(), "--poll-interval", "5", "--secret", "api_key=v");
      assertEquals(1, run.exit());
      assertEquals("exosphere upsert: graph MyProject/my-workflow is refused (400)\n"
          + "  Error validating graph template: 1 validation error for GraphTemplate\n", run.err());
    }
  }

  @Test
  void upsertWithoutASecretValueIsAUsageErrorAndSendsNothing() throws Exception {
    try (FakeServer server = verifying("VALID", "[]")) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server), template(TEMPLATE).toString());
      assertEquals(2, run.exit());
      assertEquals("exosphere upsert: No value for secret api_key: pass --secret NAME=VALUE for each\n", run.err());
      CliRun bad = CliRun.run(new UpsertCommand(), env(server), template(TEMPLATE).toString(), "--poll-interval", "5", "--secret", "hunter2");
      assertEquals(2, bad.exit());
      assertEquals("exosphere upsert: --secret must be NAME=VALUE (the argument is not shown, in case it is a value)\n", bad.err());
      assertEquals(List.of(), server.requests());
    }
  }

  @Test
  void upsertOfABodyTheRequestModelRefusesIsReportedLocally() throws Exception {
    String body = "{\"name\":\"g\",\"namespace\":\"ns\",\"secrets\":{},\"nodes\":[{\"node_name\":\"Echo\","
        + "\"namespace\":\"ns\",\"identifier\":\"a\"}]}";
    try (FakeServer server = verifying("VALID", "[]")) {
      CliRun run = CliRun.run(new UpsertCommand(), env(server), template(body).toString());
      assertEquals(1, run.exit());
      assertTrue(run.err().contains("is not a valid upsert body (the state manager would answer 422):\n"
          + "  body.nodes.0.inputs: Field required\n"), run.err());
      assertEquals(List.of(), server.requests());
    }
  }

  @Test
  void upsertOfAnUnreadableTemplateIsAUsageError() throws Exception {
    CliRun missing = CliRun.run(new UpsertCommand(), Map.of(), dir.resolve("nope.json").toString());
    assertEquals(2, missing.exit());
    assertEquals("exosphere upsert: Template " + dir.resolve("nope.json") + " does not exist\n", missing.err());
    CliRun notJson = CliRun.run(new UpsertCommand(), Map.of(), template("{\"secrets\": {\"k\": \"v\"").toString());
    assertEquals(2, notJson.exit());
    assertTrue(notJson.err().startsWith("exosphere upsert: Template " + dir.resolve("template.json") + " is not valid JSON: "),
        notJson.err());
    CliRun noName = CliRun.run(new UpsertCommand(), Map.of(), template("{\"secrets\":{},\"nodes\":[]}").toString());
    assertEquals(2, noName.exit());
    assertEquals("exosphere upsert: no graph name: the template has no \"name\" key and is not a generated resource"
        + " (META-INF/exosphere/graphs/<namespace>/<name>.json); pass --name\n", noName.err());
  }

  @Test
  void upsertWithoutServerConfigurationNamesTheVariables() throws Exception {
    CliRun run = CliRun.run(new UpsertCommand(), Map.of(), template(TEMPLATE).toString(), "--poll-interval", "5", "--secret", "api_key=v");
    assertEquals(2, run.exit());
    assertEquals("exosphere upsert: No state manager given: pass --uri URL or set EXOSPHERE_STATE_MANAGER_URI\n", run.err());
    CliRun noKey = CliRun.run(new UpsertCommand(), Map.of("EXOSPHERE_STATE_MANAGER_URI", "http://127.0.0.1:9"),
        template(TEMPLATE).toString(), "--poll-interval", "5", "--secret", "api_key=v");
    assertEquals(2, noKey.exit());
    assertEquals("exosphere upsert: No API key given: set EXOSPHERE_API_KEY or pass --api-key\n", noKey.err());
  }

  @Test
  void aWrongKeyExitsTwoWithoutEchoingIt() throws Exception {
    try (FakeServer server = FakeServer.answering(401, "{\"detail\":\"Invalid API key\"}")) {
      CliRun run = CliRun.run(new TriggerCommand(), Map.of(), "g", "--namespace", "ns",
          "--uri", server.uri().toString(), "--api-key", "wrong-key-123");
      assertEquals(2, run.exit());
      assertEquals("exosphere trigger: POST /v0/namespace/ns/graph/g/trigger failed: 401 Invalid API key\n", run.err());
      assertEquals("wrong-key-123", server.only().header("x-api-key"));
    }
  }

  @Test
  void triggerPrintsTheRunId() throws Exception {
    try (FakeServer server = FakeServer.answering(200,
        "{\"status\":\"CREATED\",\"run_id\":\"0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11\"}")) {
      CliRun run = CliRun.run(new TriggerCommand(), env(server), "my-workflow", "--namespace", "MyProject",
          "--store", "cursor=0", "--store", "q=a=b", "--input", "source=initial", "--start-delay", "1500");
      assertEquals(0, run.exit(), run.err());
      assertEquals("0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11\n", run.out());
      assertEquals("", run.err());
      FakeServer.Request request = server.only();
      assertEquals("POST /v0/namespace/MyProject/graph/my-workflow/trigger", request.line());
      assertEquals(JSON.readTree("{\"start_delay\":1500,\"inputs\":{\"source\":\"initial\"},"
          + "\"store\":{\"cursor\":\"0\",\"q\":\"a=b\"}}"), JSON.readTree(request.body()));
    }
  }

  @Test
  void triggerRefusedExitsOneWithTheDetail() throws Exception {
    try (FakeServer server = FakeServer.answering(400, "{\"detail\":\"Graph template is not valid\"}")) {
      Map<String, String> env = new java.util.HashMap<>(env(server));
      env.put("EXOSPHERE_NAMESPACE", "ns");
      CliRun run = CliRun.run(new TriggerCommand(), env, "g");
      assertEquals(1, run.exit());
      assertEquals("exosphere trigger: POST /v0/namespace/ns/graph/g/trigger failed: 400 Graph template is not valid\n", run.err());
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void triggerWithoutNamespaceIsAUsageError() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{}")) {
      CliRun run = CliRun.run(new TriggerCommand(), env(server), "g");
      assertEquals(2, run.exit());
      assertEquals("exosphere trigger: No namespace given: pass --namespace NS or set EXOSPHERE_NAMESPACE\n", run.err());
      assertEquals(List.of(), server.requests());
    }
  }

  @Test
  void triggerAgainstAServerThatIsDownExitsTwo() throws Exception {
    String uri;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      uri = "http://127.0.0.1:" + socket.getLocalPort();
    }
    CliRun run = CliRun.run(new TriggerCommand(), Map.of("EXOSPHERE_STATE_MANAGER_URI", uri, "EXOSPHERE_API_KEY", KEY),
        "g", "--namespace", "ns");
    assertEquals(2, run.exit());
    assertEquals("exosphere trigger: POST /v0/namespace/ns/graph/g/trigger failed: could not connect to " + uri + " (connection refused)\n",
        run.err());
  }

  static final String RUNS = "{\"namespace\":\"ns\",\"total\":3,\"page\":1,\"size\":2,\"runs\":["
      + "{\"run_id\":\"0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11\",\"graph_name\":\"my-workflow\",\"success_count\":12,"
      + "\"pending_count\":0,\"errored_count\":0,\"retried_count\":1,\"total_count\":13,\"status\":\"SUCCESS\","
      + "\"created_at\":\"2025-09-04T10:11:12.345000\"},"
      + "{\"run_id\":\"9f1e2d3c-0000-4000-8000-000000000001\",\"graph_name\":\"g\",\"success_count\":0,"
      + "\"pending_count\":1,\"errored_count\":0,\"retried_count\":0,\"total_count\":1,\"status\":\"PENDING\","
      + "\"created_at\":\"2025-09-04T10:11:10.000000\"}]}";

  @Test
  void runsPrintsATable() throws Exception {
    try (FakeServer server = FakeServer.answering(200, RUNS)) {
      CliRun run = CliRun.run(new RunsCommand(), env(server), "--namespace", "ns", "--size", "2");
      assertEquals(0, run.exit(), run.err());
      assertEquals("GET /v0/namespace/ns/runs/1/2", server.only().line());
      assertEquals(String.join("\n",
          "RUN ID                                GRAPH        STATUS   SUCCESS  PENDING  ERRORED  RETRIED  TOTAL  CREATED",
          "0b0c3e1a-4c1f-4a53-9a0e-7b7e8f3f2a11  my-workflow  SUCCESS       12        0        0        1     13  2025-09-04T10:11:12.345000",
          "9f1e2d3c-0000-4000-8000-000000000001  g            PENDING        0        1        0        0      1  2025-09-04T10:11:10.000000",
          "Page 1 of 2 (3 runs in namespace ns)",
          ""), run.out());
    }
  }

  @Test
  void runsAsJsonKeepsTheServersShape() throws Exception {
    try (FakeServer server = FakeServer.answering(200, RUNS)) {
      CliRun run = CliRun.run(new RunsCommand(), env(server), "--namespace", "ns", "--page", "1", "--size", "2", "--json");
      assertEquals(0, run.exit(), run.err());
      assertEquals(JSON.readTree(RUNS), JSON.readTree(run.out()));
    }
  }

  @Test
  void runsOfAnEmptyNamespace() throws Exception {
    try (FakeServer server = FakeServer.answering(200, "{\"namespace\":\"ns\",\"total\":0,\"page\":1,\"size\":20,\"runs\":[]}")) {
      CliRun run = CliRun.run(new RunsCommand(), env(server), "--namespace", "ns");
      assertEquals(0, run.exit(), run.err());
      assertEquals("No runs in namespace ns.\n", run.out());
      assertEquals("GET /v0/namespace/ns/runs/1/20", server.only().line());
    }
  }

  @Test
  void runsRefusesPageZeroLocally() {
    CliRun run = CliRun.run(new RunsCommand(), Map.of(), "--namespace", "ns", "--page", "0");
    assertEquals(2, run.exit());
    assertEquals("exosphere runs: --page starts at 1\n", run.err());
  }

  @Test
  void theCommandsAreReachableFromMainWithFlags() throws Exception {
    try (FakeServer server = FakeServer.answering(200, RUNS)) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      int exit = Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
          "runs", "--uri", server.uri().toString(), "--api-key", KEY, "--namespace", "ns", "--size", "2", "--json");
      assertEquals(0, exit, err.toString());
      assertEquals(JSON.readTree(RUNS), JSON.readTree(out.toString()));
      assertEquals(KEY, server.only().header("x-api-key"));
    }
  }
}
