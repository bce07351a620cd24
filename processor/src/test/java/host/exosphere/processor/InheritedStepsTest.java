package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.compile;
import static host.exosphere.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * {@code @Step} methods a {@code @Graph} interface inherits from its super-interfaces: they are steps
 * like its own (super-interfaces first, in {@code extends} order), the most specific declaration wins,
 * and every diagnostic about an inherited step sits in the file that declares it.
 */
class InheritedStepsTest {

  private static final String GRAPH = "@Graph(name = \"g\", namespace = \"ns\", secrets = {\"api_key\"})";

  private static JavaFileObject loading(String sourceValue) {
    return source("Loading",
        "public interface Loading {",
        "  @Step(next = \"processor\")",
        "  @Input(name = \"source\", value = \"" + sourceValue + "\")",
        "  DataLoaderNode loader();",
        "}");
  }

  private static JavaFileObject processing() {
    return source("Processing",
        "public interface Processing extends Loading {",
        "  @Step(next = \"merge\")",
        "  @Input(name = \"data\", value = \"${{ loader.outputs.data }}\")",
        "  DataProcessorNode processor();",
        "}");
  }

  private static JavaFileObject reporting() {
    return source("Reporting",
        "public interface Reporting extends Loading {",
        "  @Step",
        "  @Input(name = \"result\", value = \"${{ loader.outputs.data }}\")",
        "  PythonReporter report();",
        "}");
  }

  private static final String MERGE_STEP =
      "  @Step(id = \"merge\", next = \"report\") @Unites(value = \"loader\", strategy = UnitesStrategy.ALL_DONE)";

