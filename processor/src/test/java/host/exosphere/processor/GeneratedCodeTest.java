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
}
