package host.exosphere.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.GraphValidationException;
import host.exosphere.client.StateManagerException;
import host.exosphere.graph.GraphJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: one mapping from failures to exit codes and messages, so each command ends
 * with a message (never a stack trace), and with JSON on stdout when {@code --json} was asked for,
 * whatever the outcome.
 *
 * <p>Exit codes: 0 done; 1 refused or invalid (an invalid graph, an unknown graph or run, any 4xx but
 * 401); 2 bad usage, unreadable input, missing configuration, a wrong API key (401), or a state manager
 * that could not be reached or failed (5xx).
 */
abstract class CliCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;

  /** Shown at the end of every command's help; the codes are the same for all of them. */
  static final String EXIT_CODES = "Exit codes: 0 done (a valid graph, a finished command); 1 refused or invalid"
      + " (an INVALID graph, an unknown graph or run, a 4xx answer); 2 bad usage, unreadable input, a wrong API"
      + " key, or a state manager that cannot be reached.";

  @Spec CommandSpec spec;

  /** Where environment variables come from; tests replace it. */
  Function<String, String> environment = System::getenv;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (UsageException e) {
      return fail(USAGE, "usage", e.getMessage(), null);
    } catch (GraphValidationException e) {
      return fail(REFUSED, "refused", e.getMessage(), e);
    } catch (StateManagerException e) {
      int exit = exitCode(e);
      String kind = e.status() == 401 ? "unauthorized" : e.status() == 0 || e.status() >= 500 ? "unreachable" : "refused";
      return fail(exit, kind, e.getMessage(), e);
    } catch (RuntimeException e) {
      // A bug here, not bad input: still one readable line, with what failed.
      return fail(USAGE, "internal", "failed unexpectedly: " + e, null);
    }
  }

  abstract int run();

  /** Whether the user asked for JSON: the command's own {@code --json} flag; false for commands without one. */
  boolean json() {
    OptionSpec option = spec.findOption("--json");
    return option != null && Boolean.TRUE.equals(option.getValue());
  }

  static int exitCode(StateManagerException e) {
    int status = e.status();
    return status >= 400 && status < 500 && status != 401 ? REFUSED : USAGE;
  }

  /**
   * Reports a failure: one line on stderr, and with {@code --json} also {@code {"error": {…}}} on stdout so
   * a script reading stdout sees every outcome.
   */
  int fail(int exit, String kind, String message, StateManagerException cause) {
    err().println(commandName() + ": " + message);
    if (json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      ObjectNode error = root.putObject("error");
      error.put("kind", kind);
      error.put("message", message);
      if (cause != null) {
        error.put("http_status", cause.status());
      }
      if (cause instanceof GraphValidationException refused) {
        refused.validationErrors().forEach(error.putArray("server_errors")::add);
      }
      root.put("exit_code", exit);
      printJson(root);
    }
    return exit;
  }

  /** {@code exosphere runs show}, also when a test runs the command on its own. */
  String commandName() {
    String name = spec.qualifiedName();
    return name.startsWith("exosphere ") ? name : "exosphere " + name;
  }

  void printJson(JsonNode json) {
    try {
      out().println(GraphJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