  private static String json(Compilation c) {
    try {
      return c.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/graphs/ns/g.json").orElseThrow()
          .getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String node(String name, String identifier, String inputs, String next, String unites) {
    return "{\"node_name\": \"" + name + "\", \"namespace\": \"ns\", \"identifier\": \"" + identifier
        + "\", \"inputs\": {" + inputs + "}, \"next_nodes\": [" + next + "], \"unites\": " + unites + "}";
  }

  @Test
  void inheritedStepsComeFirstInExtendsOrderAndADiamondCountsOnce() {
    JavaFileObject g = source("G",
        GRAPH,
        "public interface G extends Processing, Reporting {",
        MERGE_STEP,
        "  MergeNode mergeStep();",
        "}");
    Compilation c = compile(Fixtures.with(Fixtures.nodes(), loading("s3://bucket"), processing(), reporting(), g));
    assertThat(c).succeededWithoutWarnings();
    assertEquals("{\"secrets\": {\"api_key\": null}, \"nodes\": ["
        + node("DataLoaderNode", "loader", "\"source\": \"s3://bucket\"", "\"processor\"", "null") + ", "
        + node("DataProcessorNode", "processor", "\"data\": \"${{ loader.outputs.data }}\"", "\"merge\"", "null") + ", "
        + node("Reporter", "report", "\"result\": \"${{ loader.outputs.data }}\"", "", "null") + ", "
        + node("MergeNode", "merge", "", "\"report\"", "{\"identifier\": \"loader\", \"strategy\": \"ALL_DONE\"}")
        + "]}", json(c));
    assertThat(c).generatedSourceFile("test.GGraph");
  }

  @Test
  void anErrorInAnInheritedStepIsReportedWhereThatStepIsDeclared() {
    JavaFileObject processing = source("Processing",
        "public interface Processing extends Loading {",
        "  @Step(next = \"merge\")",
        "  @Input(name = \"data\", value = \"${{ loader.outputs.dta }}\")",
        "  DataProcessorNode processor();",
        "}");
    JavaFileObject g = source("G",
        GRAPH,
        "public interface G extends Processing, Reporting {",
        MERGE_STEP,
        "  MergeNode mergeStep();",
        "}");
    Compilation c = compile(Fixtures.with(Fixtures.nodes(), loading("s3://bucket"), processing, reporting(), g));
    assertThat(c).hadErrorContaining("[exosphere:output-field-missing] input 'data' reads output 'dta' of 'loader',"
        + " but node 'DataLoaderNode' has no such output (it has [data]); did you mean 'data'? (state manager:"
        + " \"Field dta in node DataLoaderNode in namespace ns does not exist\")")
        .inFile(processing).onLineContaining("loader.outputs.dta");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aJavaCheckOnAnInheritedStepIsReportedWhereThatStepIsDeclared() {
    JavaFileObject base = source("Base",
        "public interface Base {",
        "  @Step",
        "  @Input(name = \"dat\", value = \"x\")",
        "  DataProcessorNode processor();",
        "}");
    JavaFileObject g = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G extends Base {}");
    Compilation c = compile(List.of(Fixtures.processor(), base, g));
    assertThat(c).hadErrorContaining("[exosphere:missing-input] step processor does not map input 'data' of node"
        + " DataProcessorNode").inFile(base).onLineContaining("@Step");
    assertThat(c).hadWarningContaining("[exosphere:unknown-input] node DataProcessorNode has no input 'dat'"
        + " (did you mean \"data\"?)").inFile(base).onLineContaining("name = \"dat\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aRedeclaredStepReplacesTheInheritedOneInItsPlace() {
    JavaFileObject g = source("G",
        GRAPH,
        "public interface G extends Processing, Reporting {",
        MERGE_STEP,
        "  MergeNode mergeStep();",
        "",
        "  @Step(next = \"processor\")",
        "  @Input(name = \"source\", value = \"overridden\")",
        "  @Override DataLoaderNode loader();",
        "}");
    Compilation c = compile(Fixtures.with(Fixtures.nodes(), loading("from-base"), processing(), reporting(), g));
    assertThat(c).succeededWithoutWarnings();
    String json = json(c);
    assertEquals(0, json.indexOf(
        "{\"secrets\": {\"api_key\": null}, \"nodes\": [" + node("DataLoaderNode", "loader",
            "\"source\": \"overridden\"", "\"processor\"", "null") + ", "), json);
    assertEquals(1, json.split("\"identifier\": \"loader\", \"inputs\"", -1).length - 1, json);
  }

  @Test
  void aRedeclarationWithoutStepIsAnError() {
    JavaFileObject g = source("G",
        GRAPH,
        "public interface G extends Processing, Reporting {",
        MERGE_STEP,
        "  MergeNode mergeStep();",
        "",
        "  @Override DataLoaderNode loader();",
        "}");
    Compilation c = compile(Fixtures.with(Fixtures.nodes(), loading("s3://bucket"), processing(), reporting(), g));
    assertThat(c).hadErrorContaining("[exosphere:step-method] method loader redeclares @Step method loader of"
        + " test.Loading without @Step, which would drop the step; repeat @Step (and its @Input mappings) or"
        + " remove the redeclaration").inFile(g).onLineContaining("DataLoaderNode loader();");
    assertThat(c).hadErrorCount(1);
  }

  /** An interface {@code name} with one step running DataProcessorNode. */
  private static JavaFileObject oneStep(String name, String step, String method) {
    return source(name,
        "public interface " + name + " {",
        "  " + step,
        "  @Input(name = \"data\", value = \"" + name + "\")",
        "  DataProcessorNode " + method + "();",
        "}");
  }

  private static JavaFileObject leftAndRight() {
    return source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G extends Left, Right {}");
  }

  @Test
  void oneStepMethodInheritedFromTwoInterfacesIsAmbiguous() {
    JavaFileObject left = oneStep("Left", "@Step", "only");
    JavaFileObject right = oneStep("Right", "@Step", "only");
    JavaFileObject g = leftAndRight();
    Compilation c = compile(List.of(Fixtures.processor(), left, right, g));
    assertThat(c).hadErrorContaining("[exosphere:step-inherited-twice] @Step method only is inherited from both"
        + " test.Left and test.Right, so its wiring is ambiguous; redeclare it in G with the @Step, @Input and"
        + " @Unites it should have").inFile(g).onLineContaining("@Graph");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void twoInheritedStepsWithOneIdentifier() {
    JavaFileObject left = oneStep("Left", "@Step(id = \"work\")", "left");
    JavaFileObject right = oneStep("Right", "@Step(id = \"work\")", "right");
    Compilation c = compile(List.of(Fixtures.processor(), left, right, leftAndRight()));
    assertThat(c).hadErrorContaining("[exosphere:identifier-duplicate] identifier 'work' is used by more than one"
        + " node: identifiers must be unique in a graph (state manager: \"Node identifier work is not unique\")")
        .inFile(right).onLineContaining("id = \"work\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aStepInAnInterfaceNoGraphExtendsIsAWarning() {
    JavaFileObject steps = source("Steps",
        "public interface Steps {",
        "  @Step",
        "  MergeNode only();",
        "}");
    Compilation c = compile(List.of(Fixtures.merge(), steps));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[exosphere:step-outside-graph] @Step method only is in Steps, which no @Graph"
        + " interface of this compilation extends: it only takes effect when an @Graph interface extends Steps."
        + " If Steps is meant to be a graph itself, annotate it with @Graph(name = \"...\", namespace = \"...\")")
        .inFile(steps).onLineContaining("@Step");
    assertThat(c).hadWarningCount(1);
  }
}
