package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.compile;
import static host.exosphere.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * {@code @Step} methods in a plain interface: a library of shared steps compiled without the graphs that
 * extend it gets a warning, not an error, and only once every round is known not to add such a graph.
 */
class LooseStepsTest {

  private static JavaFileObject steps(String method) {
    return source("Steps",
        "public interface Steps {",
        "  @Step",
        "  " + method,
        "}");
  }

  @Test
  void strictTurnsTheWarningIntoAnError() {
    JavaFileObject steps = steps("MergeNode only();");
    Compilation c = Fixtures.compiler().withOptions("-Xlint:-processing", "-Aexosphere.strict=true")
        .compile(List.of(Fixtures.merge(), steps));
    assertThat(c).hadErrorContaining("[exosphere:step-outside-graph] @Step method only is in Steps, which no @Graph"
        + " interface of this compilation extends").inFile(steps).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aLooseStepWithABodyIsAnError() {
    JavaFileObject steps = steps("default MergeNode only() { return null; }");
    Compilation c = compile(List.of(Fixtures.merge(), steps));
    assertThat(c).hadErrorContaining("[exosphere:step-method] @Step method only must be abstract: its return type"
        + " names the node and its annotations the wiring; remove the body").inFile(steps).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadWarningCount(0);
  }

  @Test
  void aStepWithABodyInAnExtendedInterfaceIsReportedOnce() {
    JavaFileObject steps = steps("default MergeNode only() { return null; }");
    JavaFileObject g = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G extends Steps {}");
    Compilation c = compile(List.of(Fixtures.merge(), steps, g));
    assertThat(c).hadErrorContaining("[exosphere:step-method] @Step method only must be abstract")
        .inFile(steps).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aGraphGeneratedInALaterRoundTakesTheStepsWithoutAWarning() {
    Compilation c = com.google.testing.compile.Compiler.javac()
        .withProcessors(Fixtures.generating("host.exosphere.annotations.Step", "test.LaterGraph",
            "package test;\n@host.exosphere.annotations.Graph(name = \"later\", namespace = \"ns\")\n"
                + "public interface LaterGraph extends Steps {}\n"), new ExosphereProcessor())
        .withOptions("-Xlint:-processing")
        .compile(List.of(Fixtures.merge(), steps("MergeNode only();")));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/graphs/ns/later.json")
        .contentsAsUtf8String().isEqualTo("{\"secrets\": {}, \"nodes\": [{\"node_name\": \"MergeNode\","
            + " \"namespace\": \"ns\", \"identifier\": \"only\", \"inputs\": {}, \"next_nodes\": [], \"unites\": null}]}");
    assertThat(c).generatedSourceFile("test.LaterGraphGraph");
  }
}
