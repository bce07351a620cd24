package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The shared validator's diagnostics, printed on the annotation value they concern: one test per kind
 * of location (graph name, secret, retry field, store key, cron, identifier, input, next entry, unites).
 */
class ValidatorDiagnosticsTest {

  private static Compilation compile(JavaFileObject graph, String... options) {
    List<JavaFileObject> all = new ArrayList<>(Fixtures.nodes());
    all.add(graph);
    return Fixtures.compiler().withOptions((Object[]) options).compile(all);
  }

  /** A two-step graph loader → processor whose header and steps the test supplies. */
  private static JavaFileObject graph(String header, String loaderStep, String loaderInput, String processorStep,
      String processorInput) {
    return source("G",
        header,
        "public interface G {",
        "  " + loaderStep,
        "  " + loaderInput,
        "  DataLoaderNode loader();",
        "",
        "  " + processorStep,
        "  " + processorInput,
        "  DataProcessorNode processor();",
        "}");
  }

  private static final String HEADER = "@Graph(name = \"g\", namespace = \"ns\", secrets = \"api_key\")";
  private static final String LOADER_STEP = "@Step(next = \"processor\")";
  private static final String LOADER_INPUT = "@Input(name = \"source\", value = \"initial\")";
  private static final String PROCESSOR_STEP = "@Step";
  private static final String PROCESSOR_INPUT = "@Input(name = \"data\", value = \"${{ loader.outputs.data }}\")";

  @Test
  void validGraphCompilesWithoutWarnings() {
    Compilation c = compile(graph(HEADER, LOADER_STEP, LOADER_INPUT, PROCESSOR_STEP, PROCESSOR_INPUT));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.GGraph");
  }

