package host.exosphere.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Sources.compile;
import static host.exosphere.processor.Sources.errorAt;
import static host.exosphere.processor.Sources.files;
import static host.exosphere.processor.Sources.node;
import static host.exosphere.processor.Sources.onlyErrorAt;
import static host.exosphere.processor.Sources.src;
import static host.exosphere.processor.Sources.warningAt;

import com.google.testing.compile.Compilation;
import host.exosphere.processor.Sources.Src;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The mistakes a new user makes whose diagnostics were not good enough (issue 13's table): each gives one
 * diagnostic, on the value to change, saying what to do.
 */
class ActionableDiagnosticsTest {
  private static final Src ONE = node("One");
  private static final Src SPLIT = node("test", "Split", true);

  @Test
  void unitingTheFanOutStepWarnsAndSaysWhichStepToUnite() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"split\") @Input(name = \"a\", value = \"x\") One load();",
        "  @Step(next = \"work\") @Input(name = \"a\", value = \"x\") Split split();",
        "  @Step(next = \"join\") @Input(name = \"a\", value = \"${{ split.outputs.b }}\") One work();",
        "  @Step @Unites(\"split\") @Input(name = \"a\", value = \"x\") One join();",
        "}");
    Compilation c = compile(ONE, SPLIT, g);
    assertThat(c).succeeded();
        String unites = "\"split\") @Input(name = \"a\", value = \"x\") One join";
    warningAt(c, "[exosphere:unites-fan-out] step join unites 'split', which fans out (Split.execute returns"
        + " List<Outputs>)", g, unites);
    warningAt(c, "unite the step above the fan-out (@Unites(\"load\")) to wait for every branch", g, unites);

    Compilation strict = Fixtures.compiler().withOptions("-Xlint:-processing", "-Aexosphere.strict=true")
        .compile(files(ONE, SPLIT, g));
    errorAt(strict, "[exosphere:unites-fan-out]", g, unites);
    assertThat(strict).hadErrorCount(1);
  }

  @Test
  void readingAUnitingStepGivesAdviceThatCompilesAndQuotesOnlyItsOwnServerLine() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"split\") @Input(name = \"a\", value = \"x\") One load();",
        "  @Step(next = \"work\") @Input(name = \"a\", value = \"x\") Split split();",
        "  @Step(next = \"charge\") @Input(name = \"a\", value = \"${{ split.outputs.b }}\") One work();",
        "  @Step(next = \"confirm\") @Unites(\"load\") @Input(name = \"a\", value = \"x\") One charge();",
        "  @Step @Input(name = \"a\", value = \"${{ charge.outputs.b }}\") One confirm();",
        "}");
    Compilation c = compile(ONE, SPLIT, g);
    errorAt(c, "[exosphere:input-not-parent] input 'a' reads the outputs of 'charge', but children of a unites"
        + " node cannot read it", g, "\"${{ charge");
    errorAt(c, "Move the unite onto a thin join node that only unites 'load' and lists 'charge' in its"
        + " next_nodes, and drop the unite from 'charge'", g, "\"${{ charge");
    onlyErrorAt(c, "(state manager: \"Input ${{ charge.outputs.b }} depends on charge but charge is not a parent of"
        + " confirm\")", g, "\"${{ charge");

    // Doing what it says compiles, without a warning.
    Src fixed = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"split\") @Input(name = \"a\", value = \"x\") One load();",
        "  @Step(next = \"work\") @Input(name = \"a\", value = \"x\") Split split();",
        "  @Step(next = \"join\") @Input(name = \"a\", value = \"${{ split.outputs.b }}\") One work();",
        "  @Step(next = \"charge\") @Unites(\"load\") @Input(name = \"a\", value = \"x\") One join();",
        "  @Step(next = \"confirm\") @Input(name = \"a\", value = \"x\") One charge();",
        "  @Step @Input(name = \"a\", value = \"${{ charge.outputs.b }}\") One confirm();",
        "}");
    Compilation after = compile(ONE, SPLIT, fixed);
    assertThat(after).succeeded();
    assertThat(after).hadWarningCount(0);
  }

  @Test
  void aGraphExtendingAGraphReportsAnInheritedMistakeOnce() {
    Src base = src("OrderPipeline",
        "@Graph(name = \"orders\", namespace = \"ns\")",
        "public interface OrderPipeline {",
        "  @Step(next = \"ship\") @Input(name = \"a\", value = \"x\") One receive();",
        "  @Step @Input(name = \"a\", value = \"${{ receive.outputs.sku }}\") One ship();",
        "}");
    Src nightly = src("NightlyOrderPipeline",
        "@Graph(name = \"nightly-orders\", namespace = \"ns\")",
        "public interface NightlyOrderPipeline extends OrderPipeline {}");
    Compilation c = compile(ONE, base, nightly);
    onlyErrorAt(c, "[exosphere:output-field-missing] input 'a' reads output 'sku' of 'receive'", base, "\"${{ receive");
  }

  @Test
  void aSingleBracePlaceholderIsAWarning() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"ship\") @Input(name = \"a\", value = \"x\") One receive();",
        "  @Step @Input(name = \"a\", value = \"${ receive.outputs.b }\") One ship();",
        "}");
    Compilation c = compile(ONE, g);
    assertThat(c).succeeded();
    warningAt(c, "[exosphere:placeholder-single-brace] input 'a' holds '${ receive.outputs.b }', which looks like"
        + " a placeholder but is not one: placeholders take two braces", g, "\"${ receive");
    assertThat(c).hadWarningCount(1);
  }

  @Test
  void aPlaceholderWithoutItsFieldOrWithOutputMisspeltSaysSo() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = {\"v\", \"u\"}) @Input(name = \"a\", value = \"x\") One receive();",
        "  @Step @Input(name = \"a\", value = \"${{ receive.outputs }}\") One v();",
        "  @Step @Input(name = \"a\", value = \"${{ receive.output.b }}\") One u();",
        "}");
    Compilation c = compile(ONE, g);
    errorAt(c, "'receive.outputs' is missing the field: write ${{ receive.outputs.<field> }}", g,
        "\"${{ receive.outputs }}");
    errorAt(c, "'output': did you mean 'outputs'?", g, "\"${{ receive.output.b");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void aNameTheUrlPathCannotCarryIsAnError() {
    Src g = src("G",
        "@Graph(name = \"order pipeline/v2\",",
        "       namespace = \"acme/orders\")",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") One receive();",
        "}");
    Compilation c = compile(ONE, g);
    errorAt(c, "[exosphere:name-in-url] the graph name 'order pipeline/v2' contains '/'", g, "\"order pipeline");
    errorAt(c, "[exosphere:name-in-url] the namespace 'acme/orders' contains '/'", g, "\"acme/orders");
    errorAt(c, "'order pipeline/v2' contains '/': it is a segment of the state manager's URL path"
        + " (/v0/namespace/<namespace>/graph/<name>), where '/' splits it (even encoded as %2F, which the server"
        + " decodes before routing) and the upload answers 404 Not Found", g, "\"order pipeline");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void runTimeWarningsComeInTheSameCompileAsTemplateErrors() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "@Store(requiredKeys = \"k\")",
        "@Cron(\"0 9 * * 1-5\")",
        "public interface G {",
        "  @Step(next = {\"x\", \"y\"}) @Input(name = \"a\", value = \"${{ store.k }}\") One receive();",
        "  @Step @Input(name = \"a\", value = \"${{ y.outputs.b }}\") One x();",
        "  @Step @Input(name = \"a\", value = \"x\") One y();",
        "}");
    Compilation c = compile(ONE, g);
    errorAt(c, "[exosphere:input-not-parent]", g, "\"${{ y.outputs");
    warningAt(c, "[exosphere:cron-with-required-store]", g, "\"0 9");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aStepReturningAPlainTypeIsOneErrorWithTheServersText() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"ship\") @Input(name = \"a\", value = \"x\") One load();",
        "  @Step String ship();",
        "}");
    Compilation c = compile(ONE, g);
    onlyErrorAt(c, "[exosphere:step-not-node] @Step method ship returns java.lang.String, which is not a @Node type;"
        + " return the node class this step runs (state manager, once uploaded: \"Node String in namespace ns"
        + " does not exist.\")", g, "@Step String");
  }

  @Test
  void genericNodesAreRefusedOnTheDeclaration() {
    Src generic = src("Gen",
        "@Node",
        "public final class Gen<T> {",
        "  public record Inputs(String a) {}",
        "  public record Outputs(String b) {}",
        "  public Outputs execute(Inputs in) { return null; }",
        "}");
    Src genericExecute = src("GenExec",
        "@Node",
        "public final class GenExec {",
        "  public record Inputs(String a) {}",
        "  public record Outputs(String b) {}",
        "  public <T> Outputs execute(Inputs in) { return null; }",
        "}");
    Src genericInputs = src("GenInputs",
        "@Node",
        "public final class GenInputs {",
        "  public record Inputs<T>(String a) {}",
        "  public record Outputs(String b) {}",
        "  public Outputs execute(Inputs<String> in) { return null; }",
        "}");
    Compilation c = compile(generic, genericExecute, genericInputs);
    errorAt(c, "[exosphere:node-generic] @Node Gen declares type parameters T;", generic, "@Node");
    errorAt(c, "[exosphere:node-generic] @Node GenExec: execute declares type parameters T;", genericExecute,
        "execute");
    errorAt(c, "[exosphere:node-generic] @Node GenInputs: record Inputs declares type parameters T;",
        genericInputs, "record Inputs<T>");
    assertThat(c).hadErrorCount(3);
  }

  @Test
  void aCycleIsReportedOnTheNextValueThatClosesIt() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "public interface G {",
        "  @Step(next = \"b\") @Input(name = \"a\", value = \"x\") One a();",
        "  @Step(next = \"c\") @Input(name = \"a\", value = \"x\") One b();",
        "  @Step(next = \"back\") @Input(name = \"a\", value = \"x\") One c();",
        "  @Step(next = \"b\") @Input(name = \"a\", value = \"x\") One back();",
        "}");
    Compilation c = compile(ONE, g);
    onlyErrorAt(c, "[exosphere:cycle] node 'b' is on a cycle of next_nodes", g, "\"b\") @Input(name = \"a\", value = \"x\") One back");
  }

  @Test
  void aCronFieldOutOfRangeIsNamed() {
    Src g = src("G",
        "@Graph(name = \"g\", namespace = \"ns\")",
        "@Cron(\"61 6 * * *\")",
        "public interface G {",
        "  @Step @Input(name = \"a\", value = \"x\") One a();",
        "}");
    Compilation c = compile(ONE, g);
    onlyErrorAt(c, "[exosphere:cron-invalid] cron expression '61 6 * * *' is not valid: the minute field '61' has 61,"
        + " out of range 0-59", g, "\"61");
  }

  @Test
  void twoNodeClassesOfOneNameInOneNamespaceAreNamedWithTheNamespace() {
    Src alpha = node("alpha", "AllReserved", false);
    Src beta = node("beta", "AllReserved", false);
    Src first = in("graphs", "First",
        "@Graph(name = \"first\", namespace = \"shop\")",
        "public interface First {",
        "  @Step @Input(name = \"a\", value = \"x\") alpha.AllReserved reserve();",
        "}");
    Src second = in("graphs", "Second",
        "@Graph(name = \"second\", namespace = \"shop\")",
        "public interface Second {",
        "  @Step @Input(name = \"a\", value = \"x\") beta.AllReserved reserve();",
        "}");
    Compilation c = compile(alpha, beta, first, second);
    onlyErrorAt(c, "[exosphere:node-name-clash] step reserve runs @Node beta.AllReserved, named 'AllReserved' in"
        + " namespace 'shop', but another graph already uses @Node alpha.AllReserved", second, "@Step");
    assertThat(c.diagnostics().toString().toLowerCase(Locale.ROOT)).doesNotContain("namespace ''");
  }

  private static Src in(String pkg, String name, String... body) {
    return Sources.in(pkg, name, body);
  }
}
