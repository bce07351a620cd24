package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline: raw bodies, stage order, and what the report says the server would answer. */
class GraphValidatorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  @Test
  void jsonTypeProblemsAndValueRulesAreReportedTogether() throws Exception {
    JsonNode body = json("{'secrets': {}, 'nodes': ["
        + "{'node_name': 'Echo', 'namespace': 'ns', 'identifier': 'a', 'next_nodes': ['b']},"
        + "{'node_name': 'Echo', 'namespace': 'ns', 'identifier': ' ', 'inputs': {}}]}");
    ValidationReport r = GraphValidator.validateJson(body, "g", "ns", null);
    assertEquals(422, r.httpStatus());
    assertNull(r.normalized());
    assertEquals("body.nodes.0.inputs: Field required\n"
        + "body.nodes.1.identifier: Value error, Node identifier cannot be empty", r.serverText());
  }

  @Test
  void mergedProblemsFollowTheBodyOrder() throws Exception {
    // The value rule (node 0) comes before the type problem (node 1), as FastAPI lists them.
    JsonNode body = json("{'secrets': {}, 'nodes': ["
        + "{'node_name': 'Echo', 'namespace': 'ns', 'identifier': ' ', 'inputs': {}},"
        + "{'node_name': 'Echo', 'namespace': 'ns', 'identifier': 'b', 'inputs': {}, 'next_nodes': 'x'}],"
        + "'retry_policy': {'max_retries': -1, 'strategy': 'NOPE'}}");
    ValidationReport r = GraphValidator.validateJson(body, "g", "ns", null);
    assertEquals(List.of("body.nodes.0.identifier", "body.nodes.1.next_nodes", "body.retry_policy.max_retries",
        "body.retry_policy.strategy"), r.errors().stream().map(d -> d.serverMessage().split(": ")[0]).toList());
  }

  @Test
  void bodyThatIsNotAnObjectIsA422() throws Exception {
    ValidationReport r = GraphValidator.validateJson(json("[1, 2]"), "g", "ns", null);
    assertEquals(422, r.httpStatus());
    assertTrue(r.serverText().startsWith("body: "), r.serverText());
  }

  @Test
  void laterStagesDoNotRunWhenAnEarlierOneFails() throws Exception {
    // A template error (unknown next node) and a verification error (unregistered node): only the 400.
    JsonNode body = json("{'secrets': {}, 'nodes': ["
        + "{'node_name': 'Ghost', 'namespace': 'ns', 'identifier': 'a', 'inputs': {}, 'next_nodes': ['x']}]}");
    ValidationReport r = GraphValidator.validateJson(body, "g", "ns", NodeRegistry.of(List.of()));
    assertEquals(400, r.httpStatus());
    assertEquals(List.of("next-node-unknown"), r.errors().stream().map(Diagnostic::rule).toList());
    assertTrue(r.warnings().isEmpty());
  }

  @Test
  void pathParametersAreRequired() {
    assertThrows(NullPointerException.class,
        () -> GraphValidator.validateJson(MAPPER.createObjectNode(), null, "ns", null));
  }

  @Test
  void verificationResolvesPlaceholdersThroughTheGraph() {
    // Unreachable after the template validators on the insert path (§3.3), kept for parity with the
    // server's own check: a placeholder naming no node of the graph.
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(NodeTemplate.of("Echo", "ns", "a",
        Map.of("text", "${{ ghost.outputs.text }}"), List.of())), null, null, List.of());
    NodeRegistry registry = NodeRegistry.of(List.of(
        NodeSchemas.registeredNode("Echo", "ns", List.of("text"), List.of("text"), List.of())));
    Map<String, Integer> ids = Map.of("a", 0);
    List<Diagnostic> errors = Verification.check(t, new GraphIndex(t.nodes(), ids), registry,
        LocalDateTime.of(2026, 1, 1, 0, 0), new Templates());
    assertEquals(List.of("placeholder-unknown-node"), errors.stream().map(Diagnostic::rule).toList());
    assertEquals("Node ghost does not exist in the graph template", errors.get(0).serverMessage());
  }

  @Test
  void diagnosticsPrintTheirRuleAndLocation() {
    ValidationReport r = GraphValidator.validate(new GraphTemplate("g", "ns", Map.of(),
        List.of(NodeTemplate.of("Echo", "ns", "a", Map.of(), List.of("b ", "b"))), null, null, List.of()), null);
    assertEquals("[exosphere:next-node-duplicate] node 'a', next_nodes[1] 'b': 'b' appears more than once in"
        + " next_nodes (after trimming): list it once", r.errors().get(0).toString());
  }
}
