package host.exosphere.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/** Sources shared by the processor tests: the design's example nodes, and a compiler with the processor. */
final class Fixtures {
  private Fixtures() {}

  static Compilation compile(JavaFileObject... sources) {
    return compiler().compile(sources);
  }

  static Compilation compile(List<JavaFileObject> sources) {
    return compiler().compile(sources);
  }

  static Compiler compiler() {
    return Compiler.javac().withProcessors(new ExosphereProcessor()).withOptions("-Xlint:-processing");
  }

  /**
   * A processor that, in the first round where {@code trigger} is present, writes the source {@code type}
   * with {@code text}: the code another generator writes, which the Exosphere processor must wait for.
   */
  static Processor generating(String trigger, String type, String text) {
    return new AbstractProcessor() {
      private boolean done;

      @Override
      public Set<String> getSupportedAnnotationTypes() {
        return Set.of(trigger);
      }

      @Override
      public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
      }

      @Override
      public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (done || annotations.isEmpty()) {
          return false;
        }
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile(type).openWriter()) {
          w.write(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return false;
      }
    };
  }

  /** A source file {@code test/<Name>.java} in package {@code test}. */
  static JavaFileObject source(String simpleName, String... lines) {
    List<String> all = new ArrayList<>();
    all.add("package test;");
    all.add("");
    all.add("import host.exosphere.annotations.*;");
    all.add("import host.exosphere.worker.NodeContext;");
    all.add("import java.util.List;");
    all.add("");
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + simpleName, all);
  }

  static JavaFileObject loader() {
    return source("DataLoaderNode",
        "@Node",
        "public final class DataLoaderNode {",
        "  public record Inputs(String source) {}",
        "  public record Outputs(String data) {}",
        "  public record Secrets(String api_key) {}",
        "  public Outputs execute(Inputs inputs, Secrets secrets) {",
        "    return new Outputs(inputs.source() + \":\" + secrets.api_key().length());",
        "  }",
        "}");
  }

  static JavaFileObject processor() {
    return source("DataProcessorNode",
        "@Node",
        "public final class DataProcessorNode {",
        "  public record Inputs(String data) {}",
        "  public record Outputs(String result, String count) {}",
        "  public List<Outputs> execute(Inputs inputs, NodeContext context) {",
        "    return List.of(new Outputs(inputs.data().toUpperCase(), \"1\"));",
        "  }",
        "}");
  }

  static JavaFileObject merge() {
    return source("MergeNode",
        "@Node",
        "public final class MergeNode {",
        "  public record Inputs() {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
  }

  /** A node another runtime executes. */
  static JavaFileObject python() {
    return source("PythonReporter",
        "@Node(name = \"Reporter\")",
        "public interface PythonReporter {",
        "  record Inputs(String result) {}",
        "  record Outputs(String url) {}",
        "}");
  }

  static List<JavaFileObject> nodes() {
    return List.of(loader(), processor(), merge(), python());
  }

  /** The design's example graph (§3), with secrets, retry and store. */
  static JavaFileObject workflow() {
    return source("MyWorkflow",
        "@Graph(name = \"my-workflow\", namespace = \"MyProject\", secrets = {\"api_key\"})",
        "@Retry(maxRetries = 3, strategy = RetryStrategy.EXPONENTIAL, backoffFactor = 2000, exponent = 2)",
        "@Store(requiredKeys = {\"cursor\", \"batch_id\"},",
        "       defaults = {@Store.Default(key = \"cursor\", value = \"0\"), @Store.Default(key = \"mode\", value = \"fast\")})",
        "public interface MyWorkflow {",
        "  @Step(next = \"processor\")",
        "  @Input(name = \"source\", value = \"${{ store.cursor }}\")",
        "  DataLoaderNode loader();",
        "",
        "  @Step(next = \"merge\")",
        "  @Input(name = \"data\", value = \"${{ loader.outputs.data }}\")",
        "  DataProcessorNode processor();",
        "",
        "  @Step(id = \"merge\", next = \"report\") @Unites(value = \"loader\", strategy = UnitesStrategy.ALL_DONE)",
        "  MergeNode mergeStep();",
        "",
        "  @Step",
        "  @Input(name = \"result\", value = \"${{ loader.outputs.data }}\")",
        "  PythonReporter report();",
        "}");
  }

  static List<JavaFileObject> with(List<JavaFileObject> base, JavaFileObject... more) {
    List<JavaFileObject> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
