package host.exosphere.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the quickstart's own Maven run (the invoker, just before) did: the processor generated the graph
 * class, the JUnit 5 test really ran and passed, and nothing of ours printed a warning. The invoker
 * already failed the build if that run failed; this catches the runs that "succeed" doing nothing
 * (an old compiler plugin skipping the processor, an old surefire finding no JUnit 5 tests).
 */
class QuickstartBuildIT {
  private static final Path BUILD = Path.of(System.getProperty("exosphere.quickstart.build", "target/it/quickstart"));

  @Test
  void processorRanAndGeneratedTheGraphClass() {
    assertTrue(Files.isRegularFile(BUILD.resolve(
        "target/generated-sources/annotations/com/example/quickstart/HelloGraphGraph.java")));
    assertTrue(Files.isRegularFile(BUILD.resolve("target/classes/META-INF/exosphere/graphs/quickstart/hello.json")));
  }

  @Test
  void theJUnit5TestRanAndPassed() throws IOException {
    String log = log();
    assertTrue(log.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), log);
    assertTrue(log.contains("BUILD SUCCESS"), log);
    String report = Files.readString(BUILD.resolve(
        "target/surefire-reports/TEST-com.example.quickstart.HelloGraphTest.xml"), StandardCharsets.UTF_8);
    assertTrue(report.contains("<testcase name=\"greetsTheNameGivenAtTrigger("), report);
    assertFalse(report.contains("<failure") || report.contains("<error") || report.contains("<skipped"), report);
  }

  @Test
  void buildIsQuiet() throws IOException {
    List<String> noise = log().lines()
        .filter(l -> l.contains("not recognized by any processor") || l.contains("No SLF4J providers")
            || l.contains("[exosphere:") || l.startsWith("[WARNING]"))
        .toList();
    assertEquals(List.of(), noise);
    assertFalse(log().contains("Exception"), "a stack trace in the quickstart's build");
  }

  private static String log() throws IOException {
    return Files.readString(BUILD.resolve("build.log"), StandardCharsets.UTF_8);
  }
}
