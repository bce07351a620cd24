package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.ConformanceCorpus;
import host.exosphere.graph.GoldenFiles;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.RegisteredNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code exosphere validate} end to end through {@link Main#run}, with captured streams. */
class ValidateCommandTest {

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("samples")) ? here : here.getParent();
  }

  static final String NODES = "{\"runtime_name\": \"r\", \"runtime_namespace\": \"ns\", \"nodes\": ["
      + "{\"name\": \"Echo\", \"namespace\": \"ns\", \"inputs_schema\": {\"properties\": {\"text\": {\"title\": \"Text\", "
      + "\"type\": \"string\"}}, \"required\": [\"text\"], \"title\": \"Inputs\", \"type\": \"object\"}, \"outputs_schema\": "
      + "{\"properties\": {\"text\": {\"title\": \"Text\", \"type\": \"string\"}}, \"required\": [\"text\"], \"title\": "
      + "\"Outputs\", \"type\": \"object\"}, \"secrets\": []}]}";

  static String twoNodes(String secondInput) {
    return "{\"name\": \"g\", \"namespace\": \"ns\", \"secrets\": {}, \"nodes\": ["
        + "{\"node_name\": \"Echo\", \"namespace\": \"ns\", \"identifier\": \"a\", \"inputs\": {\"text\": \"x\"}, \"next_nodes\": [\"b\"]},"
        + "{\"node_name\": \"Echo\", \"namespace\": \"ns\", \"identifier\": \"b\", \"inputs\": {\"text\": \"" + secondInput
        + "\"}, \"next_nodes\": []}]}";
  }

  static void assertNoStackTrace(Result r) {
    assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r.err());
    assertFalse(r.err().contains("Exception in thread"), r.err());
  }

  // ---- the README's first command ---------------------------------------------------------------

  @Test
  void readmeSampleIsValid() {
    Path templates = repoRoot().resolve("samples/src/main/resources/templates");
    Result r = run("validate", templates.resolve("create-graph.json").toString(),
        "--nodes", templates.resolve("create-graph-nodes.json").toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("graph MyProject/my-workflow is valid: the state manager would accept it (201) and "
        + "mark it VALID"), r.out());
    assertEquals("", r.err());
  }

  // ---- verdicts ---------------------------------------------------------------------------------

  @Test
  void invalidAtVerificationPrintsTheServersText() throws IOException {
    Path template = file("t.json", twoNodes("${{ a.outputs.nope }}"));
    Result r = run("validate", template.toString(), "--nodes", file("n.json", NODES).toString());
    assertEquals(1, r.exit(), r.err());
    GoldenFiles.assertMatches("cli/validate-invalid-verify.txt", r.out().replace(template.toString(), "TEMPLATE.json"));
    assertTrue(r.out().contains("state manager: Field nope in node Echo in namespace ns does not exist"), r.out());
  }

  @Test
  void jsonOutputHasTheDocumentedShape() throws IOException {
    Result r = run("validate", file("t.json", twoNodes("${{ a.outputs.nope }}")).toString(),
        "--nodes", file("n.json", NODES).toString(), "--json");
    assertEquals(1, r.exit(), r.err());
    GoldenFiles.assertMatches("cli/validate-invalid-verify.json", r.out());
    JsonNode json = GraphJson.mapper().readTree(r.out());
    assertEquals(List.of("valid", "stage", "http_status", "diagnostics"), fieldNames(json));
    assertFalse(json.get("valid").asBoolean());
    assertEquals("verify", json.get("stage").asText());
    assertEquals(201, json.get("http_status").asInt());
    JsonNode d = json.get("diagnostics").get(0);
    assertEquals(List.of("rule", "severity", "message", "server_message", "location"), fieldNames(d));
    assertEquals("error", d.get("severity").asText());
    assertEquals("Field nope in node Echo in namespace ns does not exist", d.get("server_message").asText());
    assertEquals("node 'b', input 'text'", d.get("location").asText());
  }

  @Test
  void requestModelFailureIs422() throws IOException {
    Result r = run("validate", file("t.json", "{\"name\": \"g\", \"namespace\": \"ns\", \"nodes\": []}").toString(), "--json");
    assertEquals(1, r.exit());
    JsonNode json = GraphJson.mapper().readTree(r.out());
    assertEquals("upsert", json.get("stage").asText());
    assertEquals(422, json.get("http_status").asInt());
    assertEquals("body.secrets: Field required", json.get("diagnostics").get(0).get("server_message").asText());
  }

  @Test
  void templateFailureIs400() throws IOException {
    Result r = run("validate", file("t.json", twoNodes("${{ b.outputs.text }}")).toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("the state manager would refuse the upsert with 400"), r.out());
    assertTrue(r.out().contains("depends on b but b is not a parent of b"), r.out());
  }

  @Test
  void withoutNodesOnlyRegistryFreeChecksRun() throws IOException {
    Result r = run("validate", file("t.json", twoNodes("${{ a.outputs.nope }}")).toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("(not checked: no --nodes)"), r.out());
    Result json = run("validate", file("t.json", twoNodes("${{ a.outputs.nope }}")).toString(), "--json");
    assertEquals("{\n  \"valid\" : true,\n  \"stage\" : null,\n  \"http_status\" : 201,\n  \"diagnostics\" : [ ]\n}\n",
        json.out());
  }

  @Test
  void flagsOverrideTheTemplatesNameAndNamespace() throws IOException {
    // Node namespace "ns" is looked up as written; the graph's own namespace only names the graph.
    Result r = run("validate", file("t.json", twoNodes("${{ a.outputs.text }}")).toString(), "--name", " ",
        "--namespace", "other", "--json");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("Name cannot be empty"), r.out());
    Result named = run("validate", file("u.json", "{\"secrets\": {}, \"nodes\": [{\"node_name\": \"Echo\", \"namespace\": "
        + "\"ns\", \"identifier\": \"a\", \"inputs\": {\"text\": \"x\"}}]}").toString(), "--name", "g", "--namespace", "ns",
        "--nodes", file("n.json", NODES).toString());
    assertEquals(0, named.exit(), named.out() + named.err());
    assertTrue(named.out().contains("graph ns/g is valid"), named.out());
  }

  // ---- exit code 2: usage and unreadable input ---------------------------------------------------

  static Stream<Object[]> unusableInputs() {
    return Stream.of(
        new Object[] {"missing.json", null, "exosphere validate: Template DIR/missing.json does not exist"},
        new Object[] {"bad.json", "{\"secrets\": {},\n \"nodes\": [}",
            "exosphere validate: Template DIR/bad.json is not valid JSON: Unexpected close marker '}': expected ']'"
                + " (line 2, column 12)"},
        new Object[] {"empty.json", "", "exosphere validate: Template DIR/empty.json is empty: it must hold a JSON document"},
        new Object[] {"trailing.json", "{} {}",
            "exosphere validate: Template DIR/trailing.json is not valid JSON: Trailing token (of type START_OBJECT) found"
                + " after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
                + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS` (line 1, column 4)"},
        new Object[] {"deep.json", "{\"x\": " + "[".repeat(600) + "]".repeat(600) + "}",
            "exosphere validate: Template DIR/deep.json is too large or too deeply nested to be a graph: Document nesting"
                + " depth (501) exceeds the maximum allowed (500, from `StreamReadConstraints.getMaxNestingDepth()`)"},
        new Object[] {"noname.json", "{\"secrets\": {}, \"nodes\": []}",
            "exosphere validate: no graph name: the template has no \"name\" key and is not a generated"
                + " resource (META-INF/exosphere/graphs/<namespace>/<name>.json); pass --name"},
        new Object[] {"numname.json", "{\"name\": 5, \"namespace\": \"ns\", \"secrets\": {}, \"nodes\": []}",
            "exosphere validate: the template's \"name\" must be a string; pass --name instead"},
        new Object[] {"list.json", "[]", "exosphere validate: no graph name: the template has no \"name\" key and is not a generated"
                + " resource (META-INF/exosphere/graphs/<namespace>/<name>.json); pass --name"});
  }

  @ParameterizedTest
  @MethodSource("unusableInputs")
  void unusableTemplatesExitWith2AndOneClearLine(String name, String content, String expected) throws IOException {
    Path template = content == null ? dir.resolve(name) : file(name, content);
    Result r = run("validate", template.toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals(expected + "\n", r.err().replace(dir.toString(), "DIR"));
    assertEquals("", r.out());
    assertNoStackTrace(r);
  }

  @Test
  void unusableNodesFilesExitWith2() throws IOException {
    Path template = file("t.json", twoNodes("x"));
    Result shape = run("validate", template.toString(), "--nodes", file("n.json", "{\"nodes\": 3}").toString());
    assertEquals(2, shape.exit());
    assertEquals("exosphere validate: Nodes file DIR/n.json: Registered nodes: expected an object with a \"nodes\" list"
        + " (the GET /v0/namespace/{ns}/nodes/ response or a registration body {\"runtime_name\", \"nodes\"}), but"
        + " \"nodes\" is a number\n", shape.err().replace(dir.toString(), "DIR"));
    Result json = run("validate", template.toString(), "--nodes", file("m.json", "{nodes").toString());
    assertEquals(2, json.exit());
    assertTrue(json.err().startsWith("exosphere validate: Nodes file " + dir.resolve("m.json") + " is not valid JSON: "),
        json.err());
    Result folder = run("validate", template.toString(), "--nodes", dir.toString());
    assertEquals(2, folder.exit());
    assertEquals("exosphere validate: Nodes file " + dir + " is a directory, not a JSON file\n", folder.err());
    assertNoStackTrace(shape);
    assertNoStackTrace(json);
  }

  @Test
  void badUsageExitsWith2() {
    Result none = run("validate");
    assertEquals(2, none.exit());
    assertTrue(none.err().startsWith("Missing required parameter: 'PATH'"), none.err());
    Result unknown = run("validate", "t.json", "--frobnicate");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().startsWith("Unknown option: '--frobnicate'"), unknown.err());
    Result bare = run();
    assertEquals(2, bare.exit());
    assertTrue(bare.err().startsWith("Usage: exosphere [-hV] [COMMAND]"), bare.err());
    assertTrue(bare.err().contains("validate"), bare.err());
    Result help = run("validate", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().startsWith("Usage: exosphere validate [-hV] [--json] [--api-key=KEY] [--name=<name>]"),
        help.out());
  }

  @Test
  void wrongTypesInsideTheBodyAreDiagnosticsNotCrashes() throws IOException {
    Result r = run("validate", file("t.json", "{\"name\": \"g\", \"namespace\": \"ns\", \"secrets\": {\"k\": [1]},"
        + " \"nodes\": [7, {\"identifier\": {}}], \"retry_policy\": \"x\", \"triggers\": [{\"type\": \"CRON\","
        + " \"value\": {\"expression\": \"61 * * * *\"}}]}").toString(), "--json");
    assertEquals(1, r.exit(), r.err());
    assertNoStackTrace(r);
    List<String> texts = new ArrayList<>();
    GraphJson.mapper().readTree(r.out()).get("diagnostics").forEach(d -> texts.add(d.get("server_message").asText()));
    assertTrue(texts.contains("body.secrets.k: Input should be a valid string"), texts.toString());
    assertTrue(texts.contains("body.nodes.0: Input should be a valid dictionary or instance of NodeTemplate"), texts.toString());
    assertTrue(texts.contains("body.nodes.1.identifier: Input should be a valid string"), texts.toString());
  }

  // ---- the conformance corpus through the command line --------------------------------------------

  static Path conformanceDir() {
    return ConformanceCorpus.dir();
  }

  static Stream<Path> conformanceCases() throws IOException {
    try (Stream<Path> files = Files.list(conformanceDir())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList()).stream();
    }
  }

  @ParameterizedTest
  @MethodSource("conformanceCases")
  void conformanceCaseThroughTheCli(Path caseFile) throws IOException {
    JsonNode c = GraphJson.mapper().readTree(caseFile.toFile());
    List<RegisteredNode> registered = new ArrayList<>();
    for (JsonNode n : c.get("registered_nodes")) {
      List<String> inputs = strings(n.get("inputs"));
      Map<String, String> defaults = new LinkedHashMap<>();
      if (n.has("optional_inputs")) {
        n.get("optional_inputs").fields().forEachRemaining(e -> {
          inputs.add(e.getKey());
          defaults.put(e.getKey(), e.getValue().asText());
        });
      }
      registered.add(new RegisteredNode(n.get("name").asText(), n.get("namespace").asText(),
          NodeSchemas.pydanticSchema("Inputs", inputs, defaults),
          NodeSchemas.pydanticSchema("Outputs", strings(n.get("outputs"))), strings(n.get("secrets"))));
    }
    ObjectNode registration = GraphJson.registrationBody("conformance", c.get("graph").get("namespace").asText(),
        registered);
    Path template = file("template.json", c.get("graph").toString());
    Path nodes = file("nodes.json", registration.toString());
    Result r = run("validate", template.toString(), "--nodes", nodes.toString(), "--json");
    JsonNode expect = c.get("expect");
    assertEquals(expect.get("valid").asBoolean() ? 0 : 1, r.exit(), r.out() + r.err());
    JsonNode verdict = GraphJson.mapper().readTree(r.out());
    assertEquals(expect.get("valid").asBoolean(), verdict.get("valid").asBoolean());
    assertEquals(expect.get("stage"), verdict.get("stage"), r.out());
    assertEquals(expect.get("http_status").asInt(), verdict.get("http_status").asInt(), r.out());
    StringBuilder all = new StringBuilder();
    verdict.get("diagnostics").forEach(d -> all.append(d.get("server_message").asText()).append('\n'));
    for (JsonNode fragment : expect.get("error_contains")) {
      assertTrue(all.toString().contains(fragment.asText()), fragment + " not in\n" + all);
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(e -> list.add(e.asText()));
    return list;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
