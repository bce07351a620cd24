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

/** How the processor behaves among other processors: it claims only its own annotations and waits for generated types. */
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

  /** Sees every round's annotation types, as a processor of all annotations ("*") running after ours would. */
  static final class EverythingWatcher extends AbstractProcessor {
    final List<String> seen = new ArrayList<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      annotations.forEach(a -> seen.add(a.getQualifiedName().toString()));
      return false;
    }
  }

  /** The processors as javac discovers them from the processor's jar. */
  private static com.google.testing.compile.Compiler discovered(javax.annotation.processing.Processor... before) {
    List<javax.annotation.processing.Processor> all = new ArrayList<>(List.of(before));
    all.add(new ExosphereProcessor());
    all.add(new StrictOptionProcessor());
    return com.google.testing.compile.Compiler.javac().withProcessors(all);
  }

  /**
   * A user's {@code -Xlint:all -Werror} build: javac warns about each annotation type no processor claimed,
   * so the processor claims Exosphere's (and only those).
   */
  @Test
  void everyLintOnGivesNoWarning() {
    Compilation c = discovered().withOptions("-Xlint:all", "-Werror", "-Aexosphere.strict=true")
        .compile(Fixtures.with(Fixtures.nodes(), Fixtures.workflow()));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.MyWorkflowGraph");
  }

  @Test
  void claimsOnlyExosphereAnnotations() {
    NodeWatcher before = new NodeWatcher();
    EverythingWatcher after = new EverythingWatcher();
    JavaFileObject marker = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Marker",
        "package test;", "public @interface Marker {}");
    JavaFileObject marked = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Marked",
        "package test;", "@Marker final class Marked {}");
    Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(before, new ExosphereProcessor(), after)
        .compile(Fixtures.merge(), marker, marked);
    assertThat(c).succeeded();
    // A processor of Exosphere's annotations that runs first still sees them; one that runs after sees
    // every other annotation type (in the generated code: @Override), and not the claimed ones.
    assertEquals(List.of("MergeNode"), before.seen);
    assertEquals(List.of("test.Marker", "java.lang.Override"), after.seen);
  }

  /** A test-compile has no Exosphere annotations, yet the build passes the strict option to it too. */
  @Test
  void strictOptionIsRecognizedWhereNothingIsAnnotatedForUs() {
    JavaFileObject plain = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Plain",
        "package test;", "final class Plain {}");
    JavaFileObject other = com.google.testing.compile.JavaFileObjects.forSourceLines("test.Other",
        "package test;", "final class Other {", "  @Deprecated void old() {}", "}");
    for (JavaFileObject source : List.of(plain, other)) {
      Compilation c = discovered().withOptions("-Aexosphere.strict=true").compile(source);
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
