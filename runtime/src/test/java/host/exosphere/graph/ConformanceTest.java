package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of the shared conformance corpus ({@code conformance/validation/*.json},
 * confirmed against the real state manager) through {@link GraphValidator#validateJson} and compares
 * verdict, stage, HTTP status and every expected substring of the server's text.
 */
class ConformanceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Path casesDir() {
    return ConformanceCorpus.dir();
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(casesDir())) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
      assertFalse(list.isEmpty(), "no conformance cases");
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheServer(Path file) throws IOException {
    JsonNode c = MAPPER.readTree(file.toFile());
    JsonNode graph = c.get("graph");
    ObjectNode body = graph.deepCopy();
    body.remove("name");
    body.remove("namespace");
    ValidationReport report = GraphValidator.validateJson(
        body, graph.get("name").asText(), graph.get("namespace").asText(), registry(c.get("registered_nodes")));

    JsonNode expect = c.get("expect");
    String text = report.serverText();
    String context = c.get("id").asText() + ": " + report.diagnostics() + "\nserver text:\n" + text;
    assertEquals(expect.get("valid").asBoolean(), report.valid(), context);
    String stage = report.failingStage().map(Stage::wireName).orElse(null);
    assertEquals(expect.get("stage").isNull() ? null : expect.get("stage").asText(), stage, context);
    assertEquals(expect.get("http_status").asInt(), report.httpStatus(), context);
    for (JsonNode fragment : expect.get("error_contains")) {
      assertTrue(text.contains(fragment.asText()), "missing '" + fragment.asText() + "' in " + context);
    }
  }

  /** Registers the case's nodes the way the Python SDK does (README "registered_nodes"). */
  static NodeRegistry registry(JsonNode nodes) {
    List<RegisteredNode> registered = new ArrayList<>();
    for (JsonNode n : nodes) {
      List<String> inputs = strings(n.get("inputs"));
      Map<String, String> defaults = new LinkedHashMap<>();
      JsonNode optional = n.get("optional_inputs");
      if (optional != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = optional.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          inputs.add(e.getKey());
          defaults.put(e.getKey(), e.getValue().asText());
        }
      }
      registered.add(new RegisteredNode(n.get("name").asText(), n.get("namespace").asText(),
          NodeSchemas.pydanticSchema("Inputs", inputs, defaults),
          NodeSchemas.pydanticSchema("Outputs", strings(n.get("outputs"))),
          strings(n.get("secrets"))));
    }
    return NodeRegistry.of(registered);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }
}
