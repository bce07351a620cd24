package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import host.exosphere.graph.GraphBuilder;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.Unites;
import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import host.exosphere.worker.NodeInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the generated adapters and step builders. */
class AdapterTest {
  private static CompiledClasses classes;
  private static final NodeContext CONTEXT = new NodeContext("s1", "r1", "g", "id", "N", "ns");

  @BeforeAll
  static void compile() {
    Compilation compilation = Fixtures.compile(Fixtures.nodes());
    assertThat(compilation).succeededWithoutWarnings();
    classes = new CompiledClasses(compilation);
  }

  private static NodeAdapter adapter(String name) throws ReflectiveOperationException {
    return (NodeAdapter) classes.instantiate("test." + name + "Adapter");
  }

  @Test
  void describesTheNode() throws Exception {
    NodeAdapter loader = adapter("DataLoaderNode");
    assertEquals("DataLoaderNode", loader.name());
    assertEquals("", loader.namespace());
    assertEquals(List.of("source"), loader.inputFields());
    assertEquals(List.of("data"), loader.outputFields());
    assertEquals(List.of("api_key"), loader.secretFields());
    assertTrue(loader.executable());
    assertEquals("test.DataLoaderNode", loader.nodeClass().getName());
  }

  @Test
  void executesWithInputsAndSecrets() throws Exception {
    List<Map<String, String>> outputs = adapter("DataLoaderNode")
        .execute(Map.of("source", "s3"), Map.of("api_key", "12345", "other", "x"), CONTEXT);
    assertEquals(List.of(Map.of("data", "s3:5")), outputs);
  }

  @Test
  void fanOutReturnsOneMapPerElement() throws Exception {
    List<Map<String, String>> outputs = adapter("DataProcessorNode").execute(Map.of("data", "abc"), Map.of(), CONTEXT);
    assertEquals(List.of(Map.of("result", "ABC", "count", "1")), outputs);
  }

  @Test
  void voidReturnsNoOutputs() throws Exception {
    assertEquals(List.of(), adapter("MergeNode").execute(Map.of(), Map.of(), CONTEXT));
  }

  @Test
  void missingAndExtraInputsAreRefusedClearly() {
    NodeInputException e = assertThrows(NodeInputException.class,
        () -> adapter("DataLoaderNode").execute(Map.of("sauce", "x"), Map.of("api_key", "k"), CONTEXT));
    assertEquals("Node DataLoaderNode: input fields do not match its record; missing: [source]; not declared:"
        + " [sauce]; declared: [source]", e.getMessage());
  }

  @Test
  void missingSecretIsRefusedWithoutValues() {
    NodeInputException e = assertThrows(NodeInputException.class,
        () -> adapter("DataLoaderNode").execute(Map.of("source", "x"), Map.of("other", "hunter2"), CONTEXT));
    assertEquals("Node DataLoaderNode: secret fields do not match its record; missing: [api_key]; declared:"
        + " [api_key]", e.getMessage());
  }

  @Test
  void interfaceNodeIsNotExecutable() throws Exception {
    NodeAdapter reporter = adapter("PythonReporter");
    assertEquals("Reporter", reporter.name());
    assertFalse(reporter.executable());
    assertThrows(UnsupportedOperationException.class, () -> reporter.execute(Map.of("result", "r"), Map.of(), CONTEXT));
  }

  @Test
  void stepBuilderRendersTypedReferences() throws Exception {
    Class<?> loaderStep = classes.loadClass("test.DataLoaderNodeStep");
    Object loader = loaderStep.getMethod("step", String.class).invoke(null, "loader");
    loaderStep.getMethod("source", String.class).invoke(loader, "initial");
    loaderStep.getMethod("next", String[].class).invoke(loader, (Object) new String[] {"processor"});
    Object outputs = loaderStep.getMethod("outputs").invoke(loader);
    GraphBuilder.OutputRef data = (GraphBuilder.OutputRef) outputs.getClass().getMethod("data").invoke(outputs);
    assertEquals("${{ loader.outputs.data }}", data.placeholder());

    Class<?> processorStep = classes.loadClass("test.DataProcessorNodeStep");
    Object processor = processorStep.getMethod("step", String.class).invoke(null, "processor");
    processorStep.getMethod("data", GraphBuilder.OutputRef.class).invoke(processor, data);
    processorStep.getMethod("unites", String.class, UnitesStrategy.class).invoke(processor, "loader",
        UnitesStrategy.ALL_DONE);

    GraphBuilder builder = GraphBuilder.create("g", "ns")
        .add((GraphBuilder.Step) loader)
        .add((GraphBuilder.Step) processor);
    assertEquals(List.of(
            NodeTemplate.of("DataLoaderNode", "ns", "loader", Map.of("source", "initial"), List.of("processor")),
            new NodeTemplate("DataProcessorNode", "ns", "processor", Map.of("data", "${{ loader.outputs.data }}"),
                List.of(), new Unites("loader", UnitesStrategy.ALL_DONE))),
        builder.template().nodes());
  }
}
