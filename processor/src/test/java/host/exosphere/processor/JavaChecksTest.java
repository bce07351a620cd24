package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.compile;
import static host.exosphere.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every Java-side rule: its message, file and line, and that it is the only error (no cascades). */
class JavaChecksTest {

  private static JavaFileObject graphUsing(String nodeClass, String... inputs) {
    String[] lines = new String[inputs.length + 5];
    lines[0] = "@Graph(name = \"g\", namespace = \"ns\")";
    lines[1] = "public interface G {";
    lines[2] = "  @Step";
    System.arraycopy(inputs, 0, lines, 3, inputs.length);
    lines[inputs.length + 3] = "  " + nodeClass + " only();";
    lines[inputs.length + 4] = "}";
    return source("G", lines);
  }

  @Test
  void nodeWithoutInputsRecord() {
    JavaFileObject node = source("NoInputs",
        "@Node",
        "public final class NoInputs {",
        "  public record Outputs(String data) {}",
        "  public Outputs execute() { return null; }",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-records] @Node NoInputs has no nested record Inputs;"
        + " declare `public record Inputs(String field, ...) {}`").inFile(node).onLineContaining("@Node");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void nodeWithoutOutputsRecord() {
    JavaFileObject node = source("NoOutputs",
        "@Node",
        "public final class NoOutputs {",
        "  public record Inputs(String data) {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-records] @Node NoOutputs has no nested record Outputs")
        .inFile(node).onLineContaining("@Node");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void inputsThatIsNotARecord() {
    JavaFileObject node = source("ClassInputs",
        "@Node",
        "public final class ClassInputs {",
        "  public static final class Inputs {}",
        "  public record Outputs(String data) {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-records] @Node ClassInputs: Inputs must be a record")
        .inFile(node).onLineContaining("class Inputs");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void componentWithoutWireEncoding() {
    JavaFileObject node = source("DateNode",
        "@Node",
        "public final class DateNode {",
        "  public record Inputs(String name,",
        "                       java.util.Date when) {}",
        "  public record Outputs(String data) {}",
        "  public Outputs execute(Inputs inputs) { return null; }",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-field-type] Inputs.when is java.util.Date, which has no wire"
        + " encoding; declare it as String, a primitive type or its box, BigDecimal, BigInteger, an enum, UUID,"
        + " Instant, LocalDate, Duration, or a List, a Map with String keys or a record of these (sent as JSON)")
        .inFile(node).onLineContaining("java.util.Date when");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void componentWithLeadingUnderscore() {
    JavaFileObject node = source("Underscore",
        "@Node",
        "public final class Underscore {",
        "  public record Inputs(String _hidden) {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-field-name] Inputs._hidden starts with an underscore")
        .inFile(node).onLineContaining("_hidden");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void noExecuteMethod() {
    JavaFileObject node = source("Lazy",
        "@Node",
        "public final class Lazy {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-execute] @Node class Lazy has no public execute method;"
        + " add `public Outputs execute(Inputs inputs)`").inFile(node).onLineContaining("@Node");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void severalExecuteMethods() {
    JavaFileObject node = source("Twice",
        "@Node",
        "public final class Twice {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "  public void execute(Inputs inputs, NodeContext second) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-execute] @Node class Twice has 2 public execute methods;"
        + " keep exactly one").inFile(node).onLineContaining("NodeContext second");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void wrongParameter() {
    JavaFileObject node = source("WrongParam",
        "@Node",
        "public final class WrongParam {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs,",
        "                      String extra) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-execute-signature] @Node WrongParam: parameter extra of type"
        + " java.lang.String is not allowed here; execute takes Inputs first, then optionally Secrets (declare a"
        + " Secrets record first) and/or NodeContext").inFile(node).onLineContaining("String extra");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void inputsNotFirst() {
    JavaFileObject node = source("ContextFirst",
        "@Node",
        "public final class ContextFirst {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public record Secrets(String key) {}",
        "  public void execute(NodeContext context, Inputs inputs) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("parameter context of type host.exosphere.worker.NodeContext is not allowed"
        + " here; execute takes Inputs first").inFile(node).onLineContaining("NodeContext context");
    assertThat(c).hadErrorContaining("parameter inputs of type test.ContextFirst.Inputs is not allowed here")
        .inFile(node).onLineContaining("NodeContext context");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void wrongReturnType() {
    JavaFileObject node = source("WrongReturn",
        "@Node",
        "public final class WrongReturn {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public String execute(Inputs inputs) { return \"\"; }",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-execute-signature] execute returns java.lang.String; return"
        + " Outputs, List<Outputs> (one next state per element) or void (no outputs)")
        .inFile(node).onLineContaining("public String execute");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void nodeClassNotPublic() {
    JavaFileObject node = source("Hidden",
        "@Node",
        "final class Hidden {",
        "  Hidden(String config) {}",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-instantiation] @Node class Hidden must be public: the"
        + " generated adapter calls its execute method").inFile(node).onLineContaining("@Node");
    assertThat(c).hadErrorCount(1);
  }

  /** A node with collaborators has no no-argument constructor: the runtime is given an instance of it. */
  @Test
  void nodeWithoutNoArgumentConstructorCompilesAndItsAdapterDoesNotCreateIt() {
    JavaFileObject node = source("Charge",
        "@Node",
        "public final class Charge {",
        "  private final java.util.function.UnaryOperator<String> gateway;",
        "  public Charge(java.util.function.UnaryOperator<String> gateway) { this.gateway = gateway; }",
        "  public record Inputs(String amount) {}",
        "  public record Outputs(String receipt) {}",
        "  public Outputs execute(Inputs inputs) { return new Outputs(gateway.apply(inputs.amount())); }",
        "}");
    Compilation c = compile(node);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.ChargeAdapter").contentsAsUtf8String()
        .contains("((Charge) node).execute(new Charge.Inputs(inputs.get(\"amount\")))");
    assertThat(c).generatedSourceFile("test.ChargeAdapter").contentsAsUtf8String().doesNotContain("newNode");
  }

  @Test
  void nodeInterfaceNeedsNoExecute() {
    Compilation c = compile(Fixtures.python());
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.PythonReporterAdapter").contentsAsUtf8String()
        .contains("super(NAME, NAMESPACE, PythonReporter.class, false, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);");
  }

  @Test
  void nestedNodeGetsOuterInnerAdapter() {
    JavaFileObject outer = source("Outer",
        "public final class Outer {",
        "  @Node",
        "  public static final class Inner {",
        "    public record Inputs(String a) {}",
        "    public record Outputs(String b) {}",
        "    public Outputs execute(Inputs inputs) { return new Outputs(inputs.a()); }",
        "  }",
        "}");
    Compilation c = compile(outer);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.Outer_InnerAdapter").contentsAsUtf8String()
        .contains("((Outer.Inner) node).execute(new Outer.Inner.Inputs(inputs.get(\"a\")))");
    assertThat(c).generatedSourceFile("test.Outer_InnerStep");
  }

  @Test
  void graphOnAClass() {
    JavaFileObject graph = source("ClassGraph",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public abstract class ClassGraph {",
        "}");
    Compilation c = compile(graph);
    assertThat(c).hadErrorContaining("[exosphere:graph-kind] @Graph goes on an interface whose abstract @Step"
        + " methods are the graph's steps; make ClassGraph an interface").inFile(graph).onLineContaining("@Graph");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void stepReturningANonNode() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"b\")",
        "  String a();",
        "  @Step",
        "  @Input(name = \"data\", value = \"${{ a.outputs.x }}\")",
        "  MergeNode b();",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:step-not-node] @Step method a returns java.lang.String, which is"
        + " not a @Node type; return the node class this step runs").inFile(graph).onLineContaining("@Step(next");
    assertThat(c).hadWarningContaining("[exosphere:unknown-input] node MergeNode has no input 'data'");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void stepWithABody() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step",
        "  default MergeNode only() { return null; }",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:step-method] @Step method only must be abstract")
        .inFile(graph).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void stepInAClass() {
    JavaFileObject type = source("NotAGraph",
        "public abstract class NotAGraph {",
        "  @Step",
        "  abstract MergeNode only();",
        "}");
    Compilation c = compile(List.of(type, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:step-outside-graph] @Step method only is in class NotAGraph, but"
        + " steps are abstract methods of an @Graph interface (or of an interface an @Graph interface extends);"
        + " move it into one").inFile(type).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void stepInARecord() {
    JavaFileObject type = source("NotAGraph",
        "public record NotAGraph() {",
        "  @Step",
        "  MergeNode only() { return null; }",
        "}");
    Compilation c = compile(List.of(type, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:step-outside-graph] @Step method only is in record NotAGraph")
        .inFile(type).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void inputWithoutStep() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step",
        "  MergeNode only();",
        "  @Input(name = \"x\", value = \"y\")",
        "  MergeNode forgotten();",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:step-method] method forgotten has @Input but no @Step")
        .inFile(graph).onLineContaining("@Input(name = \"x\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void twoClassesWithTheSameNodeName() {
    JavaFileObject other = source("OtherMerge",
        "@Node(name = \"MergeNode\")",
        "public final class OtherMerge {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"second\")",
        "  MergeNode first();",
        "  @Step",
        "  OtherMerge second();",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.merge(), other));
    assertThat(c).hadErrorContaining("[exosphere:node-name-clash] step second runs test.OtherMerge but"
        + " test.MergeNode is also named 'MergeNode' in this graph").inFile(graph).onLineContaining("second();");
    // Without @Node(namespace) both take the graph's: one error, on the step (issue 13: no "namespace ''").
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void undeclaredSecret() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\",",
        "       secrets = {\"api_kay\"})",
        "public interface G {",
        "  @Step",
        "  @Input(name = \"source\", value = \"s3://bucket\")",
        "  DataLoaderNode load();",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.loader()));
    assertThat(c).hadErrorContaining("[exosphere:missing-secret] node DataLoaderNode (step load) needs secret"
        + " 'api_key', which @Graph(secrets) does not declare; add \"api_key\" to secrets (did you mean"
        + " \"api_kay\"?) (state manager: \"Secret api_key is required but not present in the graph template\")")
        .inFile(graph).onLineContaining("secrets = {\"api_kay\"}");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void unknownInputIsAWarningWithSuggestion() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\", secrets = \"api_key\")",
        "public interface G {",
        "  @Step",
        "  @Input(name = \"source\", value = \"s3://bucket\")",
        "  @Input(name = \"sourse\", value = \"typo\")",
        "  DataLoaderNode load();",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.loader()));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[exosphere:unknown-input] node DataLoaderNode has no input 'sourse'"
        + " (did you mean \"source\"?); its inputs are [source]. The state manager accepts the extra key, but the"
        + " node never sees it").inFile(graph).onLineContaining("\"sourse\"");
    assertThat(c).hadWarningCount(1);
  }

