package host.exosphere.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Sources.compile;
import static host.exosphere.processor.Sources.errorAt;
import static host.exosphere.processor.Sources.files;
import static host.exosphere.processor.Sources.node;
import static host.exosphere.processor.Sources.onlyErrorAt;
import static host.exosphere.processor.Sources.src;

import com.google.testing.compile.Compilation;
import host.exosphere.processor.Sources.Src;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The minimal reproductions of issue 13's fuzz findings: each input either compiles, generated code and
 * all, or gets one positioned error; none reaches {@code [exosphere:internal-error]} or an error inside
 * generated code.
 */
class FuzzFindingsTest {
  private static final Src ONE = node("One");

  /** No warning at all, also with every lint on: what a user's {@code -Xlint:all -Werror} build sees. */
  private static Compilation compileLinted(Src... sources) {
    Compilation c = Fixtures.compiler().withOptions("-Xlint:all", "-Xlint:-processing").compile(files(sources));
    assertThat(c).succeededWithoutWarnings();
    return c;
  }

  @Test
  void lineSeparatorsInNamesCompile() throws Exception {
    Src g = src("G",
        "@Graph(name = \"sa\\u2028les\", namespace = \"n\\u2029s\", secrets = {\"x\\u2028y\"})",
        "@Store(requiredKeys = \"k\\u2028\", defaults = @Store.Default(key = \"d\\u2029\", value = \"v\\u2028\"))",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"${{ store.k\\u2028 }}\") One load();",
        "}");
    Compilation c = compileLinted(ONE, g);
    String graph = c.generatedSourceFile("test.GGraph").orElseThrow().getCharContent(true).toString();
    assertThat(graph).contains("\"sa\" + (char) 0x2028 + \"les\"");
  }

