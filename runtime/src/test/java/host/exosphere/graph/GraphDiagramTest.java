package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.annotations.UnitesStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@link GraphDiagram#mermaid}: exact text, and the same text the annotation processor writes. */
class GraphDiagramTest {

  static NodeTemplate node(String id, String nodeName, String... next) {
    return NodeTemplate.of(nodeName, "ns", id, Map.of(), List.of(next));
  }

  static GraphTemplate graph(NodeTemplate... nodes) {
    return new GraphTemplate("g", "ns", Map.of(), List.of(nodes), null, null, List.of());
  }

  @Test
  void chain() {
    assertEquals("""
        flowchart TD
          n0["a: Load"]
          n1["b: Work"]
          n2["c: Save"]
          n0 --> n1
          n1 --> n2
        """, GraphDiagram.mermaid(graph(node("a", "Load", "b"), node("b", "Work", "c"), node("c", "Save"))));
  }

  @Test
  void fanOutAndFanInKeepNextNodesOrder() {
    assertEquals("""
        flowchart TD
          n0["root: Split"]
          n1["left: Work"]
          n2["right: Work"]
          n3["join: Merge"]
          n0 --> n2
          n0 --> n1
          n1 --> n3
          n2 --> n3
        """, GraphDiagram.mermaid(graph(node("root", "Split", "right", "left"), node("left", "Work", "join"),
        node("right", "Work", "join"), node("join", "Merge"))));
  }

  @Test
  void unitesEdgeFollowsTheNodesOwnEdgesAndPointsAtTheJoin() {
    GraphTemplate template = graph(node("load", "Loader", "split"), node("split", "Splitter", "work"),
        node("work", "Worker", "merge"),
        node("merge", "Merger", "after").withUnites(new Unites("load", UnitesStrategy.ALL_DONE)),
        node("after", "Report"));
    assertEquals("""
        flowchart TD
          n0["load: Loader"]
          n1["split: Splitter"]
          n2["work: Worker"]
          n3["merge: Merger"]
          n4["after: Report"]
          n0 --> n1
          n1 --> n2
          n2 --> n3
          n3 --> n4
          n0 -. unites .-> n3
        """, GraphDiagram.mermaid(template));
  }

  @Test
  void unknownTargetsAreLeftOutAndADuplicateIdentifierNamesItsFirstNode() {
    assertEquals("""
        flowchart TD
          n0["a: A"]
          n1["a: B"]
          n2["c: C"]
          n2 --> n0
          n0 -. unites .-> n2
        """, GraphDiagram.mermaid(graph(node("a", "A", "missing"), node("a", "B"),
        node("c", "C", "a", "nowhere").withUnites(Unites.of("a")))));
    assertEquals("flowchart TD\n", GraphDiagram.mermaid(graph()));
  }

  @Test
  void labelsEscapeWhatMermaidOrJavadocCannotTake() {
    String diagram = GraphDiagram.mermaid(graph(
        node("say \"hi\"", "A<b>\\c"), node("x{y}@z", "p*/q\nr\ts"), node("plain-id_1.ok", "Ünïcode & #sharp")));
    assertEquals("""
        flowchart TD
          n0["say #34;hi#34;: A#60;b#62;#92;c"]
          n1["x#123;y#125;#64;z: p#42;#47;q#10;r#9;s"]
          n2["plain-id_1.ok: Ünïcode & #sharp"]
        """, diagram);
  }

  /** The samples' templates and the flowcharts the processor wrote into their generated classes. */
  static Stream<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(GoldenFiles.root().resolve("diagram"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
      assertTrue(names.contains("fan-out-all-success"), names.toString());
      return names.stream();
    }
  }

  /**
   * The golden files were copied from the processor's output (samples/target/generated-sources, the
   * {@code <pre>} block of each {@code <X>Graph} Javadoc) and the template resource next to it; they are
   * read directly, not through {@link GoldenFiles#assertMatches}, so an update run cannot overwrite them.
   */
  @ParameterizedTest
  @MethodSource("samples")
  void sameTextAsTheProcessorWroteForTheSamples(String name) throws IOException {
    Path dir = GoldenFiles.root().resolve("diagram");
    GraphTemplate template = GraphJson.read(
        GraphJson.mapper().readTree(dir.resolve(name + ".json").toFile()), name, "exosphere-samples").template();
    assertEquals(Files.readString(dir.resolve(name + ".mmd"), StandardCharsets.UTF_8), GraphDiagram.mermaid(template));
  }
}