  /** Strict as {@code -Aexosphere.strict=true} and as the option alone, without a value. */
  @Test
  void unknownInputIsAnErrorWhenStrict() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\", secrets = \"api_key\")",
        "public interface G {",
        "  @Step",
        "  @Input(name = \"source\", value = \"s3://bucket\")",
        "  @Input(name = \"other\", value = \"x\")",
        "  DataLoaderNode load();",
        "}");
    for (String strict : List.of("-Aexosphere.strict=true", "-Aexosphere.strict")) {
      Compilation c = Fixtures.compiler().withOptions("-Xlint:-processing", strict)
          .compile(List.of(graph, Fixtures.loader()));
      assertThat(c).hadErrorContaining("[exosphere:unknown-input] node DataLoaderNode has no input 'other';"
          + " its inputs are [source]").inFile(graph).onLineContaining("\"other\"");
      assertThat(c).hadErrorCount(1);
    }
  }

  @Test
  void missingInputCarriesTheServerText() {
    JavaFileObject graph = graphUsing("DataProcessorNode");
    Compilation c = compile(List.of(graph, Fixtures.processor()));
    assertThat(c).hadErrorContaining("[exosphere:missing-input] step only does not map input 'data' of node"
        + " DataProcessorNode; add @Input(name = \"data\", value = \"...\") (state manager: \"Input data in node"
        + " DataProcessorNode in namespace ns is not present in the graph template\")")
        .inFile(graph).onLineContaining("@Step");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void duplicateInput() {
    JavaFileObject graph = graphUsing("DataProcessorNode",
        "  @Input(name = \"data\", value = \"one\")",
        "  @Input(name = \"data\", value = \"two\")");
    Compilation c = compile(List.of(graph, Fixtures.processor()));
    assertThat(c).hadErrorContaining("[exosphere:duplicate-input] input 'data' of step only is mapped twice")
        .inFile(graph).onLineContaining("\"two\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void duplicateSecretAndStoreDefault() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\", secrets = {\"k\",",
        "                                              \"k\"})",
        "@Store(defaults = {@Store.Default(key = \"a\", value = \"1\"),",
        "                   @Store.Default(key = \"a\", value = \"2\")})",
        "public interface G {",
        "  @Step",
        "  MergeNode only();",
        "}");
    Compilation c = compile(List.of(graph, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:duplicate-secret] secret 'k' is declared twice")
        .inFile(graph).onLineContaining("                                              \"k\"})");
    assertThat(c).hadErrorContaining("[exosphere:duplicate-store-default] store default 'a' is given twice; keep"
        + " one (state manager: \"Key 'a' is duplicated\")").inFile(graph).onLineContaining("value = \"2\"");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void brokenNodeGivesOneErrorEvenWhenAGraphUsesIt() {
    JavaFileObject node = source("Broken",
        "@Node",
        "public final class Broken {",
        "  public record Inputs(Object n) {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    JavaFileObject graph = graphUsing("Broken");
    Compilation c = compile(List.of(graph, node));
    assertThat(c).hadErrorContaining("[exosphere:node-field-type] Inputs.n is java.lang.Object")
        .inFile(node).onLineContaining("Object n");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void unknownTypeIsLeftToJavac() {
    JavaFileObject graph = source("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step",
        "  NotGeneratedYet only();",
        "}");
    Compilation c = compile(graph);
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(graph).onLineContaining("NotGeneratedYet");
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadNoteContaining("[exosphere:unresolved-type] did not check G").inFile(graph);
  }

  @Test
  void twoGraphsWithTheSameNameAndNamespace() {
    JavaFileObject first = source("First",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface First {",
        "  @Step",
        "  MergeNode only();",
        "}");
    JavaFileObject second = source("Second",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface Second {",
        "  @Step",
        "  MergeNode only();",
        "}");
    Compilation c = compile(List.of(first, second, Fixtures.merge()));
    assertThat(c).hadErrorContaining("[exosphere:graph-name-clash] @Graph test.Second and test.First both define"
        + " graph 'g' in namespace 'ns'").inFile(second).onLineContaining("name = \"g\"");
    assertThat(c).hadErrorCount(1);
  }

  /** 'Fetch' and 'fetch' are two nodes to the state manager, but one resource file on macOS or Windows. */
  @Test
  void namesDifferingOnlyInCaseAreAWarning() {
    JavaFileObject upper = source("Upper",
        "@Node(name = \"Fetch\") public interface Upper { record Inputs() {} record Outputs() {} }");
    JavaFileObject lower = source("Lower",
        "@Node(name = \"fetch\") public interface Lower { record Inputs() {} record Outputs() {} }");
    JavaFileObject first = source("First",
        "@Graph(name = \"etl\", namespace = \"ns\")",
        "public interface First {",
        "  @Step",
        "  MergeNode only();",
        "}");
    JavaFileObject second = source("Second",
        "@Graph(name = \"ETL\", namespace = \"ns\")",
        "public interface Second {",
        "  @Step",
        "  MergeNode only();",
        "}");
    Compilation c = compile(List.of(upper, lower, first, second, Fixtures.merge()));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[exosphere:resource-case-clash] test.Lower writes"
        + " META-INF/exosphere/nodes/fetch.json and test.Upper writes META-INF/exosphere/nodes/Fetch.json: the"
        + " paths differ only in letter case").inFile(lower).onLineContaining("@Node");
    assertThat(c).hadWarningContaining("[exosphere:resource-case-clash] test.Second writes"
        + " META-INF/exosphere/graphs/ns/ETL.json and test.First writes META-INF/exosphere/graphs/ns/etl.json")
        .inFile(second).onLineContaining("name = \"ETL\"");
    assertThat(c).hadWarningCount(2);
    Compilation strict = Fixtures.compiler().withOptions("-Xlint:-processing", "-Aexosphere.strict=true")
        .compile(List.of(upper, lower, Fixtures.merge()));
    assertThat(strict).hadErrorContaining("[exosphere:resource-case-clash]").inFile(lower);
    assertThat(strict).hadErrorCount(1);
  }

  /**
   * 'a b' and 'a_b' are different names to the state manager, so their generated resources must differ too
   * (they used to share a_b.json and be refused as a clash; found by ConformanceVariantsTest).
   */
  @Test
  void namesDifferingOnlyInUnsafeCharactersGetTheirOwnResources() {
    JavaFileObject n1 = source("N1", "@Node(name = \"a b\") public interface N1 { record Inputs() {} record Outputs() {} }");
    JavaFileObject n2 = source("N2", "@Node(name = \"a_b\") public interface N2 { record Inputs() {} record Outputs() {} }");
    JavaFileObject n3 = source("N3", "@Node(name = \"*/\") public interface N3 { record Inputs() {} record Outputs() {} }");
    JavaFileObject n4 = source("N4", "@Node(name = \"/*\") public interface N4 { record Inputs() {} record Outputs() {} }");
    JavaFileObject g1 = source("G1", "@Graph(name = \"g x\", namespace = \"ns\") public interface G1 { @Step N1 one(); }");
    JavaFileObject g2 = source("G2", "@Graph(name = \"g_x\", namespace = \"ns\") public interface G2 { @Step N2 one(); }");
    JavaFileObject g3 = source("G3", "@Graph(name = \"..\", namespace = \"ns\") public interface G3 { @Step(next = \"two\") N3 one();"
        + " @Step N4 two(); }");
    Compilation c = compile(List.of(n1, n2, n3, n4, g1, g2, g3));
    assertThat(c).succeeded();
    for (String path : List.of("nodes/a~0020b.json", "nodes/a_b.json", "nodes/~002a~002f.json", "nodes/~002f~002a.json",
        "graphs/ns/g~0020x.json", "graphs/ns/g_x.json", "graphs/ns/~...json")) {
      assertThat(c).generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/" + path);
    }
  }
}
