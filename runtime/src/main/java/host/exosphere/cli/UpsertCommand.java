package host.exosphere.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.GraphValidationException;
import host.exosphere.client.StateManager;
import host.exosphere.client.UpsertOptions;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.RegisteredNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exosphere upsert PATH --secret NAME=VALUE…}: uploads a graph template and waits for the state
 * manager's verdict, printing each status seen on stderr. An INVALID verdict is explained in the
 * validator's words, each problem once; {@code --json} keeps the server's own lines as well.
 */
@Command(
    name = "upsert",
    mixinStandardHelpOptions = true,
    description = {
        "Upload a graph template to the state manager and wait until it is VALID or INVALID.",
        "PATH is a template (the upsert PUT body), the generated resource"
            + " META-INF/exosphere/graphs/<namespace>/<name>.json (name and namespace from its path), or a classes"
            + " directory or jar holding one graph (or pick one with --name).",
        "Secret values are given with --secret; they are sent only in the upload and never printed."},
    footer = {"", CliCommand.EXIT_CODES, "upsert: 0 VALID; 1 refused (400/422) or INVALID, each problem explained."})
final class UpsertCommand extends ServerCommand {

  @Parameters(index = "0", paramLabel = "PATH", description = "A graph template, a classes directory or a jar.")
  Path path;

  @Mixin GraphSelection selection;

  @Option(names = "--secret", paramLabel = "NAME=VALUE",
      description = "A secret value; repeat for each secret the graph declares.")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for verification (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "500",
      description = "Time between status checks (default: ${DEFAULT-VALUE}).")
  long pollIntervalMillis;

  @Option(names = "--json", description = "Print the outcome as JSON on stdout: {graph, status} when VALID;"
      + " {graph, status, http_status, problems, server_errors, exit_code} when refused or INVALID.")
  boolean json;

  @Override
  int run() {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be at least 1 second");
    }
    if (pollIntervalMillis <= 0) {
      throw new UsageException("--poll-interval must be at least 1 millisecond");
    }
    List<GraphSelection.Graph> graphs = selection.select(path, environment);
    if (graphs.size() > 1) {
      List<String> names = graphs.stream().map(GraphSelection.Graph::label).toList();
      throw new UsageException(path + " holds " + graphs.size() + " graphs (" + String.join(", ", names)
          + "): pick one with --name");
    }
    GraphSelection.Graph graph = graphs.get(0);
    if (!graph.body().isObject()) {
      throw new UsageException("Template " + graph.source() + " must be a JSON object (the upsert body)");
    }
    ObjectNode body = ((ObjectNode) graph.body()).deepCopy();
    fillSecrets(body, graph.source());

    GraphJson.ReadResult read = GraphJson.read(body, graph.name(), graph.namespace());
    if (read.template() == null || !read.diagnostics().isEmpty()) {
      // The state manager's request model would refuse this body with a 422: say so without a round trip.
      err().println(graph.source() + " is not a valid upsert body (the state manager would answer 422):");
      List<String> lines = new ArrayList<>();
      for (Diagnostic d : read.diagnostics()) {
        err().println("  " + d.serverMessage());
        lines.add(d.serverMessage());
      }
      if (json) {
        printJson(outcome(graph, "REFUSED", 422, Problems.distinct(read.diagnostics()), lines));
      }
      return REFUSED;
    }
    String label = graph.label();
    UpsertOptions options = new UpsertOptions(Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(pollIntervalMillis),
        status -> err().println("Graph " + label + ": " + status));
    try (StateManager client = server.connect(graph.namespace(), environment)) {
      try {
        client.upsertGraph(read.template(), options);
      } catch (GraphValidationException e) {
        return explain(graph, client, e);
      }
    }
    if (json) {
      printJson(outcome(graph, "VALID", 200, List.of(), List.of()));
    } else {
      out().println("Graph " + label + " is VALID");
    }
    return OK;
  }

  /**
   * Says why the state manager refused or invalidated the graph: the validator's diagnostics for the same
   * template and the server's registered nodes, each problem once with its fix. The server's lines are
   * printed as they are only when the validator finds nothing to say (a server it does not know yet).
   */
  private int explain(GraphSelection.Graph graph, StateManager client, GraphValidationException e) {
    boolean invalid = e.status() == 200;
    NodeRegistry registry = null;
    if (invalid) {
      try {
        List<RegisteredNode> nodes = client.listNodes();
        registry = NodeRegistry.of(nodes);
      } catch (RuntimeException unavailable) {
        // Explaining is a courtesy: without the node list the server's own lines still say what is wrong.
      }
    }
    // Validated with placeholder secrets: no secret value can reach a message.
    List<Diagnostic> problems = registry == null && invalid ? List.of() : Problems.distinct(
        GraphValidator.validateJson(graph.withSecretsGivenAtUpload(), graph.name(), graph.namespace(), registry)
            .errors());
    List<String> serverLines = e.validationErrors();
    String verdict = invalid ? "INVALID" : "REFUSED";
    err().println("exosphere upsert: graph " + graph.label() + " is " + (invalid ? "INVALID" : "refused ("
        + e.status() + ")") + (problems.isEmpty() ? "" : ": " + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")));
    if (problems.isEmpty()) {
      Set<String> seen = new HashSet<>();
      for (String line : serverLines.isEmpty() ? List.of(e.getMessage()) : serverLines) {
        // The server words an unregistered node twice, once with a full stop: print it once.
        if (seen.add(line.strip().replaceAll("\\.$", ""))) {
          err().println("  " + line);
        }
      }
    } else {
      Problems.print(err(), problems);
    }
    if (json) {
      ObjectNode outcome = outcome(graph, verdict, e.status(), problems, serverLines);
      outcome.put("exit_code", REFUSED);
      printJson(outcome);
    }
    return REFUSED;
  }

  private static ObjectNode outcome(GraphSelection.Graph graph, String status, int httpStatus,
      List<Diagnostic> problems, List<String> serverLines) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("graph", graph.name());
    root.put("namespace", graph.namespace());
    root.put("status", status);
    if (!status.equals("VALID")) {
      root.put("http_status", httpStatus);
      root.set("problems", Problems.json(problems));
      serverLines.forEach(root.putArray("server_errors")::add);
    }
    return root;
  }

  /** Writes the --secret values into the body's {@code secrets}; every secret must end up with a value. */
  private void fillSecrets(ObjectNode body, String source) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String secret : secrets) {
      int eq = secret.indexOf('=');
      if (eq <= 0) {
        // Never echo the argument: it may be a secret value typed without its name.
        throw new UsageException("--secret must be NAME=VALUE (the argument is not shown, in case it is a value)");
      }
      given.put(secret.substring(0, eq), secret.substring(eq + 1));
    }
    JsonNode existing = body.get("secrets");
    ObjectNode values;
    if (existing == null || existing.isNull()) {
      values = body.putObject("secrets");
    } else if (existing.isObject()) {
      values = (ObjectNode) existing;
    } else {
      throw new UsageException("Template " + source + ": \"secrets\" must be an object of NAME: VALUE");
    }
    given.forEach(values::put);
    List<String> missing = new ArrayList<>();
    values.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        missing.add(e.getKey());
      }
    });
    if (!missing.isEmpty()) {
      throw new UsageException("No value for secret" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + ": pass --secret NAME=VALUE for each");
    }
  }
}
