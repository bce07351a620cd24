package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor's {@code -A} options: what each one changes, and that a mistyped value is not taken as the default. */
class OptionsTest {
  private static final List<JavaFileObject> WORKFLOW = Fixtures.with(Fixtures.nodes(), Fixtures.workflow());

  /** The processors as javac discovers them from the processor's jar, under {@code -Xlint:all -Werror}. */
  private static Compiler discovered(String... options) {
    List<String> all = new java.util.ArrayList<>(List.of("-Xlint:all", "-Werror"));
    all.addAll(List.of(options));
    return Compiler.javac().withProcessors(new ExosphereProcessor(), new StrictOptionProcessor()).withOptions(all);
  }

  @Test
  void withoutStepBuildersEachNodeGetsItsAdapterAlone() {
    Compilation full = discovered().compile(WORKFLOW);
    Compilation lean = discovered("-Aexosphere.stepBuilders=false").compile(WORKFLOW);
    assertThat(full).succeededWithoutWarnings();
    assertThat(lean).succeededWithoutWarnings();

    Map<String, String> fullOutput = written(full);
    Map<String, String> leanOutput = written(lean);
    List<String> steps = List.of("test/DataLoaderNodeStep.java", "test/DataProcessorNodeStep.java",
        "test/MergeNodeStep.java", "test/PythonReporterStep.java");
    assertTrue(fullOutput.keySet().containsAll(steps), fullOutput.keySet().toString());
    // Everything else, sources and JSON resources alike, is written exactly as by default: the graph class
    // never names a step builder.
    Map<String, String> expected = new TreeMap<>(fullOutput);
    expected.keySet().removeAll(steps);
    assertEquals(expected, leanOutput);
    assertTrue(leanOutput.containsKey("META-INF/exosphere/nodes/DataLoaderNode.json"), leanOutput.keySet().toString());
  }

  @Test
  void stepBuildersAreOnWhenAskedExplicitly() {
    Compilation c = discovered("-Aexosphere.stepBuilders=TRUE").compile(WORKFLOW);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.DataLoaderNodeStep");
  }

  @Test
  void aValueOtherThanTrueOrFalseIsAnError() {
    Compilation c = discovered("-Aexosphere.stepBuilders=no").compile(WORKFLOW);
    assertThat(c).hadErrorContaining("[exosphere:option] -Aexosphere.stepBuilders=no is neither true nor false;"
        + " the default, true, applies until it is corrected");
    assertThat(c).hadErrorCount(1);

    Compilation strict = discovered("-Aexosphere.strict=yes").compile(WORKFLOW);
    assertThat(strict).hadErrorContaining("[exosphere:option] -Aexosphere.strict=yes is neither true nor false;"
        + " the default, false, applies until it is corrected");
    assertThat(strict).hadErrorCount(1);
  }

  /** A build passes its options to every compilation, including test-compiles with nothing for us. */
  @Test
  void bothOptionsAreRecognizedWhereNothingIsAnnotatedForUs() {
    JavaFileObject plain = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Plain",
        "package test;", "final class Plain {}");
    Compilation c = discovered("-Aexosphere.strict=true", "-Aexosphere.stepBuilders=false").compile(plain);
    assertThat(c).succeededWithoutWarnings();
  }

  /** What the processor wrote (sources and resources, not class files), by path under its output location. */
  private static Map<String, String> written(Compilation c) {
    Map<String, String> written = new TreeMap<>();
    for (JavaFileObject file : c.generatedFiles()) {
      String name = file.toUri().getPath();
      if (name.endsWith(".class")) {
        continue;
      }
      // compile-testing names files /SOURCE_OUTPUT/test/X.java and /CLASS_OUTPUT/META-INF/...
      String path = name.substring(name.indexOf('/', 1) + 1);
      try {
        written.put(path, file.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return written;
  }
}
