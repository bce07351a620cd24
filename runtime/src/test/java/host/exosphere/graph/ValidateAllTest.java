package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link GraphValidator#validateAll}: every independent problem at once, one error per mistake. */
class ValidateAllTest {
  private static final NodeRegistry REGISTRY = NodeRegistry.of(List.of(
      NodeSchemas.registeredNode("Loader", "ns", List.of("source"), List.of("data"), List.of()),
      NodeSchemas.registeredNode("Processor", "ns", List.of("data"), List.of("result"), List.of())));

  private static GraphTemplate graph(String loaderSource, String processorData) {
    return new GraphTemplate("g", "ns", Map.of(), List.of(
        NodeTemplate.of("Loader", "ns", "loader", Map.of("source", loaderSource), List.of("processor")),
        NodeTemplate.of("Processor", "ns", "processor", Map.of("data", processorData), List.of())),
        null, null, List.of());
  }

  @Test
  void verificationStillSpeaksWhenTheTemplateValidatorsFail() {
    GraphTemplate template = graph("${{ store.bucket }}", "${{ loader.outputs.dta }}");

    ValidationReport server = GraphValidator.validate(template, REGISTRY);
    ValidationReport all = GraphValidator.validateAll(template, REGISTRY);

    assertEquals(List.of("store-key-unconfigured"), server.errors().stream().map(Diagnostic::rule).toList());
    assertEquals(List.of("store-key-unconfigured", "output-field-missing"),
        all.errors().stream().map(Diagnostic::rule).toList());
    assertEquals("Field dta in node Loader in namespace ns does not exist", all.errors().get(1).serverMessage());
    assertEquals(400, all.httpStatus(), "an upload would still be answered by the template validators");
  }

  @Test
  void aMistakeTheTemplateValidatorsFlaggedIsNotReportedAgain() {
    // 'ghost' is no node: the template validators say it is not a parent; verification would add
    // "Node ghost does not exist in the graph template" for the same input.
    GraphTemplate template = graph("x", "${{ ghost.outputs.data }}");

    ValidationReport all = GraphValidator.validateAll(template, REGISTRY);

    assertEquals(1, all.errors().size(), all.errors().toString());
    assertTrue(all.errors().get(0).serverMessage().contains("depends on ghost but ghost is not a parent of processor"));
  }

  @Test
  void unknownNextNodesDoNotStopTheVerification() {
    GraphTemplate template = new GraphTemplate("g", "ns", Map.of(), List.of(
        NodeTemplate.of("Loader", "ns", "loader", Map.of("source", "x"), List.of("procesor")),
        NodeTemplate.of("Processor", "ns", "processor", Map.of("data", "${{ loader.outputs.dta }}"), List.of())),
        null, null, List.of());

    ValidationReport all = GraphValidator.validateAll(template, REGISTRY);

    assertEquals(List.of("next-node-unknown", "output-field-missing"),
        all.errors().stream().map(Diagnostic::rule).toList());
  }

  @Test
  void aValidGraphGivesTheSameReportAsValidate() {
    GraphTemplate template = graph("x", "${{ loader.outputs.data }}");

    assertEquals(GraphValidator.validate(template, REGISTRY).diagnostics(),
        GraphValidator.validateAll(template, REGISTRY).diagnostics());
  }
}
