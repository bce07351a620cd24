package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import host.exosphere.cli.ValidateCommandTest.Result;
import host.exosphere.graph.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exosphere graph} end to end through {@link Main#run}, with captured streams. */
class GraphCommandTest {

  @TempDir Path dir;

  static final String TWO_NODES = "{\"name\": \"g\", \"namespace\": \"ns\", \"secrets\": {\"k\": \"s3cr3t\"}, \"nodes\": ["
      + "{\"node_name\": \"Echo\", \"namespace\": \"ns\", \"identifier\": \"a\", \"inputs\": {}, \"next_nodes\": [\"b\"]},"
      + "{\"node_name\": \"Echo \\\"2\\\"\", \"namespace\": \"ns\", \"identifier\": \"b\", \"inputs\": {}, "
      + "\"unites\": {\"identifier\": \"a\"}}]}";

  static final String TWO_NODES_DIAGRAM = """
      flowchart TD
        n0["a: Echo"]
        n1["b: Echo #34;2#34;"]
        n0 --> n1
        n0 -. unites .-> n1
      """;

  Path file(String content) throws IOException {
    Path file = dir.resolve("graph.json");
    Files.writeString(file, content);
    return file;
  }

  static void assertUsageError(Result r, String line) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(line + System.lineSeparator(), r.err());
  }

  @Test
  void printsTheFlowchart() throws IOException {
    Result r = ValidateCommandTest.run("graph", file(TWO_NODES).toString(), "--mermaid");
    assertEquals(0, r.exit(), r.err());
    assertEquals(TWO_NODES_DIAGRAM, r.out());
    assertEquals("", r.err());
  }

  @Test
  void markdownWrapsItInAMermaidFence() throws IOException {
    Result r = ValidateCommandTest.run("graph", file(TWO_NODES).toString(), "--mermaid", "--markdown");
    assertEquals(0, r.exit(), r.err());
    assertEquals("```mermaid\n" + TWO_NODES_DIAGRAM + "```\n", r.out());
  }

  @Test
  void sampleTemplateWithoutSecretValuesGivesTheProcessorsFlowchart() throws IOException {
    // create-graph.json carries "secrets": {"api_key": null}, as the generated resource does.
    Path golden = GoldenFiles.root().resolve("diagram");
    for (String name : new String[] {"create-graph", "fan-out-all-success"}) {
      Result r = ValidateCommandTest.run("graph", golden.resolve(name + ".json").toString(), "--mermaid");
      assertEquals(0, r.exit(), r.err());
      assertEquals(Files.readString(golden.resolve(name + ".mmd"), StandardCharsets.UTF_8), r.out());
    }
  }

  @Test
  void nameAndNamespaceAreOptionalAndFlagsWin() throws IOException {
    Path f = file("{\"nodes\": [{\"node_name\": \"N\", \"namespace\": \"ns\", \"identifier\": \"x\", \"inputs\": {}}]}");
    Result r = ValidateCommandTest.run("graph", f.toString(), "--name", "other", "--namespace", "ns2");
    assertEquals(0, r.exit(), r.err());
    assertEquals("flowchart TD\n  n0[\"x: N\"]\n", r.out());
  }

  @Test
  void missingFileIsOneLineAndExitTwo() {
    Path missing = dir.resolve("nope.json");
    assertUsageError(ValidateCommandTest.run("graph", missing.toString(), "--mermaid"),
        "exosphere graph: Template " + missing + " does not exist");
  }

  @Test
  void invalidJsonIsOneLineAndExitTwo() throws IOException {
    Path f = file("{\"nodes\": [");
    Result r = ValidateCommandTest.run("graph", f.toString(), "--mermaid");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(true, r.err().startsWith("exosphere graph: Template " + f + " is not valid JSON: "), r.err());
  }

  @Test
  void notAnObjectIsRefused() throws IOException {
    Path f = file("[1, 2]");
    assertUsageError(ValidateCommandTest.run("graph", f.toString()),
        "exosphere graph: Template " + f + " is not a graph template: it must be a JSON object");
  }

  @Test
  void aBrokenShapeIsRefusedWithoutPrintingSecrets() throws IOException {
    Path f = file("{\"name\": \"g\", \"namespace\": \"ns\", \"secrets\": {\"k\": \"s3cr3t\"}, \"nodes\": ["
        + "{\"node_name\": \"N\", \"namespace\": \"ns\", \"identifier\": \"a\", \"inputs\": {}, \"next_nodes\": \"b\"}]}");
    Result r = ValidateCommandTest.run("graph", f.toString(), "--mermaid");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(true, r.err().startsWith("exosphere graph: Template " + f + ": graph ns/g has no drawable shape: "
        + "node 'a'"), r.err());
    assertEquals(false, r.err().contains("s3cr3t"), r.err());
  }

  @Test
  void missingNodesIsRefused() throws IOException {
    Path f = file("{\"name\": \"g\", \"namespace\": \"ns\"}");
    Result r = ValidateCommandTest.run("graph", f.toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(true, r.err().startsWith("exosphere graph: Template " + f + ": graph ns/g has no drawable shape: "),
        r.err());
  }

  @Test
  void badUsageIsExitTwo() {
    Result noFile = ValidateCommandTest.run("graph", "--mermaid");
    assertEquals(2, noFile.exit());
    assertEquals(true, noFile.err().startsWith("Missing required parameter: 'TEMPLATE.json'"), noFile.err());
    Result unknown = ValidateCommandTest.run("graph", "x.json", "--svg");
    assertEquals(2, unknown.exit());
    assertEquals(true, unknown.err().startsWith("Unknown option: '--svg'"), unknown.err());
  }
}
