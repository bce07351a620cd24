package host.exosphere.cli;

import host.exosphere.client.GraphValidationException;
import host.exosphere.client.StateManagerException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the commands that talk to a state manager share: server options, the environment, and one
 * mapping from failures to exit codes so every command ends with a message and never a stack trace.
 *
 * <p>Exit codes: 0 done; 1 the state manager refused the request (an invalid graph, an unknown graph,
 * a state in the wrong status: any 4xx but 401); 2 bad usage, unreadable input, missing configuration,
 * a wrong API key (401), or a server that could not be reached or failed (5xx).
 */
abstract class ServerCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;

  @Mixin ServerOptions server;

  @Spec CommandSpec spec;

  /** Where environment variables come from; tests replace it. */
  Function<String, String> environment = System::getenv;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (UsageException e) {
      err().println(e.getMessage());
      return USAGE;
    } catch (GraphValidationException e) {
      err().println(e.getMessage());
      return REFUSED;
    } catch (StateManagerException e) {
      err().println(e.getMessage());
      return exitCode(e);
    } catch (RuntimeException e) {
      // A bug here, not bad input: still one readable line, with what failed.
      err().println("exosphere " + spec.name() + " failed unexpectedly: " + e);
      return USAGE;
    }
  }

  abstract int run();

  static int exitCode(StateManagerException e) {
    int status = e.status();
    return status >= 400 && status < 500 && status != 401 ? REFUSED : USAGE;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
