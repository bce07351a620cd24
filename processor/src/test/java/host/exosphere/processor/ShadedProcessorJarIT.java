package host.exosphere.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.worker.NodeAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The packaged processor jar, as a user's build sees it: self-contained on the processor path (Jackson,
 * JavaPoet and the runtime's graph classes relocated under {@code host.exosphere.processor.shaded}), and
 * generating code that names only the real {@code host.exosphere} classes, because the shade plugin
 * also rewrites string constants that look like the relocated packages.
 *
 * <p>Runs after {@code package} (failsafe), with the jar path from the build. Compilations run in a
 * separate {@code javac} process so that nothing of this test's own class path leaks into the
 * processor's class loader.
 */
class ShadedProcessorJarIT {
  private static final String SHADED = "host/exosphere/processor/shaded/";
  private static final Path JAR = Path.of(property("exosphere.processor.jar"));
  private static final Path MODULE = Path.of(property("exosphere.processor.module")).toAbsolutePath().normalize();

  @TempDir Path work;

  @Test
  void jarCarriesItsDependenciesOnlyUnderTheShadedPackage() throws IOException {
    List<String> stray = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        boolean ours = name.startsWith("host/exosphere/processor/") || name.startsWith("META-INF/")
            || name.startsWith("host/exosphere/annotations/") || name.equals("host/") || name.equals("host/exosphere/");
        boolean foreign = !name.startsWith(SHADED)
            && (name.contains("com/fasterxml/") || name.contains("com/palantir/")
                || name.contains("host/exosphere/graph/") || name.contains("org/slf4j/"));
        if (!ours || foreign) {
          stray.add(name);
        }
      }
      assertEquals(List.of(), stray, "entries outside the processor's own and shaded packages");

