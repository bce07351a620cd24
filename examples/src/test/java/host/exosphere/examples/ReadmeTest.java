package host.exosphere.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.processor.ExosphereProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README as a new user reads it: the quickstart it shows is the one the build tests (byte for byte),
 * and every Java block in it compiles as written, imports included, with the processor running.
 */
class ReadmeTest {
  private static final Path REPOSITORY = Path.of(property("exosphere.repository")).toAbsolutePath().normalize();
  private static final Path QUICKSTART = REPOSITORY.resolve("examples/quickstart");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE = Pattern.compile(
      "(?m)^(?:public\\s+)?(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)");

  private static final Pattern JETTY_ADVICE =
      Pattern.compile("<jetty\\.version>([^<]+)</jetty\\.version>|org\\.eclipse\\.jetty:jetty-bom:([\\w.-]+)");

  @TempDir Path work;

  @Test
  void showsEveryQuickstartFileVerbatim() throws IOException {
    Readme readme = Readme.read(REPOSITORY.resolve("README.md"));
    Set<String> shown = new TreeSet<>();
    for (Readme.Block block : readme.files()) {
      Path file = REPOSITORY.resolve(block.markerValue()).normalize();
      assertTrue(file.startsWith(REPOSITORY) && Files.isRegularFile(file),
          "README.md:" + block.line() + " shows " + block.markerValue() + ", which does not exist");
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), block.text(),
          "README.md:" + block.line() + " differs from " + block.markerValue() + " (copy one into the other)");
      shown.add(REPOSITORY.relativize(file).toString().replace('\\', '/'));
    }
    Set<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(QUICKSTART)) {
      walk.filter(Files::isRegularFile)
          .filter(f -> !QUICKSTART.relativize(f).startsWith("target"))
          .forEach(f -> files.add(REPOSITORY.relativize(f).toString().replace('\\', '/')));
    }
    assertFalse(files.isEmpty());
    Set<String> missing = new TreeSet<>(files);
    missing.removeAll(shown);
    assertEquals(Set.of(), missing, "quickstart files the README does not show (add a <!-- file: PATH --> block)");
  }

  /** A release bumps the parent's version; the quickstart and the BOM must follow, or users get the old one. */
  @Test
  void quickstartAndBomUseThisBuildsVersion() throws IOException {
    String version = property("exosphere.version");
    assertTrue(Files.readString(QUICKSTART.resolve("pom.xml"))
        .contains("<exosphere.version>" + version + "</exosphere.version>"), "quickstart's exosphere.version");
    assertTrue(Files.readString(REPOSITORY.resolve("bom/pom.xml"))
        .contains("<artifactId>exosphere-bom</artifactId>\n  <version>" + version + "</version>"), "BOM's version");
  }

  /**
   * The README tells Spring Boot users which Jetty to let through Boot's dependency management; when the
   * build moves to another Jetty, that advice must move with it.
   */
  @Test
  void springBootAdviceNamesThisBuildsJetty() throws IOException {
    String readme = Files.readString(REPOSITORY.resolve("README.md"));
    Matcher advice = JETTY_ADVICE.matcher(readme);
    Set<String> versions = new TreeSet<>();
    while (advice.find()) {
      versions.add(advice.group(1) != null ? advice.group(1) : advice.group(2));
    }
    assertEquals(Set.of(property("exosphere.jetty-version")), versions,
        "Jetty versions README.md gives Spring Boot users (<jetty.version> and jetty-bom)");
  }

  @Test
  void javaBlocksCompileAsWritten() throws IOException {
    Readme readme = Readme.read(REPOSITORY.resolve("README.md"));
    List<Readme.Block> blocks = readme.java();
    assertTrue(blocks.size() >= 3, "Java blocks found: " + blocks.size());
    Path sources = work.resolve("src");
    List<Path> files = new ArrayList<>();
    for (Readme.Block block : blocks) {
      files.add(write(sources.resolve("L" + block.line()), block));
    }
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path generated = Files.createDirectories(work.resolve("generated"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task = javac.getTask(null, fileManager, diagnostics,
          List.of("--release", "17", "-Xlint:all,-processing,-serial", "-Aexosphere.strict=true",
              "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), "-s", generated.toString()),
          null, fileManager.getJavaFileObjectsFromPaths(files));
      task.setProcessors(List.of(new ExosphereProcessor()));
      boolean ok = task.call();
      String report = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
          .map(d -> where(sources, d) + ": " + d.getKind() + ": " + d.getMessage(Locale.ROOT))
          .collect(Collectors.joining("\n"));
      assertTrue(ok && report.isEmpty(), "README.md's Java blocks do not compile cleanly:\n" + report);
    }
  }

  /** A block as a source file: a compilation unit at its package and type, a fragment inside a method. */
  private static Path write(Path dir, Readme.Block block) throws IOException {
    String text = block.text();
    String file;
    if (block.isFragment()) {
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String name = "Fragment" + block.line();
      text = "package readme;\n" + imports + "final class " + name + " {\n  void run() throws Exception {\n"
          + body + "  }\n}\n";
      file = "readme/" + name + ".java";
    } else {
      Matcher pkg = PACKAGE.matcher(text);
      Matcher type = TYPE.matcher(text);
      assertTrue(type.find(), "README.md:" + block.line() + ": no type declared; mark a block of statements with"
          + " <!-- snippet: fragment -->");
      file = (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + type.group(1) + ".java";
    }
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
    return path;
  }

  /** "README.md block at line N, line M" for a diagnostic in a block's file. */
  private static String where(Path sources, Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return "javac";
    }
    Path file = Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
    if (!file.startsWith(sources)) {
      return file + ":" + d.getLineNumber();
    }
    String block = sources.relativize(file).getName(0).toString();
    return "README.md block at line " + block.substring(1) + " (" + file.getFileName() + ":" + d.getLineNumber() + ")";
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run this test through Maven");
    }
    return value;
  }
}
