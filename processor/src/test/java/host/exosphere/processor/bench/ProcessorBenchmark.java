package host.exosphere.processor.bench;

import host.exosphere.processor.ExosphereProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Processor overhead (design §6): javac on a generated 1,000-step graph over 100 node classes, with the
 * processor against {@code -proc:none} on the same sources, printed as a ratio (target ≤ 1.5×); then a
 * 10,000-step graph, which must still compile. Not part of {@code mvn verify}; run with
 *
 * <pre>
 * mvn -B -o -q -pl processor -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=host.exosphere.processor.bench.ProcessorBenchmark [-Dexec.args="1000 100 5"]
 * </pre>
 *
 * <p>Arguments: steps, node classes, measured repetitions (after two warm-up compiles of each kind).
 */
public final class ProcessorBenchmark {
  private ProcessorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path dir = Files.createTempDirectory("exosphere-bench");
    try {
      List<Path> sources = writeSources(dir.resolve("src"), steps, nodes);
      System.out.printf("graph: %d steps over %d node classes, %d source files%n", steps, nodes, sources.size());
      for (int i = 0; i < 2; i++) {
        compile(dir, sources, true);
        compile(dir, sources, false);
      }
      long with = Long.MAX_VALUE;
      long without = Long.MAX_VALUE;
      for (int i = 0; i < runs; i++) {
        with = Math.min(with, compile(dir, sources, true));
        without = Math.min(without, compile(dir, sources, false));
      }
      // Where the difference goes: the same sources plus what the processor generated, without it.
      Path generated = dir.resolve("generated");
      Files.createDirectories(generated);
      compile(dir, sources, true, generated);
      List<Path> all = new ArrayList<>(sources);
      try (Stream<Path> walk = Files.walk(generated)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(all::add);
      }
      long plain = Long.MAX_VALUE;
      for (int i = 0; i < runs; i++) {
        plain = Math.min(plain, compile(dir, all, false));
      }
      System.out.printf("javac with the processor:                   %5d ms (best of %d)%n", with / 1_000_000, runs);
      System.out.printf("javac -proc:none:                           %5d ms (best of %d)%n", without / 1_000_000, runs);
      System.out.printf("javac -proc:none, sources + generated (%d): %5d ms (best of %d)%n",
          all.size() - sources.size(), plain / 1_000_000, runs);
      System.out.printf("ratio: %.2fx (target <= 1.5x); generated code alone would be %.2fx%n",
          (double) with / without, (double) plain / without);

      int large = 10 * steps;
      List<Path> largeSources = writeSources(dir.resolve("large"), large, nodes);
      long largeTime = compile(dir, largeSources, true);
      System.out.printf("%d steps with the processor: compiled in %d ms%n", large, largeTime / 1_000_000);
    } finally {
      delete(dir);
    }
  }

  /** Compiles {@code sources}; returns the wall time in nanoseconds, or fails with javac's output. */
  static long compile(Path dir, List<Path> sources, boolean withProcessor) throws IOException {
    return compile(dir, sources, withProcessor, null);
  }

  /** As above; {@code keepSources}, when not {@code null}, receives the generated sources. */
  static long compile(Path dir, List<Path> sources, boolean withProcessor, Path keepSources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createTempDirectory(dir, "out");
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-s",
          (keepSources == null ? out : keepSources).toString(),
          "-classpath", System.getProperty("java.class.path"), "--release", "17", "-nowarn"));
      if (!withProcessor) {
        options.add("-proc:none");
      }
      long start = System.nanoTime();
      JavaCompiler.CompilationTask task = javac.getTask(log, files, null, options, null, units);
      if (withProcessor) {
        task.setProcessors(List.<Processor>of(new ExosphereProcessor()));
      }
      boolean ok = task.call();
      long elapsed = System.nanoTime() - start;
      if (!ok) {
        throw new IllegalStateException("compilation failed:\n" + log);
      }
      return elapsed;
    } finally {
      delete(out);
    }
  }

  /**
   * {@code nodes} node classes and a graph of {@code steps} steps: a tree with fan-out 10 (shallow, far
   * below the server's recursion limit) where each step maps its parent's output.
   */
  static List<Path> writeSources(Path root, int steps, int nodes) throws IOException {
    Path pkg = root.resolve("bench");
    Files.createDirectories(pkg);
    List<Path> files = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      Path file = pkg.resolve("Node" + n + ".java");
      Files.writeString(file, "package bench;\n\nimport host.exosphere.annotations.Node;\n\n@Node\n"
          + "public final class Node" + n + " {\n"
          + "  public record Inputs(String in) {}\n"
          + "  public record Outputs(String out) {}\n"
          + "  public Outputs execute(Inputs inputs) {\n    return new Outputs(inputs.in() + \"" + n + "\");\n  }\n}\n");
      files.add(file);
    }
    StringBuilder graph = new StringBuilder("package bench;\n\nimport host.exosphere.annotations.*;\n\n"
        + "@Graph(name = \"bench\", namespace = \"bench\")\npublic interface BenchGraph {\n");
    for (int s = 0; s < steps; s++) {
      List<String> children = new ArrayList<>();
      for (int c = s * 10 + 1; c <= s * 10 + 10 && c < steps; c++) {
        children.add("\"s" + c + "\"");
      }
      graph.append("  @Step(next = {").append(String.join(", ", children)).append("})\n");
      String value = s == 0 ? "start" : "${{ s" + ((s - 1) / 10) + ".outputs.out }}";
      graph.append("  @Input(name = \"in\", value = \"").append(value).append("\")\n");
      graph.append("  Node").append(s % nodes).append(" s").append(s).append("();\n\n");
    }
    graph.append("}\n");
    Path file = pkg.resolve("BenchGraph.java");
    Files.writeString(file, graph);
    files.add(file);
    return files;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
