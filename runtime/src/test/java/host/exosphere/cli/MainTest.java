package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The top-level {@code exosphere} command: every subcommand is reachable and help never fails. */
class MainTest {

  @Test
  void everySubcommandIsRegisteredAndHasHelp() {
    ValidateCommandTest.Result help = ValidateCommandTest.run("--help");
    assertEquals(0, help.exit(), help.err());
    for (String command : List.of("validate", "upsert", "trigger", "runs", "serve")) {
      assertTrue(help.out().contains("\n  " + command + " "), command + " missing from\n" + help.out());
      ValidateCommandTest.Result sub = ValidateCommandTest.run(command, "--help");
      assertEquals(0, sub.exit(), command + ": " + sub.err());
      assertTrue(sub.out().startsWith("Usage: exosphere " + command), sub.out());
    }
  }

  @Test
  void versionIsPrinted() {
    ValidateCommandTest.Result version = ValidateCommandTest.run("--version");
    assertEquals(0, version.exit());
    // Outside the packaged jar there is no manifest version.
    assertEquals("exosphere (development build)\n", version.out());
  }

  @Test
  void unknownCommandIsBadUsage() {
    ValidateCommandTest.Result r = ValidateCommandTest.run("frobnicate");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("Unmatched argument at index 0: 'frobnicate'"), r.err());
  }
}
