package host.exosphere.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code exosphere trigger NAME [--store k=v…] [--input k=v…]}: starts a run and prints its id. */
@Command(
    name = "trigger",
    mixinStandardHelpOptions = true,
    description = "Trigger a run of a graph and print its run id on stdout.",
    footer = {"", CliCommand.EXIT_CODES,
        "trigger: 1 when the graph is unknown or not VALID, a store key is missing, or an input is refused."})
final class TriggerCommand extends ServerCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The graph's name.")
  String graph;

  @Option(names = "--store", paramLabel = "KEY=VALUE", description = "A store value of the run; repeatable.")
  Map<String, String> store = new LinkedHashMap<>();

  @Option(names = "--input", paramLabel = "KEY=VALUE", description = "A root node input; repeatable.")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--start-delay", paramLabel = "MILLIS", defaultValue = "0",
      description = "Delay before the root state may be enqueued, in milliseconds (default: ${DEFAULT-VALUE}).")
  long startDelayMillis;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: $EXOSPHERE_NAMESPACE).")
  String namespace;

  @Option(names = "--json", description = "Print {graph, namespace, run_id} as JSON instead of the bare run id.")
  boolean json;

  @Override
  int run() {
    if (startDelayMillis < 0) {
      throw new UsageException("--start-delay must not be negative");
    }
    String ns = ServerOptions.namespace(namespace, environment);
    try (StateManager client = server.connect(ns, environment)) {
      String runId = client.trigger(graph, new TriggerRequest(inputs, store, Duration.ofMillis(startDelayMillis)));
      if (json) {
        printJson(JsonNodeFactory.instance.objectNode().put("graph", graph).put("namespace", ns).put("run_id", runId));
      } else {
        out().println(runId);
      }
    }
    return OK;
  }
}
