package host.exosphere.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Compares generated files with {@code src/test/resources/golden/}. Run with
 * {@code -Dexosphere.golden.update=true} to rewrite the golden files on purpose (then review the diff).
 */
final class GoldenFiles {
  static final boolean UPDATE = Boolean.getBoolean("exosphere.golden.update");
  private static final Path ROOT = locateRoot();

  private GoldenFiles() {}

  private static Path locateRoot() {
    Path module = Path.of("").toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/resources/golden"))) {
      module = module.resolve("processor");
    }
    return module.resolve("src/test/resources/golden");
  }

  /** A generated source ({@code test.MyWorkflowGraph}) against {@code golden/<dir>/<simpleName>.java}. */
  static void assertSource(Compilation compilation, String dir, String qualifiedName) {
    Optional<JavaFileObject> file = compilation.generatedSourceFile(qualifiedName);
    assertTrue(file.isPresent(), "not generated: " + qualifiedName + "; generated: " + compilation.generatedFiles());
    String simple = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    check(dir + "/" + simple + ".java", content(file.get()));
  }

  /** A generated class-output resource against {@code golden/<dir>/<file name>}. */
  static void assertResource(Compilation compilation, String dir, String path) {
    Optional<JavaFileObject> file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, path);
    assertTrue(file.isPresent(), "not generated: " + path);
    check(dir + "/" + path.substring(path.lastIndexOf('/') + 1), content(file.get()));
  }

  static String content(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void check(String relative, String actual) {
    Path golden = ROOT.resolve(relative);
    try {
      if (UPDATE) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
        return;
      }
      assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dexosphere.golden.update=true");
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "differs from golden " + golden);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