  @Test
  void aStoreKeyNamedTriggerAndThreeHundredRequiredKeysCompile() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "@Store(requiredKeys = {\"trigger\", \"client\"})",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"${{ store.trigger }}\") One load();",
        "}");
    compileLinted(ONE, g);

    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      keys.append(i == 0 ? "" : ", ").append("\"k").append(i).append('"');
    }
    Src many = src("Many",
        "@Graph(name = \"many\", namespace = \"ns\")",
        "@Store(requiredKeys = {" + keys + "})",
        "public interface Many {",
        "  @Step @Input(name = \"a\", value = \"${{ store.k1 }}\") One load();",
        "}");
    compileLinted(ONE, many);
  }

  @Test
  void classesOfTheUsersPackageNamedLikeJavaLangTypesDoNotBreakGeneratedCode() {
    List<Src> all = new ArrayList<>(List.of(ONE, Fixtures2.secretNode()));
    for (String name : List.of("Exception", "Override", "Object", "Class", "IllegalStateException",
        "SuppressWarnings")) {
      all.add(src(name, "public class " + name + " {}"));
    }
    all.add(src("G",
        "@Graph(name = \"g\", namespace = \"ns\", secrets = \"s\")",
        "public interface G {",
        "  @Step(next = \"b\") @Input(name = \"a\", value = \"x\") One load();",
        "  @Step @Input(name = \"a\", value = \"x\") WithSecret b();",
        "}"));
    compileLinted(all.toArray(new Src[0]));
  }

  @Test
  void typesTheAdapterCannotReachAreErrorsOnTheDeclaration() {
    Src priv = src("Priv",
        "@Node",
        "public final class Priv {",
        "  private record Inputs(String a) {}",
        "  public record Outputs(String b) {}",
        "  public Outputs execute(Inputs in) { return null; }",
        "}");
    Src outer = src("Outer",
        "public class Outer {",
        "  private static class Mid {",
        "    @Node",
        "    public static final class Deep {",
        "      public record Inputs(String a) {}",
        "      public record Outputs(String b) {}",
        "      public Outputs execute(Inputs in) { return null; }",
        "    }",
        "  }",
        "}");
    Compilation c = compile(priv, outer);
    errorAt(c, "[exosphere:node-access] @Node Priv: record Inputs is private, but the generated adapter (in the"
        + " same package) creates it: make it public", priv, "record Inputs");
    errorAt(c, "[exosphere:node-access] @Node Deep is nested in private class Mid", outer, "@Node");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void generatedNamesThatAreTakenArePositionedErrors() {
    Src inner = src("Outer",
        "public class Outer {",
        "  @Node",
        "  public static final class Inner {",
        "    public record Inputs(String a) {}",
        "    public record Outputs(String b) {}",
        "    public Outputs execute(Inputs in) { return null; }",
        "  }",
        "}");
    Src flat = node("Outer_Inner");
    Src handWritten = src("OneStep", "public class OneStep {}");
    Src wfGraph = node("WfGraph");
    Src wf = src("Wf",
        "@Graph(name = \"wf\", namespace = \"ns\")",
        "public interface Wf {",
        "  @Step @Input(name = \"a\", value = \"x\") WfGraph load();",
        "}");
    Compilation c = compile(ONE, flat, inner, handWritten, wfGraph, wf);
    errorAt(c, "[exosphere:generated-name-clash] the processor writes test.OneStep for test.One, but"
        + " test.OneStep is already declared in this compilation", ONE, "@Node");
    errorAt(c, "the processor writes test.Outer_InnerAdapter for test.Outer.Inner, but it writes the same class"
        + " for test.Outer_Inner", inner, "@Node");
    errorAt(c, "the processor writes test.Outer_InnerStep for test.Outer.Inner", inner, "@Node");
    errorAt(c, "the processor writes test.WfGraph for test.Wf", wf, "@Graph");
    assertThat(c).hadErrorCount(4);
    assertThat(c.diagnostics().toString()).doesNotContain("internal-error");
  }

  @Test
  void namesTooLongForAFileArePositionedErrors() {
    String ascii = "g".repeat(251); // 251 + ".json" = 256 bytes
    String wide = "ä".repeat(52); // each written ~00e4: 260 bytes
    Src g = src("G",
        "@Graph(name = \"" + ascii + "\", namespace = \"" + wide + "\")",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") One load();",
        "}");
    Compilation c = compile(ONE, g);
    errorAt(c, "[exosphere:name-too-long] the graph name 'gggg", g, "\"ggg");
    errorAt(c, "[exosphere:name-too-long] the namespace 'ää", g, "\"ää");
    assertThat(c).hadErrorCount(2);
    assertThat(c.diagnostics().toString()).doesNotContain("internal-error");
  }

  @Test
  void anUnresolvedConstantInAnAnnotationLeavesOnlyJavacsError() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "@Retry(maxRetries = MAX_RETRIES)",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") One load();",
        "}");
    Compilation c = compile(ONE, g);
    onlyErrorAt(c, "cannot find symbol", g, "MAX_RETRIES");
    assertThat(c.diagnostics().toString()).doesNotContain("[exosphere:");
  }

  @Test
  void aMissingImportOfAnAnnotationLeavesOnlyJavacsErrors() {
    List<String> steps = new ArrayList<>(List.of(
        "package test;",
        "import host.exosphere.annotations.Graph;",
        "import host.exosphere.annotations.Input;",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {"));
    for (int i = 0; i < 20; i++) {
      steps.add("  @Step" + (i < 19 ? "(next = \"s" + (i + 1) + "\")" : "") + " @Input(name = \"a\", value = \"x\")"
          + " One s" + i + "();");
    }
    steps.add("}");
    JavaFileObject g = com.google.testing.compile.JavaFileObjects.forSourceLines("test.G", steps);
    List<JavaFileObject> sources = new ArrayList<>(files(ONE));
    sources.add(g);
    Compilation c = Fixtures.compile(sources);
    assertThat(c).hadErrorCount(20);
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      assertThat(d.getMessage(Locale.ROOT)).contains("cannot find symbol");
    }
  }

  @Test
  void eachDiagnosticQuotesOnlyItsOwnServerLine() {
    List<String> body = new ArrayList<>(List.of("@Graph(name = \"g\", namespace = \"ns\")", "public interface G {"));
    StringBuilder next = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      next.append(i == 0 ? "" : ", ").append("\"w").append(i).append('"');
    }
    body.add("  @Step(next = {" + next + "}) @Input(name = \"a\", value = \"x\") One root();");
    for (int i = 0; i < 50; i++) {
      body.add("  @Step @Input(name = \"a\", value = \"${{ rooot.outputs.b }}\") One w" + i + "();");
    }
    body.add("}");
    Src g = src("G", body.toArray(new String[0]));
    Compilation c = compile(ONE, g);
    assertThat(c).hadErrorCount(50);
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      String message = d.getMessage(Locale.ROOT);
      assertThat(message).contains("[exosphere:input-not-parent]");
      assertThat(message.length()).isLessThan(1_000);
    }
  }

  @Test
  void nodesOfOneNameInTwoPackagesUsedInTwoNamespacesCompile() {
    Src alpha = node("alpha", "Loader", false);
    Src beta = node("beta", "Loader", false);
    Src a = Sources.in("alpha", "A",
        "@Graph(name = \"a\", namespace = \"alpha\")",
        "public interface A {",
        "  @Step @Input(name = \"a\", value = \"x\") Loader load();",
        "}");
    Src b = Sources.in("beta", "B",
        "@Graph(name = \"b\", namespace = \"beta\")",
        "public interface B {",
        "  @Step @Input(name = \"a\", value = \"x\") Loader load();",
        "}");
    Compilation c = compileLinted(alpha, beta, a, b);
    assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/nodes/Loader.json").isPresent())
        .isTrue();
    assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/nodes/~java/beta.Loader.json")
        .isPresent()).isTrue();
  }

  @Test
  void executeAndRecordsInheritedFromABaseClassCount() {
    Src base = src("BaseNode",
        "public abstract class BaseNode {",
        "  public record Inputs(String a) {}",
        "  public record Outputs(String b) {}",
        "  public Outputs execute(Inputs in) { return new Outputs(in.a()); }",
        "}");
    Src sub = src("SubNode", "@Node", "public final class SubNode extends BaseNode {}");
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") SubNode load();",
        "}");
    compileLinted(base, sub, g);
  }

  @Test
  void deprecatedNodesLeaveNoWarningInGeneratedCode() {
    Src dep = src("Dep",
        "@Deprecated",
        "@Node",
        "public final class Dep {",
        "  public record Inputs(String a) {}",
        "  public record Outputs(String b) {}",
        "  public Outputs execute(Inputs in) { return null; }",
        "}");
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "@SuppressWarnings(\"deprecation\")",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") Dep load();",
        "}");
    compileLinted(dep, g);
  }

  @Test
  void aSecretNameLongerThanJacksonReadsIsAnError() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\", secrets = {\"ok\",",
        "  \"" + "s".repeat(50_001) + "\"})",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") One load();",
        "}");
    Compilation c = compile(ONE, g);
    errorAt(c, "[exosphere:name-too-long] the secret name 'ssss", g, "\"sss");
    errorAt(c, "has 50001 characters; the generated class reads the template with Jackson", g, "\"sss");
    assertThat(c).hadErrorCount(1);
  }

  /** Sources used only here. */
  static final class Fixtures2 {
    static Src secretNode() {
      return src("WithSecret",
          "@Node",
          "public final class WithSecret {",
          "  public record Inputs(String a) {}",
          "  public record Outputs(String b) {}",
          "  public record Secrets(String s) {}",
          "  public Outputs execute(Inputs in, Secrets secrets) { return null; }",
          "}");
    }
  }
}
