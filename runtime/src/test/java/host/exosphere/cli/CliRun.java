package host.exosphere.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs one command in process with a given environment and captures what it prints. */
record CliRun(int exit, String out, String err) {
  static CliRun run(CliCommand command, Map<String, String> environment, String... args) {
    command.environment = environment::get;
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** The whole command line ({@code exosphere ARGS…}) as {@link Main} runs it. */
  static CliRun main(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
