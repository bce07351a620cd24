package host.exosphere.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code exosphere} command line. Each subcommand is one class listed in {@code subcommands}; adding
 * a command is one line there.
 *
 * <p>Exit codes are the same for every command: 0 done (a valid graph), 1 refused or invalid, 2 bad
 * usage or unreadable input. Nothing ends with a stack trace: an unexpected failure is one line on
 * stderr and exit code 2.
 */
@Command(
    name = "exosphere",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Exosphere for Java: validate graph templates offline and work with a state manager.",
    subcommands = {
        ValidateCommand.class,
        GraphCommand.class,
        UpsertCommand.class,
        TriggerCommand.class,
        RunsCommand.class,
        ServeCommand.class,
    })
public final class Main implements Callable<Integer> {

  static final int USAGE = 2;

  /** slf4j-simple's level property for the state-manager client's logger. */
  static final String CLIENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.host.exosphere.client";

  @Spec CommandSpec spec;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    // The commands print the client's progress themselves ("Graph ns/g: PENDING after 0.5 s"); its INFO
    // log lines would repeat each one on stderr. Its warnings (retries) still show. Must run before the
    // first logger is created; an explicit -D setting wins.
    if (System.getProperty(CLIENT_LOG_LEVEL) == null) {
      System.setProperty(CLIENT_LOG_LEVEL, "warn");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int exit = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(exit);
  }

  /** Runs the command line with the given streams and returns its exit code (never exits the JVM). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    // picocli already answers bad usage with exit code 2 (CommandLine.ExitCode.USAGE).
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // Commands turn every expected failure into a message; anything left is a bug, shown in one line.
      commandLine.getErr().println("exosphere " + commandLine.getCommandName() + " failed unexpectedly: " + e);
      return USAGE;
    });
    try {
      return cli.execute(args);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      err.println("exosphere failed unexpectedly: " + e);
      return USAGE;
    }
  }

  /** The version written into the executable jar's manifest by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"exosphere " + (version == null ? "(development build)" : version)};
    }
  }

  /** {@code exosphere} alone: say what is available. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }
}
