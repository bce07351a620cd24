package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How the processor behaves among other processors: it claims nothing and waits for generated types. */
class ProcessorContractTest {

  /** Sees every {@code @Node} type, as a processor running after ours would. */
  static final class NodeWatcher extends AbstractProcessor {
    final List<String> seen = new ArrayList<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("host.exosphere.annotations.Node");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (TypeElement annotation : annotations) {
        for (Element e : round.getElementsAnnotatedWith(annotation)) {
          seen.add(e.getSimpleName().toString());
        }
      }
      return false;
    }
  }

  @Test
  void claimsNoAnnotation() {
    NodeWatcher watcher = new NodeWatcher();
    Compilation c = com.google.testing.compile.Compiler.javac()
        .withProcessors(new ExosphereProcessor(), watcher)
        .compile(Fixtures.merge());
    assertThat(c).succeededWithoutWarnings();
    assertEquals(List.of("MergeNode"), watcher.seen);
  }

  /** A test-compile has no Exosphere annotations, yet the build passes the strict option to it too. */
  @Test
  void strictOptionIsRecognizedWhereNothingIsAnnotatedForUs() {
    JavaFileObject plain = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Plain",
        "package test;", "final class Plain {}");
    JavaFileObject other = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Other",
        "package test;", "final class Other {", "  @Deprecated void old() {}", "}");
    for (JavaFileObject source : List.of(plain, other)) {
      Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new ExosphereProcessor())
          .withOptions("-Aexosphere.strict=true").compile(source);
      assertThat(c).succeededWithoutWarnings();
    }
  }

  @Test
  void waitsForANodeAnotherProcessorGenerates() {
    JavaFileObject graph = Fixtures.source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step",
        "  @Input(name = \"text\", value = \"hello\")",
        "  LaterNode only();",
        "}");
    Compilation c = com.google.testing.compile.Compiler.javac()
        .withProcessors(Fixtures.generating("host.exosphere.annotations.Graph", "test.LaterNode",
            "package test;\n@host.exosphere.annotations.Node\npublic final class LaterNode {\n"
                + "  public record Inputs(String text) {}\n  public record Outputs(String text) {}\n"
                + "  public Outputs execute(Inputs inputs) { return new Outputs(inputs.text()); }\n}\n"), new ExosphereProcessor())
        .compile(graph);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/graphs/ns/g.json")
        .contentsAsUtf8String().contains("{\"node_name\": \"LaterNode\", \"namespace\": \"ns\", \"identifier\": \"only\","
            + " \"inputs\": {\"text\": \"hello\"}, \"next_nodes\": [], \"unites\": null}");
    assertThat(c).generatedSourceFile("test.GGraph");
    assertThat(c).generatedSourceFile("test.LaterNodeAdapter");
  }
}
