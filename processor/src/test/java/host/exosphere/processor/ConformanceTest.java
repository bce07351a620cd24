package host.exosphere.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conformance case the annotations can express, translated into sources and compiled: valid
 * cases compile and generate exactly the case's body (modulo key order and spelled-out defaults);
 * invalid ones fail with the state manager's text in an error. Set {@code -Dexosphere.conformance.dir}
 * to run another directory of cases (e.g. a held-out set).
 */
class ConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path casesDir() {
    String dir = System.getProperty("exosphere.conformance.dir");
    if (dir != null) {
      return Path.of(dir);
    }
    // The repository's corpus, looked up from the module directory the tests run in.
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("conformance/validation"))) {
        return p.resolve("conformance/validation");
      }
    }
    throw new IllegalStateException("conformance/validation not found above " + Path.of("").toAbsolutePath());
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(casesDir())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList()).stream();
    }
  }

  /** Line breaks, with any indentation around them, and "; " joints as one separator. */
  static String lines(String text) {
    return text.replace("; ", "\n").replaceAll("\\s*\n\\s*", "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatedCaseAgreesWithTheStateManager(Path file) throws Exception {
    JsonNode testCase = JSON.readTree(file.toFile());
    ConformanceTranslator.Translation translation;
    try {
      translation = ConformanceTranslator.translate(testCase);
    } catch (ConformanceTranslator.Untranslatable e) {
      Assumptions.abort("not expressible with annotations: " + e.getMessage());
      return;
    }
    Compilation compilation = Fixtures.compile(translation.sources());
    String errors = compilation.errors().stream().map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
    JsonNode expect = testCase.get("expect");
    if (expect.get("valid").asBoolean()) {
      assertEquals(Compilation.Status.SUCCESS, compilation.status(), "a valid case must compile:\n" + errors);
      Optional<JavaFileObject> body = compilation.generatedFiles().stream()
          .filter(f -> f.toUri().getPath().contains("/META-INF/exosphere/graphs/"))
          .findFirst();
      assertTrue(body.isPresent(), "no template resource generated");
      assertEquals(translation.expectedBody(), JSON.readTree(GoldenFiles.content(body.get())),
          "generated body differs from the case's graph");
    } else {
      assertEquals(Compilation.Status.FAILURE, compilation.status(),
          "an invalid case must not compile; warnings: " + compilation.warnings());
      for (JsonNode text : expect.path("error_contains")) {
        // A 422 item is quoted whole ("body.retry_policy.exponent: Input should be ..."), so any part of it
        // is found as it is. The lines of one 400 message are quoted joined with "; " and javac may indent
        // continuation lines, so line breaks are compared loosely.
        String expected = lines(text.asText());
        assertTrue(lines(errors).contains(expected), "no error contains \"" + expected + "\"; errors:\n" + errors);
      }
      // Every error names its rule, so nothing escapes as a bare javac or internal error.
      for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
        assertTrue(d.getMessage(null).startsWith("[exosphere:") && !d.getMessage(null).startsWith("[exosphere:internal"),
            d.getMessage(null));
      }
    }
  }
}
