package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.UnitesStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {

  @Test
  void buildsEveryPartOfATemplate() {
    GraphTemplate t = GraphBuilder.create("g", "ns")
        .secret("api_key")
        .retryPolicy(new RetryPolicy(2, RetryStrategy.FIXED, 100, 1, 500L))
        .requiredStoreKey("cursor")
        .storeDefault("mode", "fast")
        .cron("0 9 * * 1-5")
        .step("a", "Loader").input("source", "${{ store.cursor }}").next("b").add()
        .step("b", "Merger").namespace("other").unites("a", UnitesStrategy.ALL_DONE).add()
        .template();
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("api_key", null);
    assertEquals(new GraphTemplate("g", "ns", secrets, List.of(
            NodeTemplate.of("Loader", "ns", "a", Map.of("source", "${{ store.cursor }}"), List.of("b")),
            new NodeTemplate("Merger", "other", "b", Map.of(), List.of(), new Unites("a", UnitesStrategy.ALL_DONE))),
        new RetryPolicy(2, RetryStrategy.FIXED, 100, 1, 500L),
        new StoreConfig(List.of("cursor"), Map.of("mode", "fast")), List.of(new CronTrigger("0 9 * * 1-5"))), t);
  }

  @Test
  void editsAndRemovesStepsInPlace() {
    GraphBuilder builder = GraphBuilder.create("g", "ns")
        .step("a", "A").next("b").add()
        .step("b", "B").input("x", "1").next("c").add()
        .step("c", "C").add();
    GraphBuilder.StepBuilder b = builder.editStep("b");
    b.input("x", b.output("y")).add();
    builder.remove("c");
    List<NodeTemplate> nodes = builder.template().nodes();
    assertEquals(List.of("a", "b"), nodes.stream().map(NodeTemplate::identifier).toList());
    assertEquals(Map.of("x", "${{ b.outputs.y }}"), nodes.get(1).inputs());
    assertEquals(List.of("c"), nodes.get(1).nextNodes());
  }

  @Test
  void editingAnUnknownStepNamesTheSteps() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GraphBuilder.create("g", "ns").step("a", "A").add().editStep("z"));
    assertEquals("No step 'z' in graph 'g'; steps: [a]", e.getMessage());
  }

  @Test
  void fromTemplateKeepsEverything() {
    GraphTemplate t = GraphBuilder.create("g", "ns").secret("s").step("a", "A").add().template();
    assertEquals(t, GraphBuilder.from(t).template());
    assertNull(GraphBuilder.from(t).template().storeConfig());
  }

  @Test
  void buildValidatesAndListsEveryError() {
    GraphBuilder builder = GraphBuilder.create("g", "ns")
        .step("a", "A").input("x", "${{ b.outputs.y }}").next("b", "missing").add()
        .step("b", "B").add();
    GraphBuilder.InvalidGraphException e = assertThrows(GraphBuilder.InvalidGraphException.class, builder::build);
    assertEquals(1, e.report().errors().size());
    String message = e.getMessage();
    assertTrue(message.startsWith("Graph 'g' is invalid (1 error):\n  [exosphere:next-node-unknown]"),
        message);
    assertTrue(message.contains("Node identifier missing does not exist in the graph"), message);
  }

  @Test
  void buildChecksAgainstTheRegistryWhenGiven() {
    NodeRegistry registry = NodeRegistry.of(List.of(
        NodeSchemas.registeredNode("A", "ns", List.of("x"), List.of("y"), List.of())));
    GraphBuilder builder = GraphBuilder.create("g", "ns").registry(registry).step("a", "A").add();
    GraphBuilder.InvalidGraphException e = assertThrows(GraphBuilder.InvalidGraphException.class, builder::build);
    assertTrue(
        e.getMessage().contains("Input x in node A in namespace ns is not present in the graph template"), e.getMessage());
    GraphBuilder fixed = GraphBuilder.create("g", "ns").registry(registry).step("a", "A").input("x", "1").add();
    assertEquals(fixed.template(), fixed.build());
  }
}
