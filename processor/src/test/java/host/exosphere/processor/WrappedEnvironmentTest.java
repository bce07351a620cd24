package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The processor behind a wrapped {@link ProcessingEnvironment}, as Gradle runs an isolating processor (its
 * environment and filer are Gradle's own classes, not javac's): the compiler-specific {@link Trees} API is
 * then unavailable, and the processor must still check graphs, generate code and print its diagnostics on
 * the right lines through the standard {@link Messager}.
 */
class WrappedEnvironmentTest {

  /** Hands {@link ExosphereProcessor} a forwarding environment instead of javac's. */
  static final class Wrapping extends ForwardingProcessor {
    ProcessingEnvironment wrapped;

    Wrapping() {
      super(new ExosphereProcessor());
    }

    @Override
    public void init(ProcessingEnvironment env) {
      wrapped = new ForwardingEnvironment(env);
      delegate.init(wrapped);
    }
  }

  private static Compilation compile(Wrapping processor, JavaFileObject... more) {
    List<JavaFileObject> all = new ArrayList<>(Fixtures.nodes());
    all.addAll(List.of(more));
    return Compiler.javac().withProcessors(processor).withOptions("-Xlint:-processing").compile(all);
  }

  /** A graph loader → processor, the processor step annotated with {@code processorInputs}. */
  private static JavaFileObject loaderToProcessor(String... processorInputs) {
    List<String> lines = new ArrayList<>(List.of(
        "@Graph(name = \"g\", namespace = \"ns\", secrets = \"api_key\")",
        "public interface G {",
        "  @Step(next = \"processor\")",
        "  @Input(name = \"source\", value = \"initial\")",
        "  DataLoaderNode loader();",
        "",
        "  @Step"));
    for (String input : processorInputs) {
      lines.add("  " + input);
    }
    lines.add("  DataProcessorNode processor();");
    lines.add("}");
    return source("G", lines.toArray(String[]::new));
  }

  @Test
  void graphCompilesAndGeneratesWithoutJavacsTrees() {
    Wrapping processor = new Wrapping();
    Compilation c = compile(processor, Fixtures.workflow());
    assertThat(c).succeededWithoutWarnings();
    // The premise: javac refuses its tree API to an environment it did not create.
    assertThrows(IllegalArgumentException.class, () -> Trees.instance(processor.wrapped));
    assertThat(c).generatedSourceFile("test.MyWorkflowGraph");
    assertThat(c).generatedSourceFile("test.DataLoaderNodeAdapter");
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/graphs/MyProject/my-workflow.json");
  }

  @Test
  void diagnosticsStillLandOnTheAnnotationValue() {
    JavaFileObject g = loaderToProcessor("@Input(name = \"data\", value = \"${{ loader.outputs.dta }}\")");
    Compilation c = compile(new Wrapping(), g);
    assertThat(c).hadErrorContaining("[exosphere:output-field-missing] input 'data' reads output 'dta' of 'loader'")
        .inFile(g).onLineContaining("loader.outputs.dta");
    assertThat(c).hadErrorCount(1);
  }

  /**
   * An entry of a repeated {@code @Input} is positioned through javac's trees; without them the message
   * still appears, on the step method instead of the entry's own line.
   */
  @Test
  void repeatedAnnotationDiagnosticFallsBackToTheMethod() {
    JavaFileObject g = loaderToProcessor("@Input(name = \"data\", value = \"${{ loader.outputs.data }}\")",
        "@Input(name = \"extra\", value = \"${{ loader.outputs.dta }}\")");
    Compilation c = compile(new Wrapping(), g);
    assertThat(c).hadErrorContaining("[exosphere:output-field-missing] input 'extra' reads output 'dta' of 'loader'")
        .inFile(g).onLineContaining("DataProcessorNode processor()");
    assertThat(c).hadErrorCount(1);
  }
}
