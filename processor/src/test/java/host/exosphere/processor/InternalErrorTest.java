package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * processor/README.md: a bug inside the processor becomes one error on the type it was working on, with the trace
 * to report; the other types are still processed, javac does not crash, and the processor still claims its
 * annotations (no round of it ends any other way).
 */
class InternalErrorTest {

  /** Our processor with a bug injected into one stage of one type; records what {@code process} returned. */
  private static final class Recording extends ForwardingProcessor {
    final List<Boolean> claimed = new ArrayList<>();
    /** The files our processor created (compile-testing hides the generated files of a failed compilation). */
    final Set<String> written = new TreeSet<>();

    Recording(String failingStage, String failingType) {
      super(new ExosphereProcessor((stage, type) -> {
        if (stage.equals(failingStage) && type.getSimpleName().contentEquals(failingType)) {
          throw new IllegalStateException("injected bug while in " + stage);
        }
      }));
    }

    @Override
    public void init(ProcessingEnvironment env) {
      delegate.init(new ForwardingEnvironment(env, written::add));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      boolean result = delegate.process(annotations, round);
      claimed.add(result);
      return result;
    }
  }

  /** What the healthy graph and its node produce (a subset: the step builders are not the point here). */
  private static final Set<String> FINE_OUTPUT = Set.of("test.DataProcessorNodeAdapter", "test.FineGraph",
      "META-INF/exosphere/nodes/DataProcessorNode.json", "META-INF/exosphere/graphs/ns/fine.json");

  private static JavaFileObject graph(String name) {
    return source(name,
        "@Graph(name = \"" + name.toLowerCase() + "\", namespace = \"ns\")",
        "public interface " + name + " {",
        "  @Step",
        "  @Input(name = \"data\", value = \"x\")",
        "  DataProcessorNode only();",
        "}");
  }

  private static Compilation compile(Recording processor, JavaFileObject... sources) {
    return Compiler.javac().withProcessors(processor).withOptions("-Xlint:-processing").compile(sources);
  }

  private static void assertOneInternalError(Compilation c, Recording processor, String type, String stage,
      JavaFileObject file, String line) {
    assertThat(c).hadErrorContaining("[exosphere:internal-error] the Exosphere processor failed on " + type
        + "; please report this with the trace:").inFile(file).onLineContaining(line);
    assertThat(c).hadErrorCount(1);
    // The trace (javac indents its lines) names the exception and where it was thrown, for the bug report.
    List<String> trace = c.errors().get(0).getMessage(null).lines().skip(1).map(String::strip).toList();
    assertEquals("java.lang.IllegalStateException: injected bug while in " + stage, trace.get(0));
    assertTrue(trace.get(1).startsWith("at host.exosphere.processor.InternalErrorTest$Recording."), trace.get(1));
    assertTrue(trace.stream().anyMatch(l -> l.startsWith("at host.exosphere.processor.ExosphereProcessor.process(")),
        String.join("\n", trace));
    assertFalse(c.diagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
        && d.getMessage(null).contains("threw an uncaught exception")), "javac saw the exception");
    assertFalse(processor.claimed.isEmpty());
    assertEquals(List.of(true), processor.claimed.stream().distinct().toList(), "claimed annotations");
  }

  @ParameterizedTest
  @ValueSource(strings = {"parse", "validate", "write"})
  void aBugInOneGraphIsOneErrorOnItAndTheOthersAreStillGenerated(String stage) {
    Recording processor = new Recording(stage, "Broken");
    JavaFileObject broken = graph("Broken");
    Compilation c = compile(processor, Fixtures.processor(), broken, graph("Fine"));
    assertOneInternalError(c, processor, "Broken", stage, broken, "public interface Broken");
    assertTrue(processor.written.containsAll(FINE_OUTPUT), processor.written::toString);
    assertTrue(processor.written.stream().noneMatch(name -> name.toLowerCase(Locale.ROOT).contains("broken")),
        processor.written::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"parse", "write"})
  void aBugInOneNodeIsOneErrorOnItAndTheOthersAreStillGenerated(String stage) {
    Recording processor = new Recording(stage, "DataLoaderNode");
    JavaFileObject loader = Fixtures.loader();
    Compilation c = compile(processor, loader, Fixtures.processor(), graph("Fine"));
    assertOneInternalError(c, processor, "DataLoaderNode", stage, loader, "public final class DataLoaderNode");
    assertTrue(processor.written.containsAll(FINE_OUTPUT), processor.written::toString);
    assertTrue(processor.written.stream().noneMatch(name -> name.contains("DataLoaderNode")),
        processor.written::toString);
  }
}
