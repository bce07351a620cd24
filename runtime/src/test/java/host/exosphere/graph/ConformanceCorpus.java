package host.exosphere.graph;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's conformance corpus ({@code conformance/validation/*.json}) is: the tests run
 * from a module directory, so the corpus is looked up from there towards the repository root.
 * {@code -Dexosphere.conformance.dir} points the tests at another directory of cases.
 */
public final class ConformanceCorpus {
  private ConformanceCorpus() {}

  public static Path dir() {
    String override = System.getProperty("exosphere.conformance.dir");
    if (override != null) {
      return Path.of(override);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path dir = p.resolve("conformance").resolve("validation");
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException("conformance/validation not found above " + Path.of("").toAbsolutePath());
  }
}