      assertEquals(List.of("host.exosphere.processor.ExosphereProcessor",
              "host.exosphere.processor.StrictOptionProcessor"),
          text(jar, "META-INF/services/javax.annotation.processing.Processor").strip().lines().toList());
      assertEquals(List.of("host.exosphere.processor.ExosphereProcessor,isolating",
              "host.exosphere.processor.StrictOptionProcessor,isolating"),
          text(jar, "META-INF/gradle/incremental.annotation.processors").strip().lines().toList());
      // Jackson finds its own extensions through service files: they must name the relocated classes.
      List<String> services = jar.stream().map(JarEntry::getName)
          .filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).sorted().toList();
      for (String service : services) {
        String name = service.substring("META-INF/services/".length());
        assertTrue(name.equals("javax.annotation.processing.Processor")
                || name.startsWith("host.exosphere.processor.shaded."), "service file not relocated: " + service);
        assertTrue(text(jar, service).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .allMatch(l -> l.startsWith("host.exosphere.processor.")),
            "service implementations not relocated in " + service);
      }
      assertTrue(jar.getEntry(SHADED + "com/fasterxml/jackson/databind/ObjectMapper.class") != null);
      assertTrue(jar.getEntry(SHADED + "com/palantir/javapoet/JavaFile.class") != null);
      assertTrue(jar.getEntry(SHADED + "graph/GraphValidator.class") != null);
      // The annotations keep their names: the processor reads them as the user's code declares them.
      assertTrue(jar.getEntry("host/exosphere/annotations/UnitesStrategy.class") != null);
    }
  }

  /**
   * The shade plugin rewrites any string constant that starts with a relocated package, e.g. a
   * {@code ClassName.get("com.fasterxml.jackson.databind.node", ...)} meant for generated code. Our
   * sources never spell "shaded", so a string constant holding it was rewritten by the plugin.
   */
  @Test
  void processorStringConstantsWereNotRelocated() throws IOException {
    List<String> classes = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && (n.startsWith("host/exosphere/processor/") && !n.startsWith(SHADED)
              || n.startsWith(SHADED + "graph/")))
          .forEach(n -> classes.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
    }
    assertTrue(classes.contains("host.exosphere.processor.NodeWriter"), "processor classes: " + classes);

    List<String> args = new ArrayList<>(List.of("-v", "-cp", JAR.toString()));
    args.addAll(classes);
    String javap = runTool("javap", args);
    // javap -v prints a string constant as: #12 = String   #13   // the value
    Matcher m = Pattern.compile("= String\\s+#\\d+\\s+// (.*)").matcher(javap);
    List<String> strings = new ArrayList<>();
    while (m.find()) {
      strings.add(m.group(1));
    }
    assertTrue(strings.contains("host.exosphere.graph"), "the writers' package name for generated code is kept");
    assertTrue(strings.contains("host.exosphere.annotations.Graph"));
    List<String> rewritten = strings.stream().filter(s -> s.contains("shaded")).toList();
    assertEquals(List.of(), rewritten, "string constants the shade plugin rewrote");
  }

  /** Every class the jar's classes refer to is in the jar or the JDK. */
  @Test
  void jarNeedsNothingButTheJdk() {
    String missing = runTool("jdeps", List.of("--missing-deps", JAR.toString()));
    assertEquals("", missing.strip(), "classes the processor jar refers to but does not hold");
  }

  @Test
  void publishedPomBringsNothingOntoTheProcessorPath() throws Exception {
    Path pom = Path.of(property("exosphere.processor.pom"));
    var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = document.getElementsByTagName("dependency");
    List<String> transitive = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if (!(dependency.getParentNode() instanceof Element parent) || !parent.getTagName().equals("dependencies")) {
        continue;
      }
      String scope = child(dependency, "scope");
      String optional = child(dependency, "optional");
      if ((scope.isEmpty() || scope.equals("compile") || scope.equals("runtime")) && !optional.equals("true")) {
        transitive.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId"));
      }
    }
    assertEquals(List.of(), transitive);
  }

  /**
   * The design's example graph compiled as {@code javac -processorpath <this jar> -cp <runtime, annotations,
   * Jackson>} would: the processor path holds the one jar, the class path only what user code needs.
   */
  @Test
  void compilesTheExampleGraphFromTheJarAlone() throws IOException {
    String classPath = join(List.of(location(NodeAdapter.class), location(RetryStrategy.class),
        location(ObjectMapper.class), location(JsonFactory.class), location(JsonProperty.class)));
    Path out = compileExample("alone", List.of(JAR), classPath);
    assertGeneratedLikeGolden(out);
  }

  /**
   * A processor path that also holds the unrelocated runtime and Jackson first (another processor's
   * dependencies, or class-path discovery): the jar's relocated copies cannot be mixed with them.
   */
  @Test
  void compilesTheExampleGraphNextToTheRuntimeAndAnotherJackson() throws IOException {
    // NodeAdapter, not a graph class: a jar that wrongly kept host.exosphere.graph would answer for those.
    Path runtime = location(NodeAdapter.class);
    assertTrue(!runtime.equals(JAR), "the runtime is on this test's class path");
    Path out = compileExample("mixed", List.of(runtime, location(ObjectMapper.class),
        location(JsonFactory.class), location(JsonProperty.class), JAR, location(RetryStrategy.class)),
        userClassPath());
    assertGeneratedLikeGolden(out);
  }

  private Path compileExample(String name, List<Path> processorPath, String classPath) throws IOException {
    Path dir = work.resolve(name);
    Path src = dir.resolve("src");
    Path generated = dir.resolve("generated");
    Path classes = dir.resolve("classes");
    Files.createDirectories(generated);
    Files.createDirectories(classes);
    // An explicit -processorpath is what turns processing on from JDK 23 on, as in a user's build; every
    // lint on and -Werror, as in a user's strictest build, with both processors discovered from the jar.
    List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror",
        "-processorpath", join(processorPath), "-cp", classPath,
        "-s", generated.toString(), "-d", classes.toString()));
    for (JavaFileObject source : Fixtures.with(Fixtures.nodes(), Fixtures.workflow())) {
      String path = source.toUri().getPath();
      Path file = src.resolve(path.substring(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getCharContent(true), StandardCharsets.UTF_8);
      args.add(file.toString());
    }
    Process javac = new ProcessBuilder(javac(), "@" + argFile(dir, args)).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit;
    try {
      exit = javac.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertEquals(0, exit, "javac failed:\n" + output);
    return dir;
  }

  private static void assertGeneratedLikeGolden(Path dir) throws IOException {
    Path generated = dir.resolve("generated");
    Path classes = dir.resolve("classes");
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(generated)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        sources.put(generated.relativize(file).toString().replace('\\', '/'), Files.readString(file));
      }
    }
    for (String simple : List.of("MyWorkflowGraph", "DataLoaderNodeAdapter", "DataLoaderNodeStep",
        "DataProcessorNodeAdapter", "MergeNodeAdapter", "PythonReporterAdapter")) {
      assertEquals(golden(simple + ".java"), sources.get("test/" + simple + ".java"), simple);
    }
    sources.forEach((file, text) -> {
      assertTrue(!text.contains("shaded") && !text.contains("palantir"), "relocated name in " + file);
    });
    assertEquals(golden("my-workflow.json"),
        Files.readString(classes.resolve("META-INF/exosphere/graphs/MyProject/my-workflow.json")));
    assertEquals(golden("DataLoaderNode.json"),
        Files.readString(classes.resolve("META-INF/exosphere/nodes/DataLoaderNode.json")));
    assertTrue(Files.exists(classes.resolve("test/MyWorkflowGraph.class")), "generated graph class compiled");
  }

  /** What a user's compile class path holds: annotations, runtime and its dependencies; no processor. */
  private static String userClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .filter(e -> !Path.of(e).toAbsolutePath().normalize().startsWith(MODULE))
        .filter(e -> !e.contains("javapoet") && !e.contains("compile-testing") && !e.contains("auto-service"))
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String javac() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path javac = bin.resolve(System.getProperty("os.name").startsWith("Windows") ? "javac.exe" : "javac");
    assertTrue(Files.isExecutable(javac), "no javac next to the test JVM: " + javac);
    return javac.toString();
  }

  private static Path argFile(Path dir, List<String> args) throws IOException {
    Path file = dir.resolve("javac.args");
    // One argument a line, quoted: paths may contain spaces.
    Files.write(file, args.stream().map(a -> "\"" + a.replace("\\", "\\\\") + "\"").toList());
    return file;
  }

  private static String runTool(String name, List<String> args) {
    ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new AssertionError("no " + name));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = tool.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
    assertEquals(0, exit, name + " failed: " + err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String golden(String file) throws IOException {
    try (InputStream in = ShadedProcessorJarIT.class.getResourceAsStream("/golden/workflow/" + file)) {
      assertTrue(in != null, "no golden file " + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String text(JarFile jar, String entry) throws IOException {
    JarEntry e = jar.getJarEntry(entry);
    assertTrue(e != null, "missing " + entry);
    try (InputStream in = jar.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String child(Element parent, String tag) {
    NodeList children = parent.getElementsByTagName(tag);
    return children.getLength() == 0 ? "" : children.item(0).getTextContent().strip();
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run this test through `mvn verify` (failsafe)");
    }
    return value;
  }
}
