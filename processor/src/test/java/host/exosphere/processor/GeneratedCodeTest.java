package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** The generated sources and JSON resources of the design's example graph, against golden files. */
class GeneratedCodeTest {

  @Test
  void exampleGraphMatchesGoldenFiles() {
    Compilation compilation = Fixtures.compile(Fixtures.with(Fixtures.nodes(), Fixtures.workflow()));
    assertThat(compilation).succeededWithoutWarnings();
    GoldenFiles.assertSource(compilation, "workflow", "test.MyWorkflowGraph");
    GoldenFiles.assertSource(compilation, "workflow", "test.DataLoaderNodeAdapter");
    GoldenFiles.assertSource(compilation, "workflow", "test.DataLoaderNodeStep");
    GoldenFiles.assertSource(compilation, "workflow", "test.DataProcessorNodeAdapter");
    GoldenFiles.assertSource(compilation, "workflow", "test.MergeNodeAdapter");
    GoldenFiles.assertSource(compilation, "workflow", "test.PythonReporterAdapter");
    GoldenFiles.assertResource(compilation, "workflow", "META-INF/exosphere/graphs/MyProject/my-workflow.json");
    GoldenFiles.assertResource(compilation, "workflow", "META-INF/exosphere/nodes/DataLoaderNode.json");
  }

  /**
   * Names are free text to the state manager, and the generated class quotes them in Javadoc. javac reads
   * unicode escapes inside comments too, so a store key or secret written as a backslash, "u002a" and "/"
   * must not end the comment (found by ConformanceVariantsTest).
   */
  @Test
  void namesThatSpellAUnicodeEscapeStayInsideTheJavadoc() throws java.io.IOException {
    String escape = "\\\\u002a/";
    Compilation compilation = Fixtures.compile(Fixtures.merge(), Fixtures.source("OddNames",
        "@Graph(name = \"g\\\\u000a\", namespace = \"ns\", secrets = {\"" + escape + "\"})",
        "@Store(requiredKeys = {\"" + escape + "\"}, defaults = {@Store.Default(key = \"k\", value = \"" + escape + "\")})",
        "public interface OddNames {",
        "  @Step MergeNode only();",
        "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String body = GoldenFiles.content(compilation.generatedFiles().stream()
        .filter(f -> f.toUri().getPath().contains("/META-INF/exosphere/graphs/")).findFirst().orElseThrow());
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    org.junit.jupiter.api.Assertions.assertEquals("\\u002a/", json.get("store_config").get("required_keys").get(0).asText());
    org.junit.jupiter.api.Assertions.assertEquals("\\u002a/", json.get("store_config").get("default_values").get("k").asText());
    org.junit.jupiter.api.Assertions.assertTrue(json.get("secrets").has("\\u002a/"));
  }
}
