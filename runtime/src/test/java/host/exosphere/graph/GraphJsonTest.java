package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.UnitesStrategy;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphJsonTest {

  static JsonNode json(String text) {
    try {
      return GraphJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** The server texts of {@code read}, in order. */
  static List<String> serverTexts(String body) {
    return GraphJson.read(json(body), "g", "ns").diagnostics().stream()
        .map(Diagnostic::serverMessage).collect(Collectors.toList());
  }

  static final String NODE = "{\"node_name\": \"Echo\", \"namespace\": \"ns\", \"identifier\": \"a\", \"inputs\": {}}";

  static String withNode(String extra) {
    return "{\"secrets\": {}, \"nodes\": [" + NODE + "]" + extra + "}";
  }

  // ---- toPutBody: golden files -------------------------------------------------------------------

  static GraphTemplate fullTemplate() {
    Map<String, Object> loaderInputs = new LinkedHashMap<>();
    loaderInputs.put("source", "initial ${{ store.cursor }}");
    loaderInputs.put("note", "caf\u00e9 \u2013 \"quoted\" \\ back\nslash \ud83d\ude00 \u007f/");
    NodeTemplate loader = NodeTemplate.of("DataLoaderNode", "MyProject", "loader", loaderInputs,
        List.of("processor", "merge"));
    NodeTemplate processor = NodeTemplate.of("DataProcessorNode", "MyProject", "processor",
        Map.of("data", "${{ loader.outputs.data }}"), List.of());
    NodeTemplate merge = new NodeTemplate("MergeNode", "MyProject", "merge", Map.of(), List.of(),
        new Unites("loader", UnitesStrategy.ALL_DONE));
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("api_key", "s3cr\u00e9t");
    secrets.put("token", null);
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("cursor", "0");
    defaults.put("page_size", "100");
    return new GraphTemplate("my-workflow", "MyProject", secrets, List.of(loader, processor, merge),
        new RetryPolicy(3, RetryStrategy.EXPONENTIAL_FULL_JITTER, 2000, 2, 60000L),
        new StoreConfig(List.of("cursor", "batch_id"), defaults),
        List.of(new CronTrigger("0 9 * * 1-5"), new CronTrigger("0 */6 * * *")));
  }

  @Test
  void putBodyOfAFullTemplateMatchesGoldenFile() {
    GoldenFiles.assertMatches("put-body-full.json", GraphJson.toPutBody(fullTemplate()));
  }

  @Test
  void putBodyLeavesOutAbsentOptionalSections() {
    GraphTemplate minimal = new GraphTemplate("g", "ns", Map.of(),
        List.of(NodeTemplate.of("Echo", "ns", "a", Map.of("text", "x"), List.of())), null, null, List.of());
    String body = GraphJson.toPutBody(minimal);
    GoldenFiles.assertMatches("put-body-minimal.json", body);
    assertEquals("{\"secrets\": {}, \"nodes\": [{\"node_name\": \"Echo\", \"namespace\": \"ns\", \"identifier\": \"a\", "
        + "\"inputs\": {\"text\": \"x\"}, \"next_nodes\": [], \"unites\": null}]}", body);
  }

  @Test
  void retryPolicyAlwaysWritesAllFiveKeys() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(), RetryPolicy.DEFAULT, StoreConfig.EMPTY,
        List.of());
    assertEquals("{\"secrets\": {}, \"nodes\": [], \"retry_policy\": {\"max_retries\": 3, \"strategy\": \"EXPONENTIAL\", "
        + "\"backoff_factor\": 2000, \"exponent\": 2, \"max_delay\": null}, \"store_config\": {\"required_keys\": [], "
        + "\"default_values\": {}}}", GraphJson.toPutBody(t));
  }

  @Test
  void nonStringInputValuesAreWrittenAsPythonWouldDumpThem() {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("i", 5L);
    inputs.put("big", new BigInteger("123456789012345678901234567890"));
    inputs.put("f", 1.0);
    inputs.put("e", 1e20);
    inputs.put("small", 1.5e-7);
    inputs.put("b", true);
    inputs.put("n", null);
    inputs.put("l", List.of("x", 2L));
    inputs.put("m", Map.of("k", "v"));
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(),
        List.of(NodeTemplate.of("Echo", "ns", "a", inputs, List.of())), null, null, List.of());
    assertTrue(GraphJson.toPutBody(t).contains("\"inputs\": {\"i\": 5, \"big\": 123456789012345678901234567890, "
        + "\"f\": 1.0, \"e\": 1e+20, \"small\": 1.5e-07, \"b\": true, \"n\": null, \"l\": [\"x\", 2], \"m\": {\"k\": \"v\"}}"),
        GraphJson.toPutBody(t));
  }

  @Test
  void toJsonHasTheSameContentAsThePutBody() throws IOException {
    GraphTemplate t = fullTemplate();
    ObjectNode tree = GraphJson.toJson(t);
    assertEquals(GraphJson.mapper().readTree(GraphJson.toPutBody(t)), tree);
    assertTrue(tree.get("secrets").get("token").isNull());
  }

  @Test
  void readThenWriteRoundTripsTheBody() {
    GraphTemplate t = fullTemplate();
    String body = GraphJson.toPutBody(t);
    GraphJson.ReadResult back = GraphJson.read(json(body), "my-workflow", "MyProject");
    // the null secret value is a request-model error on read, as the server would say
    assertEquals(List.of("body.secrets.token: Input should be a valid string"),
        back.diagnostics().stream().map(Diagnostic::serverMessage).collect(Collectors.toList()));
    assertEquals(t, back.template());
    assertEquals(body, GraphJson.toPutBody(back.template()));
  }

  @Test
  void fromJsonIsStrictAndNeverPrintsSecretValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GraphJson.fromJson(json("{\"secrets\": {\"api_key\": 987654}, \"nodes\": []}"), "g", "ns"));
    assertTrue(e.getMessage().contains("body.secrets.api_key: Input should be a valid string"), e.getMessage());
    assertFalse(e.getMessage().contains("987654"), e.getMessage());
    GraphTemplate ok = GraphJson.fromJson(json(withNode("")), "g", "ns");
    assertEquals("a", ok.nodes().get(0).identifier());
  }

  // ---- read(): what comes through ---------------------------------------------------------------

  @Test
  void readKeepsValuesAsWritten() {
    GraphJson.ReadResult r = GraphJson.read(json("{\"secrets\": {\" k \": \"v\"}, \"unknown\": 1, \"nodes\": ["
        + "{\"node_name\": \" Echo \", \"namespace\": \" ns \", \"identifier\": \" a \", \"extra\": true,"
        + " \"inputs\": {\"n\": 12, \"f\": 1.5, \"b\": false, \"z\": null, \"l\": [1], \"o\": {\"x\": \"y\"}, \"s\": \" t \"},"
        + " \"next_nodes\": [\" b \"], \"unites\": {\"identifier\": \" c \"}}]}"), "g", "ns");
    assertEquals(List.of(), r.diagnostics());
    NodeTemplate n = r.template().nodes().get(0);
    assertEquals(" Echo ", n.nodeName());
    assertEquals(" ns ", n.namespace());
    assertEquals(" a ", n.identifier());
    assertEquals(List.of(" b "), n.nextNodes());
    assertEquals(new Unites(" c ", UnitesStrategy.ALL_SUCCESS), n.unites());
    assertEquals(12L, n.inputs().get("n"));
    assertEquals(1.5, n.inputs().get("f"));
    assertEquals(false, n.inputs().get("b"));
    assertTrue(n.inputs().containsKey("z"));
    assertNull(n.inputs().get("z"));
    assertEquals(List.of(1L), n.inputs().get("l"));
    assertEquals(Map.of("x", "y"), n.inputs().get("o"));
    assertEquals(" t ", n.inputs().get("s"));
    assertEquals(Map.of(" k ", "v"), r.template().secrets());
    assertNull(r.template().retryPolicy());
    assertNull(r.template().storeConfig());
    assertEquals(List.of(), r.template().triggers());
  }

  @Test
  void nullNextNodesAndAbsentNextNodesBecomeEmptyLists() {
    GraphJson.ReadResult r = GraphJson.read(json("{\"secrets\": {}, \"nodes\": [" + NODE + ", "
        + "{\"node_name\": \"E\", \"namespace\": \"ns\", \"identifier\": \"b\", \"inputs\": {}, \"next_nodes\": null, \"unites\": null}]}"),
        "g", "ns");
    assertEquals(List.of(), r.diagnostics());
    assertEquals(List.of(), r.template().nodes().get(0).nextNodes());
    assertEquals(List.of(), r.template().nodes().get(1).nextNodes());
    assertNull(r.template().nodes().get(1).unites());
  }

  @Test
  void retryPolicyIntegersAreReadInPydanticLaxMode() {
    GraphJson.ReadResult r = GraphJson.read(json(withNode(",\"retry_policy\": {\"max_retries\": \"5\", "
        + "\"backoff_factor\": 1000.0, \"exponent\": true, \"max_delay\": \" 7000 \", \"strategy\": \"LINEAR\"}")), "g", "ns");
    assertEquals(List.of(), r.diagnostics());
    assertEquals(new RetryPolicy(5, RetryStrategy.LINEAR, 1000, 1, 7000L), r.template().retryPolicy());
    GraphJson.ReadResult partial = GraphJson.read(json(withNode(",\"retry_policy\": {\"max_delay\": null}")), "g", "ns");
    assertEquals(RetryPolicy.DEFAULT, partial.template().retryPolicy());
    // a whole float within long is an int (1e30 is not: wholeFloatsOutsideLongAreTooLargeForPydantic)
    GraphJson.ReadResult huge = GraphJson.read(json(withNode(",\"retry_policy\": {\"backoff_factor\": 1e18, "
        + "\"exponent\": 99999999999999999999999999}")), "g", "ns");
    assertEquals(List.of(), huge.diagnostics());
    assertEquals(1_000_000_000_000_000_000L, huge.template().retryPolicy().backoffFactor());
    assertEquals(Long.MAX_VALUE, huge.template().retryPolicy().exponent());
  }

  // ---- read(): pydantic's texts -----------------------------------------------------------------

  static Stream<Object[]> requestModelCases() {
    return Stream.of(
        new Object[] {"{\"nodes\": []}", List.of("body.secrets: Field required")},
        new Object[] {"{\"secrets\": {}}", List.of("body.nodes: Field required")},
        new Object[] {"{\"secrets\": [], \"nodes\": {}}",
            List.of("body.secrets: Input should be a valid dictionary", "body.nodes: Input should be a valid list")},
        new Object[] {"{\"secrets\": {\"api_key\": 123, \"b\": null}, \"nodes\": []}",
            List.of("body.secrets.api_key: Input should be a valid string", "body.secrets.b: Input should be a valid string")},
        new Object[] {"{\"secrets\": {}, \"nodes\": [{\"node_name\": \"E\", \"namespace\": \"ns\", \"identifier\": \"a\"}]}",
            List.of("body.nodes.0.inputs: Field required")},
        new Object[] {"{\"secrets\": {}, \"nodes\": [{}]}",
            List.of("body.nodes.0.node_name: Field required", "body.nodes.0.namespace: Field required",
                "body.nodes.0.identifier: Field required", "body.nodes.0.inputs: Field required")},
        new Object[] {"{\"secrets\": {}, \"nodes\": [{\"node_name\": 1, \"namespace\": null, \"identifier\": [], \"inputs\": []}]}",
            List.of("body.nodes.0.node_name: Input should be a valid string",
                "body.nodes.0.namespace: Input should be a valid string",
                "body.nodes.0.identifier: Input should be a valid string",
                "body.nodes.0.inputs: Input should be a valid dictionary")},
        new Object[] {"{\"secrets\": {}, \"nodes\": [5]}",
            List.of("body.nodes.0: Input should be a valid dictionary or instance of NodeTemplate")},
        new Object[] {"{\"secrets\": {}, \"nodes\": [{\"node_name\": \"E\", \"namespace\": \"ns\", \"identifier\": \"a\","
            + " \"inputs\": {}, \"next_nodes\": [\"b\", 3], \"unites\": {\"strategy\": \"ANY_SUCCESS\"}}]}",
            List.of("body.nodes.0.next_nodes.1: Input should be a valid string",
                "body.nodes.0.unites.identifier: Field required",
                "body.nodes.0.unites.strategy: Input should be 'ALL_SUCCESS' or 'ALL_DONE'")},
        new Object[] {"{\"secrets\": {}, \"nodes\": [{\"node_name\": \"E\", \"namespace\": \"ns\", \"identifier\": \"a\","
            + " \"inputs\": {}, \"next_nodes\": \"b\", \"unites\": \"a\"}]}",
            List.of("body.nodes.0.next_nodes: Input should be a valid list",
                "body.nodes.0.unites: Input should be a valid dictionary or instance of Unites")},
        new Object[] {withNode(", \"retry_policy\": null"),
            List.of("body.retry_policy: Input should be a valid dictionary or instance of RetryPolicyModel")},
        new Object[] {withNode(", \"store_config\": null"),
            List.of("body.store_config: Input should be a valid dictionary or instance of StoreConfig")},
        new Object[] {withNode(", \"triggers\": null"), List.of("body.triggers: Input should be a valid list")},
        new Object[] {withNode(", \"retry_policy\": {\"backoff_factor\": 1.5, \"max_retries\": \"five\", "
            + "\"exponent\": [], \"max_delay\": 2.5, \"strategy\": \"exponential\"}"),
            List.of("body.retry_policy.max_retries: Input should be a valid integer, unable to parse string as an integer",
                "body.retry_policy.strategy: Input should be 'EXPONENTIAL', 'EXPONENTIAL_FULL_JITTER', "
                    + "'EXPONENTIAL_EQUAL_JITTER', 'LINEAR', 'LINEAR_FULL_JITTER', 'LINEAR_EQUAL_JITTER', 'FIXED', "
                    + "'FIXED_FULL_JITTER' or 'FIXED_EQUAL_JITTER'",
                "body.retry_policy.backoff_factor: Input should be a valid integer, got a number with a fractional part",
                "body.retry_policy.exponent: Input should be a valid integer",
                "body.retry_policy.max_delay: Input should be a valid integer, got a number with a fractional part")},
        new Object[] {withNode(", \"retry_policy\": {\"backoff_factor\": NaN}"),
            List.of("body.retry_policy.backoff_factor: Input should be a finite number")},
        new Object[] {withNode(", \"store_config\": {\"required_keys\": [\"a\", 1], \"default_values\": {\"k\": 5}}"),
            List.of("body.store_config.required_keys.1: Input should be a valid string",
                "body.store_config.default_values.k: Input should be a valid string")},
        new Object[] {withNode(", \"store_config\": {\"required_keys\": \"a\", \"default_values\": []}"),
            List.of("body.store_config.required_keys: Input should be a valid list",
                "body.store_config.default_values: Input should be a valid dictionary")},
        new Object[] {withNode(", \"triggers\": [{\"type\": \"CRON\", \"value\": {}}]"),
            List.of("body.triggers.0.expression: Field required")},
        new Object[] {withNode(", \"triggers\": [{\"type\": \"CRON\", \"value\": {\"expression\": 5}}]"),
            List.of("body.triggers.0.expression: Input should be a valid string")},
        new Object[] {withNode(", \"triggers\": [{\"type\": \"cron\", \"value\": {\"expression\": \"* * * * *\"}}, 7, {}]"),
            List.of("body.triggers.0.type: Input should be 'CRON'",
                "body.triggers.1: Input should be a valid dictionary or instance of Trigger",
                "body.triggers.2.type: Field required", "body.triggers.2.value: Field required")},
        new Object[] {"[1, 2]", List.of("body: Input should be a valid dictionary or instance of UpsertGraphTemplateRequest")});
  }

  @ParameterizedTest
  @MethodSource("requestModelCases")
  void readReportsPydanticTexts(String body, List<String> expected) {
    assertEquals(expected, serverTexts(body));
    for (Diagnostic d : GraphJson.read(json(body), "g", "ns").diagnostics()) {
      assertEquals(Stage.REQUEST_MODEL, d.stage());
      assertEquals(422, d.httpStatus());
      assertEquals(Severity.ERROR, d.severity());
      assertFalse(d.message().isBlank());
    }
  }

  /**
   * Bodies checked by pydantic itself with models mirroring the server's request model: the texts and
   * their order must be exactly pydantic's.
   */
  @Test
  void agreesWithPydanticOnTheRequestModelTable() throws IOException {
    JsonNode table;
    try (java.io.InputStream in = getClass().getResourceAsStream("/pydantic/request-model-types.json")) {
      table = GraphJson.mapper().readTree(in);
    }
    List<String> mismatches = new ArrayList<>();
    for (JsonNode c : table.get("cases")) {
      List<String> expected = new ArrayList<>();
      c.get("errors").forEach(e -> expected.add(e.asText()));
      List<String> actual = serverTexts(c.get("body").asText());
      if (!expected.equals(actual)) {
        mismatches.add(c.get("body").asText() + "\n  pydantic: " + expected + "\n  here:     " + actual);
      }
    }
    assertEquals(List.of(), mismatches);
    assertTrue(table.get("cases").size() > 30);
  }

  @Test
  void laxIntegerStringsFollowPythonsIntSyntax() {
    GraphJson.ReadResult r = GraphJson.read(json(withNode(",\"retry_policy\": {\"max_retries\": \"1_000\", "
        + "\"backoff_factor\": \"+7.00\", \"exponent\": \" 3 \"}")), "g", "ns");
    assertEquals(List.of(), r.diagnostics());
    assertEquals(new RetryPolicy(1000, RetryStrategy.EXPONENTIAL, 7, 3, null), r.template().retryPolicy());
    assertEquals(List.of("body.retry_policy.max_retries: Input should be a valid integer, unable to parse string as an integer",
        "body.retry_policy.backoff_factor: Input should be a valid integer, unable to parse string as an integer"),
        serverTexts(withNode(",\"retry_policy\": {\"max_retries\": \"1__0\", \"backoff_factor\": \"5.\"}")));
  }

  // Expectations below were produced by pydantic 2.13.4 validating the same values with a model that mirrors
  // RetryPolicyModel (docs/state-manager.md §3.1); found by ConformanceVariantsTest's out-of-range retry values.

  @Test
  void wholeFloatsOutsideLongAreTooLargeForPydantic() {
    assertEquals(List.of(
        "body.retry_policy.max_retries: Unable to parse input string as an integer, exceeded maximum size",
        "body.retry_policy.backoff_factor: Unable to parse input string as an integer, exceeded maximum size",
        "body.retry_policy.max_delay: Unable to parse input string as an integer, exceeded maximum size"),
        serverTexts(withNode(",\"retry_policy\": {\"max_retries\": 1e19, \"backoff_factor\": 9.223372036854776e18, "
            + "\"exponent\": 9.2e18, \"max_delay\": -9.223372036854776e18}")));
    // a JSON integer is a Python int, which has no size limit
    assertEquals(List.of(), serverTexts(withNode(",\"retry_policy\": {\"backoff_factor\": 10000000000000000000}")));
  }

  @Test
  void integerStringsAreTrimmedLikeRustTrimsThem() {
    // pydantic-core trims Unicode White_Space: no-break spaces and NEL too, but not the separators U+001C..1F
    assertEquals(List.of(), serverTexts(withNode(",\"retry_policy\": {\"max_retries\": \"\\u00a05\\u00a0\", "
        + "\"backoff_factor\": \"\\u20077\\u202f\", \"exponent\": \"\\u00853\"}")));
    assertEquals(List.of("body.retry_policy.max_retries: Input should be a valid integer, unable to parse string as an integer"),
        serverTexts(withNode(",\"retry_policy\": {\"max_retries\": \"\\u001c5\"}")));
  }

  @Test
  void retryErrorsFollowTheModelsFieldOrder() {
    String enumError = "body.retry_policy.strategy: Input should be 'EXPONENTIAL', 'EXPONENTIAL_FULL_JITTER', "
        + "'EXPONENTIAL_EQUAL_JITTER', 'LINEAR', 'LINEAR_FULL_JITTER', 'LINEAR_EQUAL_JITTER', 'FIXED', "
        + "'FIXED_FULL_JITTER' or 'FIXED_EQUAL_JITTER'";
    ValidationReport report = GraphValidator.validateJson(json(withNode(",\"retry_policy\": {\"max_retries\": -1, "
        + "\"strategy\": \"X\", \"backoff_factor\": 0, \"exponent\": 0, \"max_delay\": 0}")), "g", "ns", null);
    assertEquals(String.join("\n", "body.retry_policy.max_retries: Input should be greater than or equal to 0",
        enumError, "body.retry_policy.backoff_factor: Input should be greater than 0",
        "body.retry_policy.exponent: Input should be greater than 0",
        "body.retry_policy.max_delay: Input should be greater than 0"), report.serverText());
  }

  @Test
  void floatsPrintWithPythonsShortestDigitsOnEveryJdk() {
    // Python 3.11's repr; JDK 17's Double.toString gives 1.5699999999999999E22, 6.2156398041376369E18 and
    // 4.9E-324 for the first three ("Input 1.57e+22 is not a string", docs/state-manager.md §3.2 step 9).
    assertEquals("1.57e+22", GraphJson.pythonRepr(1.57e22));
    assertEquals("6.215639804137637e+18", GraphJson.pythonRepr(6.215639804137637e18));
    assertEquals("5e-324", GraphJson.pythonRepr(Double.MIN_VALUE));
    assertEquals("0.30000000000000004", GraphJson.pythonRepr(0.1 + 0.2));
    assertEquals("1e+16", GraphJson.pythonRepr(1e16));
    assertEquals("9999999999999998.0", GraphJson.pythonRepr(9999999999999998.0));
    assertEquals("1e-05", GraphJson.pythonRepr(0.00001));
    assertEquals("0.0001", GraphJson.pythonRepr(0.0001));
    assertEquals("1.7976931348623157e+308", GraphJson.pythonRepr(Double.MAX_VALUE));
  }

  @Test
  void templateIsNullOnlyWhenTheBodyCannotBecomeOne() {
    assertNull(GraphJson.read(json("{\"secrets\": {}, \"nodes\": 3}"), "g", "ns").template());
    assertNull(GraphJson.read(json("\"text\""), "g", "ns").template());
    GraphJson.ReadResult r = GraphJson.read(json("{\"nodes\": [{}, " + NODE + "], \"triggers\": [{}]}"), "g", "ns");
    assertNotNull(r.template());
    // stand-ins keep indices stable and are neutral for the validator's own rules
    assertEquals("nodes[0]", r.template().nodes().get(0).identifier());
    assertEquals("a", r.template().nodes().get(1).identifier());
    assertEquals("* * * * *", r.template().triggers().get(0).expression());
  }

  @Test
  void secretValuesNeverAppearInMessages() {
    GraphJson.ReadResult r = GraphJson.read(json("{\"secrets\": {\"k\": 31415926}, \"nodes\": []}"), "g", "ns");
    for (Diagnostic d : r.diagnostics()) {
      assertFalse(d.message().contains("31415926"));
      assertFalse(d.serverMessage().contains("31415926"));
    }
    assertEquals(Location.Kind.SECRET, r.diagnostics().get(0).location().kind());
    assertEquals("k", r.diagnostics().get(0).location().key());
  }

  // ---- conformance cases whose 422 comes from the JSON types --------------------------------------

  static Path conformanceDir() {
    return ConformanceCorpus.dir();
  }

  static Stream<String> typeLevelCases() {
    return Stream.of("secrets-non-string-value", "secrets-omitted", "retry-backoff-fractional", "retry-policy-null",
        "node-inputs-missing", "trigger-expression-missing", "unites-strategy-invalid");
  }

  @ParameterizedTest
  @MethodSource("typeLevelCases")
  void conformanceCaseTextsAreReproduced(String id) throws IOException {
    JsonNode c = GraphJson.mapper().readTree(conformanceDir().resolve(id + ".json").toFile());
    JsonNode graph = c.get("graph");
    List<String> texts = GraphJson.read(graph, graph.get("name").asText(), graph.get("namespace").asText())
        .diagnostics().stream().map(Diagnostic::serverMessage).collect(Collectors.toList());
    assertEquals(422, c.get("expect").get("http_status").asInt());
    for (JsonNode fragment : c.get("expect").get("error_contains")) {
      assertTrue(texts.stream().anyMatch(t -> t.contains(fragment.asText())), id + ": " + fragment + " not in " + texts);
    }
  }

  @Test
  void everyConformanceGraphReadsWithoutThrowing() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(conformanceDir())) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertFalse(files.isEmpty(), "no conformance cases found in " + conformanceDir());
    List<String> unexpected = new ArrayList<>();
    for (Path file : files) {
      JsonNode c = GraphJson.mapper().readTree(file.toFile());
      GraphJson.ReadResult r = GraphJson.read(c.get("graph"), "g", "ns");
      assertNotNull(r.template(), file.toString());
      // A case the server accepts must read without type problems.
      if (c.get("expect").get("http_status").asInt() != 422 && !r.diagnostics().isEmpty()) {
        unexpected.add(file.getFileName() + ": " + r.diagnostics());
      }
    }
    assertEquals(List.of(), unexpected);
  }

  // ---- registration payloads -------------------------------------------------------------------

  @Test
  void registrationBodyMatchesGoldenFile() throws IOException {
    RegisteredNode loader = NodeSchemas.registeredNode("DataLoaderNode", "MyProject", List.of("source"),
        List.of("data"), List.of("api_key"));
    RegisteredNode empty = NodeSchemas.registeredNode("Sink", "MyProject", List.of("data", "user_id"),
        List.of(), List.of());
    ObjectNode body = GraphJson.registrationBody("my-runtime", "MyProject", List.of(loader, empty));
    GoldenFiles.assertMatches("registration-body.json",
        GraphJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    assertEquals(List.of(loader, empty), GraphJson.readRegisteredNodes(body, null));
  }

  @Test
  void registeredNodesAreReadFromTheListResponse() {
    JsonNode response = json("{\"namespace\": \"ns\", \"count\": 2, \"nodes\": ["
        + "{\"_id\": \"665f1c2e9b1e8a3d4c5b6a70\", \"name\": \"Echo\", \"namespace\": \"other\", \"runtime_name\": \"r\","
        + " \"runtime_namespace\": \"other\", \"inputs_schema\": {\"properties\": {}, \"title\": \"Inputs\", \"type\": \"object\"},"
        + " \"outputs_schema\": {\"type\": \"object\"}, \"secrets\": [\"k\"], \"created_at\": \"2025-09-04T10:11:12.345000\"},"
        + "{\"name\": \"Join\", \"inputs_schema\": {}, \"outputs_schema\": {}, \"secrets\": []}]}");
    List<RegisteredNode> nodes = GraphJson.readRegisteredNodes(response, "fallback");
    assertEquals(2, nodes.size());
    assertEquals("other", nodes.get(0).namespace());
    assertEquals(List.of("k"), nodes.get(0).secrets());
    assertEquals("ns", nodes.get(1).namespace());
    assertEquals("Join", nodes.get(1).name());
    // a registration body without node namespaces takes runtime_namespace, then the default
    assertEquals("rt", GraphJson.readRegisteredNodes(json("{\"runtime_name\": \"r\", \"runtime_namespace\": \"rt\", "
        + "\"nodes\": [{\"name\": \"A\", \"inputs_schema\": {}, \"outputs_schema\": {}, \"secrets\": []}]}"), "d")
        .get(0).namespace());
    assertEquals("d", GraphJson.readRegisteredNodes(json("{\"runtime_name\": \"r\", "
        + "\"nodes\": [{\"name\": \"A\", \"inputs_schema\": {}, \"outputs_schema\": {}, \"secrets\": []}]}"), "d")
        .get(0).namespace());
  }

  @Test
  void badRegisteredNodeShapesGiveClearMessages() {
    assertEquals("Registered nodes: expected an object with a \"nodes\" list (the GET /v0/namespace/{ns}/nodes/ "
        + "response or a registration body {\"runtime_name\", \"nodes\"}), but it has no \"nodes\" key",
        assertThrows(IllegalArgumentException.class, () -> GraphJson.readRegisteredNodes(json("{}"), "d")).getMessage());
    assertEquals("Registered nodes: nodes[0] ('A') needs \"inputs_schema\": a JSON Schema object, not a list",
        assertThrows(IllegalArgumentException.class, () -> GraphJson.readRegisteredNodes(
            json("{\"nodes\": [{\"name\": \"A\", \"inputs_schema\": [], \"outputs_schema\": {}, \"secrets\": []}]}"), "d"))
            .getMessage());
    assertEquals("Registered nodes: nodes[0] ('A') has no \"namespace\" and none was given for the file (add "
        + "\"namespace\" to the node or \"runtime_namespace\" to the body)",
        assertThrows(IllegalArgumentException.class, () -> GraphJson.readRegisteredNodes(
            json("{\"nodes\": [{\"name\": \"A\", \"inputs_schema\": {}, \"outputs_schema\": {}, \"secrets\": []}]}"), null))
            .getMessage());
    assertEquals("Registered nodes: nodes[1] needs a string \"name\"",
        assertThrows(IllegalArgumentException.class, () -> GraphJson.readRegisteredNodes(
            json("[{\"name\": \"A\", \"inputs_schema\": {}, \"outputs_schema\": {}, \"secrets\": []}, {}]"), "d"))
            .getMessage());
  }

  // ---- Python reprs ----------------------------------------------------------------------------

  @Test
  void pythonStrMatchesWhatTheServerInterpolates() {
    assertEquals("123", GraphJson.pythonStr(123L));
    assertEquals("None", GraphJson.pythonStr(null));
    assertEquals("True", GraphJson.pythonStr(true));
    assertEquals("1.5", GraphJson.pythonStr(1.5));
    assertEquals("1.0", GraphJson.pythonStr(1.0));
    assertEquals("1e+16", GraphJson.pythonStr(1e16));
    assertEquals("1234567890123456.0", GraphJson.pythonStr(1234567890123456.0));
    assertEquals("0.0001", GraphJson.pythonStr(0.0001));
    assertEquals("1e-05", GraphJson.pythonStr(0.00001));
    assertEquals("{'a': 1}", GraphJson.pythonStr(GraphJson.toJava(json("{\"a\": 1}"))));
    assertEquals("['x', None, {\"it's\": 'a\\'b\"c'}]",
        GraphJson.pythonStr(GraphJson.toJava(json("[\"x\", null, {\"it's\": \"a'b\\\"c\"}]"))));
    assertEquals("text", GraphJson.pythonStr("text"));
    assertEquals("'text'", GraphJson.pythonRepr("text"));
  }

  @Test
  void mapperRefusesAbsurdNesting() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThrows(JsonProcessingException.class, () -> GraphJson.mapper().readTree(deep));
  }
}
