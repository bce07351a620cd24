package host.exosphere.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code exosphere} command line. Each subcommand is one class listed in {@code subcommands}; adding
 * a command is one line there.
 *
 * <p>Exit codes are the same for every command (see {@link CliCommand}): 0 done, 1 refused or invalid,
 * 2 bad usage, unreadable input or no usable state manager. Nothing ends with a stack trace: an
 * unexpected failure is one line on stderr and exit code 2; with {@code --json} every outcome, a
 * failure included, is also a JSON document on stdout.
 */
@Command(
    name = "exosphere",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Exosphere for Java: validate graph templates offline and work with a state manager.",
    footer = {"",
        "Every command that talks to a state manager takes --uri and --api-key, else $EXOSPHERE_STATE_MANAGER_URI"
            + " and $EXOSPHERE_API_KEY; --namespace, else $EXOSPHERE_NAMESPACE.",
        CliCommand.EXIT_CODES},
    subcommands = {
        ValidateCommand.class,
        GraphCommand.class,
        UpsertCommand.class,
        TriggerCommand.class,
        RunsCommand.class,
        WorkerCommand.class,
        ServeCommand.class,
    })
public final class Main implements Callable<Integer> {

  static final int USAGE = 2;

  /** slf4j-simple's level property for the state-manager client's logger. */
  static final String CLIENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.host.exosphere.client";

  /** Likewise for the node runtime's logger, which {@code exosphere worker} runs. */
  static final String WORKER_LOG_LEVEL = "org.slf4j.simpleLogger.log.host.exosphere.worker";

  @Spec CommandSpec spec;

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    // The commands print the client's progress themselves ("Graph ns/g: PENDING after 0.5 s"); its INFO
    // log lines would repeat each one on stderr. Its warnings (retries) still show. Must run before the
    // first logger is created; an explicit -D setting wins.
    // `exosphere worker` prints its own start, progress and stop lines; the runtime's INFO lines would
    // say the same again.
    for (String logger : new String[] {CLIENT_LOG_LEVEL, WORKER_LOG_LEVEL}) {
      if (System.getProperty(logger) == null) {
        System.setProperty(logger, "warn");
      }
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
    return run(out, err, System.getenv(), args);
  }

  /**
   * Like {@link #run(PrintWriter, PrintWriter, String...)} with {@code environment} in place of the
   * process's environment variables: for running the command line inside another program or a test.
   * Interrupting the calling thread stops a running {@code exosphere worker} the way Ctrl+C does.
   */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
    Map<String, String> variables = Map.copyOf(environment);
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = defaults.create(type);
        if (made instanceof CliCommand command) {
          command.environment = variables::get;
        }
        return made;
      }
    });
    cli.setOut(out);
    cli.setErr(err);
    // picocli already answers bad usage with exit code 2 (CommandLine.ExitCode.USAGE); with --json the
    // answer is JSON too, so a script reading stdout sees every outcome.
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, arguments) -> {
      int exit = usage.handleParseException(e, arguments);
      if (Arrays.asList(arguments).contains("--json")) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("error").put("kind", "usage").put("message", e.getMessage());
        root.put("exit_code", exit);
        e.getCommandLine().getOut().println(root.toPrettyString());
        e.getCommandLine().getOut().flush();
      }
      return exit;
    });
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
