package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares text with a file under {@code runtime/src/test/resources/golden/}. Run the tests with
 * {@code -Dexosphere.golden.update=true} to rewrite the files on purpose (then review the diff).
 */
public final class GoldenFiles {
  private GoldenFiles() {}

  public static Path root() {
    String basedir = System.getProperty("basedir");
    Path module = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/resources")) && Files.isDirectory(module.resolve("runtime"))) {
      module = module.resolve("runtime");
    }
    return module.resolve("src/test/resources/golden");
  }

  public static void assertMatches(String name, String actual) {
    Path file = root().resolve(name);
    try {
      if (Boolean.getBoolean("exosphere.golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertTrue(Files.exists(file), "missing golden file " + file + " (run with -Dexosphere.golden.update=true)");
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
