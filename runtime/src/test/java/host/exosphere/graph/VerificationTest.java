package host.exosphere.graph;

import static host.exosphere.graph.RequestModelRulesTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer (c), docs/state-manager.md §3.3: verification against registered nodes, in the server's order and texts. */
class VerificationTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  private static final NodeRegistry REGISTRY = NodeRegistry.of(List.of(
      NodeSchemas.registeredNode("Echo", "ns", List.of("text"), List.of("text", "extra"), List.of()),
      NodeSchemas.registeredNode("Secretive", "ns", List.of("text"), List.of("text"), List.of("api_key", "token"))));

  private static GraphTemplate graph(Map<String, String> secrets, NodeTemplate... nodes) {
    return new GraphTemplate("g", "ns", secrets, List.of(nodes), null, null, List.of());
  }

  private static NodeTemplate echo(String id, Map<String, ?> inputs, String... next) {
    return NodeTemplate.of("Echo", "ns", id, inputs, List.of(next));
  }

  private static ValidationReport invalid(GraphTemplate t, NodeRegistry registry) {
    ValidationReport r = GraphValidator.validate(t, registry, CLOCK);
    assertEquals(Stage.VERIFICATION, r.failingStage().orElseThrow(), () -> r.diagnostics().toString());
    assertEquals(201, r.httpStatus());
    assertEquals("verify", r.failingStage().get().wireName());
    return r;
  }

  private static List<String> rules(ValidationReport r) {
    return r.errors().stream().map(Diagnostic::rule).toList();
  }

  @Test
  void missingNodeIsReportedByExistenceAndByInputs() {
    ValidationReport r = invalid(graph(Map.of(), NodeTemplate.of("Ghost", "ns", "a", Map.of(), List.of())), REGISTRY);
    assertEquals(List.of("node-not-registered", "node-not-registered-inputs"), rules(r));
    assertEquals("Node Ghost in namespace ns does not exist.\nNode Ghost in namespace ns does not exist",
        r.serverText());
  }

  @Test
  void nodeNamesAndNamespacesMatchExactly() {
    ValidationReport r = invalid(graph(Map.of(), NodeTemplate.of("echo", " ns ", "a", Map.of("text", "x"),
        List.of())), REGISTRY);
    assertEquals("Node echo in namespace  ns  does not exist.\nNode echo in namespace  ns  does not exist",
        r.serverText());
  }

  @Test
  void missingSecretsOfUsedNodes() {
    ValidationReport r = invalid(graph(Map.of("token", "t"),
        NodeTemplate.of("Secretive", "ns", "a", Map.of("text", "x"), List.of())), REGISTRY);
    assertEquals(List.of("secret-missing"), rules(r));
    assertEquals("Secret api_key is required but not present in the graph template", r.serverText());
    assertEquals("api_key", r.errors().get(0).location().key());
  }

  @Test
  void everySchemaInputMustBeGivenEvenWithADefault() {
    NodeRegistry registry = NodeRegistry.of(List.of(new RegisteredNode("Opt", "ns",
        NodeSchemas.pydanticSchema("Inputs", List.of("text", "mode"), Map.of("mode", "fast")),
        NodeSchemas.pydanticSchema("Outputs", List.of()), List.of())));
    ValidationReport r = invalid(graph(Map.of(), NodeTemplate.of("Opt", "ns", "a", Map.of("text", "x"), List.of())),
        registry);
    assertEquals(List.of("input-missing"), rules(r));
    assertEquals("Input mode in node Opt in namespace ns is not present in the graph template", r.serverText());
  }

  @Test
  void placeholdersMustNameExistingStringOutputs() {
    ObjectNode outputs = NodeSchemas.pydanticSchema("Outputs", List.of("text"));
    ((ObjectNode) outputs.get("properties")).putObject("when").put("type", "string").put("format", "date-time");
    NodeRegistry registry = NodeRegistry.of(List.of(
        NodeSchemas.registeredNode("Echo", "ns", List.of("text"), List.of("text"), List.of()),
        new RegisteredNode("Clock", "ns", NodeSchemas.pydanticSchema("Inputs", List.of()), outputs, List.of())));
    ValidationReport r = invalid(graph(Map.of(),
        NodeTemplate.of("Clock", "ns", "c", Map.of(), List.of("a")),
        echo("a", Map.of("text", "${{ c.outputs.nope }}|${{ c.outputs.when }}|${{ c.outputs.nope }}"))),
        registry);
    assertEquals(List.of("output-field-missing", "output-field-not-string"), rules(r));
    assertEquals("Field nope in node Clock in namespace ns does not exist\n"
        + "Field when in node Clock in namespace ns is not a string", r.serverText());
  }

  @Test
  void inputFieldsMustBeStrings() {
    ObjectNode inputs = JsonNodeFactory.instance.objectNode();
    inputs.putObject("properties").putObject("count").put("type", "integer");
    NodeRegistry registry = NodeRegistry.of(List.of(new RegisteredNode("Count", "ns", inputs,
        NodeSchemas.pydanticSchema("Outputs", List.of()), List.of())));
    ValidationReport r = invalid(graph(Map.of(), NodeTemplate.of("Count", "ns", "a", Map.of("count", "1"), List.of())),
        registry);
    assertEquals("Input count in node Count in namespace ns is not a string", r.serverText());
  }

  @Test
  void placeholderToAnUnregisteredNode() {
    ValidationReport r = invalid(graph(Map.of(), NodeTemplate.of("Ghost", "ns", "g", Map.of(), List.of("a")),
        echo("a", Map.of("text", "${{ g.outputs.text }}"))), REGISTRY);
    assertEquals(List.of("node-not-registered", "node-not-registered-inputs", "placeholder-node-not-registered"),
        rules(r));
    assertEquals("Node Ghost in namespace ns does not exist.\nNode Ghost in namespace ns does not exist\n"
        + "Node Ghost in namespace ns does not exist", r.serverText());
  }

  @Test
  void unusableSchemasEndInOneUnexpectedError() {
    ObjectNode untyped = JsonNodeFactory.instance.objectNode();
    untyped.putObject("properties").putObject("text");
    NodeRegistry registry = NodeRegistry.of(List.of(new RegisteredNode("Bad", "ns", untyped,
        NodeSchemas.pydanticSchema("Outputs", List.of()), List.of("missing_secret"))));
    ValidationReport r = invalid(graph(Map.of(), NodeTemplate.of("Bad", "ns", "a", Map.of("text", "x"), List.of())),
        registry);
    assertEquals(List.of("schema-unusable"), rules(r));
    assertEquals("Validation failed due to unexpected error: Schema must specify a type. Set"
        + " allow_undefined_type=True to infer Any type for schemas without explicit types.", r.serverText());

    NodeRegistry underscore = NodeRegistry.of(List.of(new RegisteredNode("Under", "ns",
        NodeSchemas.pydanticSchema("Inputs", List.of("_text")), NodeSchemas.pydanticSchema("Outputs", List.of()),
        List.of())));
    assertEquals("Validation failed due to unexpected error: Fields must not use names with leading underscores;"
        + " e.g., use 'text' instead of '_text'.", invalid(graph(Map.of(), NodeTemplate.of("Under", "ns", "a",
            Map.of("_text", "x"), List.of())), underscore).serverText());
  }

  @Test
  void cronWithoutAFutureFireTimeEndsInvalid() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(echo("a", Map.of("text", "x"))), null, null,
        List.of(new CronTrigger("0 9 * * *"), new CronTrigger("0 0 1 1 * 0 1999")));
    ValidationReport r = invalid(t, REGISTRY);
    assertEquals(List.of("cron-no-next-fire"), rules(r));
    assertEquals("Validation failed due to unexpected error: failed to find next date", r.serverText());
    assertEquals(1, r.errors().get(0).location().index());
  }

  @Test
  void verificationErrorsComeInTheServersOrder() {
    List<NodeTemplate> nodes = new ArrayList<>();
    nodes.add(NodeTemplate.of("Secretive", "ns", "s", Map.of(), List.of("a")));
    nodes.add(NodeTemplate.of("Ghost", "ns", "a", Map.of(), List.of()));
    ValidationReport r = invalid(new GraphTemplate("g", "ns", Map.of(), nodes, null, null, List.of()), REGISTRY);
    assertEquals(List.of("node-not-registered", "secret-missing", "secret-missing", "input-missing",
        "node-not-registered-inputs"), rules(r));
  }

  @Test
  void validGraphPassesVerification() {
    ValidationReport r = GraphValidator.validate(graph(Map.of("api_key", "k", "token", "t"),
        NodeTemplate.of("Secretive", "ns", "s", Map.of("text", "x"), List.of("a")),
        echo("a", Map.of("text", "${{ s.outputs.text }}"))), REGISTRY, CLOCK);
    assertTrue(r.valid(), () -> r.diagnostics().toString());
    assertEquals(201, r.httpStatus());
  }

  @Test
  void withoutARegistryVerificationIsSkipped() {
    ValidationReport r = GraphValidator.validate(graph(Map.of(), node("a")), null, CLOCK);
    assertTrue(r.valid());
  }
}
