package host.exosphere.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CI runs the demo's main, so a broken sample breaks the build. */
class DemoTest {

  @Test
  void everySampleRunEndsAsExpectedOnTheEmbeddedStateManager() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int exitCode = Demo.run(Map.of(), out);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exitCode, printed);
    assertTrue(printed.contains("All 9 runs ended as expected."), printed);
    assertTrue(printed.contains("merge      1 SUCCESS"), printed);
    assertTrue(printed.contains("gate       1 PRUNED"), printed);
    assertTrue(printed.contains("fetch      2 RETRY_CREATED, 1 SUCCESS"), printed);
  }

  @Test
  void anUnreachableStateManagerIsAClearExitTwo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    // Port 9 (discard) on loopback: nothing listens there.
    int exitCode = Demo.run(Map.of("EXOSPHERE_STATE_MANAGER_URI", "http://127.0.0.1:9",
        "EXOSPHERE_API_KEY", "not-a-real-key"), out);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, exitCode, printed);
    assertTrue(printed.contains("could not talk to the state manager"), printed);
    assertTrue(!printed.contains("not-a-real-key"), "the API key must never be printed: " + printed);
  }
}
