package host.exosphere.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.processor.ExosphereProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the deliberately broken graph with the processor, checks that javac rejects it on the broken
 * values, and keeps the README's copy of javac's output verbatim ({@code -Dexosphere.golden.update=true}
 * rewrites it).
 */
class BrokenGraphTest {
  private static final String SOURCE = "src/test/resources/broken/BrokenWorkflow.java";
  private static final String START = "<!-- broken-graph-errors:start -->";
  private static final String END = "<!-- broken-graph-errors:end -->";

  @Test
  void javacRejectsTheBrokenGraphOnTheBrokenValuesAndTheReadmeQuotesIt(@TempDir Path out) throws IOException {
    String printed = compileBrokenGraph(out);

    assertTrue(printed.contains(SOURCE + ":"), printed);
    assertTrue(printed.contains("[exosphere:"), printed);
    assertTrue(printed.contains("${{ store.bucket }}"), printed);
    assertTrue(printed.contains("api_key"), printed);
    assertFalse(printed.contains("Exception"), "no processor crash: " + printed);
    assertTrue(printed.strip().endsWith("errors") || printed.strip().endsWith("error"), printed);

    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertTrue(start >= 0 && end > start, "README.md has the " + START + " … " + END + " block");
    String block = START + "\n```text\n$ javac ... " + Path.of(SOURCE).getFileName() + "\n" + printed.stripTrailing()
        + "\n```\n";
    if (Boolean.getBoolean("exosphere.golden.update")) {
      Files.writeString(readme, text.substring(0, start) + block + text.substring(end), StandardCharsets.UTF_8);
      return;
    }
    assertEquals(block, text.substring(start, end),
        "README.md must show javac's output verbatim; rerun with -Dexosphere.golden.update=true");
  }

  private static String compileBrokenGraph(Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter printed = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> sources = files.getJavaFileObjects(SOURCE);
      List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
          "-proc:only", "-Xlint:none");
      JavaCompiler.CompilationTask task = javac.getTask(printed, files, null, options, null, sources);
      task.setProcessors(List.of(new ExosphereProcessor()));
      boolean compiled = task.call();
      assertFalse(compiled, "the broken graph must not compile:\n" + printed);
    }
    return printed.toString().replace("\r\n", "\n");
  }
}
