package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library of step interfaces and nodes compiled on its own, and a {@code @Graph} interface compiled
 * later against the library's classes, as with a shared module or a jar.
 */
class SeparateCompilationTest {
  @TempDir
  Path library;

  private static JavaFileObject source(String qualifiedName, String... lines) {
    List<String> all = new ArrayList<>();
    all.add("package " + qualifiedName.substring(0, qualifiedName.lastIndexOf('.')) + ";");
    all.add("");
    all.add("import host.exosphere.annotations.*;");
    all.add("import lib.*;");
    all.add("");
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines(qualifiedName, all);
  }

  /** The test nodes, moved to package {@code lib}. */
  private static List<JavaFileObject> nodes() {
    List<JavaFileObject> nodes = new ArrayList<>();
    for (JavaFileObject node : Fixtures.nodes()) {
      try {
        String text = node.getCharContent(true).toString().replace("package test;", "package lib;");
        String name = node.getName().substring(node.getName().lastIndexOf('/') + 1).replace(".java", "");
        nodes.add(JavaFileObjects.forSourceString("lib." + name, text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return nodes;
  }

  /** Compiles the library with the processor and writes its class output to {@link #library}. */
  private Compilation compileLibrary(JavaFileObject... interfaces) {
    List<JavaFileObject> sources = new ArrayList<>(nodes());
    sources.addAll(List.of(interfaces));
    return writeLibrary(Fixtures.compile(sources));
  }

  private Compilation writeLibrary(Compilation c) {
    for (JavaFileObject file : c.generatedFiles()) {
      String path = file.toUri().getPath();
      int output = path.indexOf("/CLASS_OUTPUT/");
      if (output < 0) {
        continue;
      }
      Path target = library.resolve(path.substring(output + "/CLASS_OUTPUT/".length()));
      try (InputStream in = file.openInputStream()) {
        Files.createDirectories(target.getParent());
        Files.copy(in, target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return c;
  }

  /** Compiles {@code graph} with the library's classes, not its sources, on the class path. */
  private Compilation compileAgainstLibrary(JavaFileObject graph) {
    List<File> classpath = new ArrayList<>();
    classpath.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return Fixtures.compiler().withClasspath(classpath).compile(graph);
  }

  private static JavaFileObject loading(String processorInput, String processorNext) {
    return source("lib.Loading",
        "public interface Loading {",
        "  @Step(next = \"processor\")",
        "  @Input(name = \"source\", value = \"s3://bucket\")",
        "  DataLoaderNode loader();",
        "",
        "  @Step(next = \"" + processorNext + "\")",
        "  @Input(name = \"" + processorInput + "\", value = \"${{ loader.outputs.data }}\")",
        "  DataProcessorNode processor();",
        "}");
  }

  private static JavaFileObject etl(String reportInput) {
    return source("app.Etl",
        "@Graph(name = \"etl\", namespace = \"ns\", secrets = {\"api_key\"})",
        "public interface Etl extends Loading {",
        "  @Step(id = \"merge\", next = \"report\") @Unites(value = \"loader\", strategy = UnitesStrategy.ALL_DONE)",
        "  MergeNode mergeStep();",
        "",
        "  @Step",
        "  @Input(name = \"result\", value = \"" + reportInput + "\")",
        "  PythonReporter report();",
        "}");
  }

  private static String node(String name, String identifier, String inputs, String next, String unites) {
    return "{\"node_name\": \"" + name + "\", \"namespace\": \"ns\", \"identifier\": \"" + identifier
        + "\", \"inputs\": {" + inputs + "}, \"next_nodes\": [" + next + "], \"unites\": " + unites + "}";
  }

  @Test
  void aGraphTakesTheStepsOfACompiledInterfaceInDeclarationOrder() {
    JavaFileObject loading = loading("data", "merge");
    Compilation lib = compileLibrary(loading);
    assertThat(lib).succeeded();
    assertThat(lib).hadWarningContaining("[exosphere:step-outside-graph] @Step method loader is in Loading, which no"
        + " @Graph interface of this compilation extends").inFile(loading).onLineContaining("next = \"processor\"");
    assertThat(lib).hadWarningContaining("[exosphere:step-outside-graph] @Step method processor is in Loading")
        .inFile(loading).onLineContaining("next = \"merge\"");
    assertThat(lib).hadWarningCount(2);

    Compilation c = compileAgainstLibrary(etl("${{ loader.outputs.data }}"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/graphs/ns/etl.json")
        .contentsAsUtf8String().isEqualTo("{\"secrets\": {\"api_key\": null}, \"nodes\": ["
            + node("DataLoaderNode", "loader", "\"source\": \"s3://bucket\"", "\"processor\"", "null") + ", "
            + node("DataProcessorNode", "processor", "\"data\": \"${{ loader.outputs.data }}\"", "\"merge\"", "null")
            + ", " + node("MergeNode", "merge", "", "\"report\"",
                "{\"identifier\": \"loader\", \"strategy\": \"ALL_DONE\"}") + ", "
            + node("Reporter", "report", "\"result\": \"${{ loader.outputs.data }}\"", "", "null") + "]}");
    // The graph class names the library's nodes; it compiled, so their classes resolved.
    assertThat(c).generatedSourceFile("app.EtlGraph").contentsAsUtf8String().contains("lib.DataLoaderNode");
  }

  @Test
  void aMistakeInTheGraphIsReportedOnItsLine() {
    compileLibrary(loading("data", "merge"));
    JavaFileObject etl = etl("${{ loader.outputs.missing }}");
    Compilation c = compileAgainstLibrary(etl);
    assertThat(c).hadErrorContaining("[exosphere:output-field-missing] input 'result' reads output 'missing' of"
        + " 'loader', but node 'DataLoaderNode' has no such output (it has [data]) (state manager: \"Field missing in"
        + " node DataLoaderNode in namespace ns does not exist\")").inFile(etl).onLineContaining("loader.outputs.missing");
    assertThat(c).hadErrorCount(1);
  }

  /**
   * javac cannot point into a class file: without care the message would have no file and no line. It
   * goes on the graph that inherits the step, and says which annotation of which method is wrong.
   */
  @Test
  void aMistakeInACompiledInterfaceIsReportedOnTheGraphWithWhereItIs() {
    assertThat(compileLibrary(loading("dat", "procesor"))).succeeded();
    JavaFileObject etl = etl("${{ loader.outputs.data }}");
    Compilation c = compileAgainstLibrary(etl);
    String where = ", compiled outside this javac run: fix it where lib.Loading is built, or redeclare processor()"
        + " in Etl)";
    assertThat(c).hadErrorContaining("[exosphere:missing-input] step processor does not map input 'data' of node"
        + " DataProcessorNode; add @Input(name = \"data\", value = \"...\") (state manager: \"Input data in node"
        + " DataProcessorNode in namespace ns is not present in the graph template\") (in @Step on"
        + " lib.Loading.processor()" + where).inFile(etl).onLineContaining("@Graph");
    assertThat(c).hadErrorContaining("[exosphere:next-node-unknown] next_nodes names 'procesor', but no node of"
        + " this graph has that identifier; did you mean 'processor'? (state manager: \"Node identifier procesor does"
        + " not exist in the graph\") (in @Step(next = \"procesor\") on lib.Loading.processor()" + where)
        .inFile(etl).onLineContaining("@Graph");
    assertThat(c).hadWarningContaining("[exosphere:unknown-input] node DataProcessorNode has no input 'dat' (did you"
        + " mean \"data\"?); its inputs are [data]. The state manager accepts the extra key, but the node never sees"
        + " it (in @Input(name = \"dat\") on lib.Loading.processor()" + where).inFile(etl).onLineContaining("@Graph");
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadWarningCount(1);
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      assertNotNull(d.getSource(), d::toString);
    }
  }

  /** A Java-side check on a parameter of a compiled method: the element is not even a method. */
  @Test
  void aJavaCheckOnACompiledParameterIsReportedOnTheGraph() {
    assertThat(compileLibrary(source("lib.Loading",
        "public interface Loading {",
        "  @Step",
        "  @Input(name = \"source\", value = \"s3://bucket\")",
        "  DataLoaderNode loader(String source);",
        "}"))).succeeded();
    JavaFileObject etl = source("app.Etl",
        "@Graph(name = \"etl\", namespace = \"ns\", secrets = {\"api_key\"})",
        "public interface Etl extends Loading {}");
    Compilation c = compileAgainstLibrary(etl);
    assertThat(c).hadErrorContaining("[exosphere:step-method] @Step method loader takes no parameters; inputs are"
        + " mapped with @Input(name = \"field\", value = \"...\") (in parameter ")
        .inFile(etl).onLineContaining("@Graph");
    assertThat(c).hadErrorContaining(" of lib.Loading.loader(), compiled outside this javac run: fix it where"
        + " lib.Loading is built, or redeclare loader() in Etl)");
    assertThat(c).hadErrorCount(1);
  }

  /** A node compiled without the processor, so nothing checked it: its mistake surfaces in the graph. */
  @Test
  void aMistakeInACompiledNodeIsReportedOnTheGraph() {
    JavaFileObject node = source("lib.CountNode",
        "@Node",
        "public final class CountNode {",
        "  public record Inputs(Thread count) {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    assertThat(writeLibrary(Compiler.javac().withOptions("-proc:none").compile(node))).succeeded();
    JavaFileObject etl = source("app.Etl",
        "@Graph(name = \"etl\", namespace = \"ns\")",
        "public interface Etl {",
        "  @Step",
        "  @Input(name = \"count\", value = \"1\")",
        "  CountNode count();",
        "}");
    Compilation c = compileAgainstLibrary(etl);
    assertThat(c).hadErrorContaining("[exosphere:node-field-type] Inputs.count is java.lang.Thread, which has no wire"
        + " encoding; declare it as " + WireTypes.SUPPORTED + " (in lib.CountNode.Inputs.count, compiled"
        + " outside this javac run: fix it where lib.CountNode is built)").inFile(etl).onLineContaining("@Graph");
    assertThat(c).hadErrorCount(1);
  }
}