  @Test
  void unknownOutputFieldOnTheInputValue() {
    JavaFileObject g = graph(HEADER, LOADER_STEP, LOADER_INPUT, PROCESSOR_STEP,
        "@Input(name = \"data\", value = \"${{ loader.outputs.dta }}\")");
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:output-field-missing] input 'data' reads output 'dta' of 'loader',"
        + " but node 'DataLoaderNode' has no such output (it has [data]); did you mean 'data'? (state manager:"
        + " \"Field dta in node DataLoaderNode in namespace ns does not exist\")")
        .inFile(g).onLineContaining("loader.outputs.dta");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void unknownNextNodeOnTheEntry() {
    JavaFileObject g = graph(HEADER, "@Step(next = {\"procesor\"})", LOADER_INPUT, PROCESSOR_STEP, PROCESSOR_INPUT);
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:next-node-unknown] next_nodes names 'procesor', but no node of"
        + " this graph has that identifier; did you mean 'processor'?"
        + " (state manager: \"Node identifier procesor does not exist in the graph\")")
        .inFile(g).onLineContaining("\"procesor\"");
    // The pydantic envelope (header, [type=...] suffix, link) stays out of the one-line message.
    String printed = c.errors().get(0).getMessage(null);
    org.junit.jupiter.api.Assertions.assertFalse(
        printed.contains("\n") || printed.contains("validation error for") || printed.contains("[type="), printed);
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void notAParentQuotesTheServer() {
    JavaFileObject g = source("G",
        HEADER,
        "public interface G {",
        "  @Step(next = {\"a\", \"b\"})",
        "  @Input(name = \"source\", value = \"x\")",
        "  DataLoaderNode root();",
        "  @Step",
        "  @Input(name = \"data\", value = \"${{ b.outputs.result }}\")",
        "  DataProcessorNode a();",
        "  @Step",
        "  @Input(name = \"data\", value = \"${{ root.outputs.data }}\")",
        "  DataProcessorNode b();",
        "}");
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:input-not-parent]").inFile(g).onLineContaining("b.outputs.result");
    assertThat(c).hadErrorContaining("Input ${{ b.outputs.result }} depends on b but b is not a parent of a");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void unconfiguredStoreKeySuggestsTheConfiguredOne() {
    JavaFileObject g = graph(HEADER + " @Store(requiredKeys = \"cursor\")", LOADER_STEP,
        "@Input(name = \"source\", value = \"${{ store.cursr }}\")", PROCESSOR_STEP, PROCESSOR_INPUT);
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:store-key-unconfigured] input 'source' reads store key 'cursr'")
        .inFile(g).onLineContaining("store.cursr");
    assertThat(c).hadErrorContaining("; did you mean 'cursor'? Otherwise add it to required_keys or default_values");
    assertThat(c).hadErrorContaining("Input ${{ store.cursr }} depends on cursr but cursr is not a required key or"
        + " a default value");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void unitesTargetUnknownOnTheUnitesValue() {
    JavaFileObject g = graph(HEADER, LOADER_STEP, LOADER_INPUT, "@Step @Unites(\"loadr\")", PROCESSOR_INPUT);
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:unites-target-unknown] unites names 'loadr'")
        .inFile(g).onLineContaining("@Unites(\"loadr\")");
    assertThat(c).hadErrorContaining("Node processor has an unites target loadr that does not exist");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void reservedIdentifierOnTheStepId() {
    JavaFileObject g = graph(HEADER, "@Step(id = \"store\", next = \"processor\")", LOADER_INPUT, PROCESSOR_STEP,
        "@Input(name = \"data\", value = \"x\")");
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:identifier-reserved]").inFile(g).onLineContaining("id = \"store\"");
    assertThat(c).hadErrorContaining("Node identifier cannot be reserved word 'store'");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void requestModelErrorsOnRetryStoreAndCronAllInOneCompile() {
    JavaFileObject g = source("G",
        HEADER,
        "@Retry(maxRetries = -1)",
        "@Store(requiredKeys = {\"ok\", \"a.b\"})",
        "@Cron(\"0 9 * * 1-5\") @Cron(\"not a cron\")",
        "public interface G {",
        "  @Step",
        "  @Input(name = \"source\", value = \"x\")",
        "  DataLoaderNode loader();",
        "}");
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:retry-max-retries]").inFile(g).onLineContaining("maxRetries = -1");
    // a 422 item is quoted whole: its location is part of the server's text
    assertThat(c).hadErrorContaining(
        "(state manager: \"body.retry_policy.max_retries: Input should be greater than or equal to 0\")");
    assertThat(c).hadErrorContaining("[exosphere:store-key-dot]").inFile(g).onLineContaining("\"a.b\"");
    assertThat(c).hadErrorContaining("body.store_config.required_keys: Value error, Key 'a.b' cannot contain '.' character");
    assertThat(c).hadErrorContaining("[exosphere:cron-invalid]").inFile(g).onLineContaining("not a cron");
    assertThat(c).hadErrorContaining("Invalid cron expression");
    assertThat(c).hadErrorCount(3);
  }

  @Test
  void emptyGraphNameOnTheName() {
    JavaFileObject g = graph("@Graph(name = \" \", namespace = \"ns\", secrets = \"api_key\")", LOADER_STEP,
        LOADER_INPUT, PROCESSOR_STEP, PROCESSOR_INPUT);
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("[exosphere:graph-name-empty]").inFile(g).onLineContaining("name = \" \"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void cycleIsAnError() {
    JavaFileObject g = source("G",
        HEADER,
        "public interface G {",
        "  @Step(next = \"a\")",
        "  @Input(name = \"source\", value = \"x\")",
        "  DataLoaderNode root();",
        "  @Step(next = \"b\")",
        "  @Input(name = \"data\", value = \"x\")",
        "  DataProcessorNode a();",
        "  @Step(next = \"a\")",
        "  @Input(name = \"data\", value = \"x\")",
        "  DataProcessorNode b();",
        "}");
    Compilation c = compile(g);
    assertThat(c).hadErrorContaining("is not acyclic");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void runTimeWarningIsAWarningAndStrictMakesItAnError() {
    JavaFileObject g = graph(HEADER, LOADER_STEP, LOADER_INPUT, "@Step @Unites(\"loader\")", PROCESSOR_INPUT);
    Compilation lenient = compile(g);
    assertThat(lenient).succeeded();
    assertThat(lenient).hadWarningContaining("[exosphere:unites-on-predecessor] node 'processor' unites its direct"
        + " predecessor 'loader'").inFile(g).onLineContaining("@Unites(\"loader\")");
    assertThat(lenient).hadWarningCount(1);

    Compilation strict = compile(g, "-Aexosphere.strict=true");
    assertThat(strict).hadErrorContaining("[exosphere:unites-on-predecessor]").inFile(g)
        .onLineContaining("@Unites(\"loader\")");
    assertThat(strict).hadErrorCount(1);
  }

  @Test
  void nodeNamespaceDifferentFromTheGraphsIsAWarning() {
    JavaFileObject node = source("Elsewhere",
        "@Node(namespace = \"other\")",
        "public final class Elsewhere {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    JavaFileObject g = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step",
        "  Elsewhere only();",
        "}");
    Compilation c = Fixtures.compile(List.of(node, g));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[exosphere:namespace-mismatch]").inFile(g).onLineContaining("@Step");
    assertThat(c).hadWarningCount(1);
  }
}
