package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.graph.bench.LayeredDag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Large graphs validate completely, with no recursion anywhere (no timing is asserted). */
class LargeGraphTest {

  @Test
  void hundredThousandNodeLayeredDagIsValid() {
    GraphTemplate graph = LayeredDag.build(100_000, 7);
    assertEquals(100_000, graph.nodes().size());
    ValidationReport report = GraphValidator.validate(graph, LayeredDag.registry());
    assertTrue(report.valid(), () -> report.errors().subList(0, Math.min(5, report.errors().size())).toString());
    assertTrue(report.warnings().stream().allMatch(w -> w.rule().equals("join-never-fires")),
        () -> report.warnings().get(0).toString());
  }

  @Test
  void hundredThousandNodeChainIsRefusedLikeTheServerWithoutStackOverflow() {
    List<NodeTemplate> nodes = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      nodes.add(NodeTemplate.of("Echo", "ns", "n" + i, Map.of(), i + 1 < 100_000 ? List.of("n" + (i + 1)) : List.of()));
    }
    ValidationReport report = GraphValidator.validate(
        new GraphTemplate("g", "ns", Map.of(), nodes, null, null, List.of()), null);
    assertEquals(400, report.httpStatus());
    assertEquals(List.of("recursion-depth"), report.errors().stream().map(Diagnostic::rule).toList());
  }

  @Test
  void wideFanOutAndFanInStaysValid() {
    // root -> 50,000 leaves -> one sink: the sink has 50,000 predecessors and reads the root.
    List<NodeTemplate> nodes = new ArrayList<>();
    List<String> leaves = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      leaves.add("l" + i);
    }
    nodes.add(NodeTemplate.of("Echo", "ns", "root", Map.of(), leaves));
    for (String leaf : leaves) {
      nodes.add(NodeTemplate.of("Echo", "ns", leaf, Map.of("x", "${{ root.outputs.t }}"), List.of("sink")));
    }
    nodes.add(NodeTemplate.of("Echo", "ns", "sink", Map.of("x", "${{ root.outputs.t }}${{ l49999.outputs.t }}"),
        List.of()));
    ValidationReport report = GraphValidator.validate(
        new GraphTemplate("g", "ns", Map.of(), nodes, null, null, List.of()), null);
    assertTrue(report.valid(), () -> report.errors().toString());
    // Reading one leaf from the sink is accepted by the server but fails on every other branch.
    assertEquals(List.of("diamond-other-branch"), report.warnings().stream().map(Diagnostic::rule).toList());
  }

  @Test
  void everyBadReferenceOfALargeGraphIsReported() {
    // 20,000 nodes each naming a missing next node: all reported, hints only while they are cheap.
    List<NodeTemplate> nodes = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      nodes.add(NodeTemplate.of("Echo", "ns", "node" + i, Map.of(), List.of("nodx" + i)));
    }
    ValidationReport report = GraphValidator.validate(
        new GraphTemplate("g", "ns", Map.of(), nodes, null, null, List.of()), null);
    assertEquals(20_000, report.errors().size());
    assertTrue(report.errors().get(0).message().endsWith("did you mean 'node0'?"), report.errors().get(0).message());
    assertTrue(report.serverText().contains("Node identifier nodx19999 does not exist in the graph"));
  }
}
