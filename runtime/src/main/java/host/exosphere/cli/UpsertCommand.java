package host.exosphere.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.StateManager;
import host.exosphere.client.UpsertOptions;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exosphere upsert TEMPLATE.json --secret NAME=VALUE…}: uploads a graph template and waits for the
 * state manager's verdict, printing each status seen on stderr.
 */
@Command(
    name = "upsert",
    mixinStandardHelpOptions = true,
    description = {
        "Upload a graph template (the PUT body, with optional \"name\"/\"namespace\" keys) to the state manager "
            + "and wait until it is VALID or INVALID.",
        "Secret values are given with --secret; they are sent only in the upload and never printed."},
    footer = {"", "Exit codes: 0 VALID; 1 refused or INVALID (the server's errors are printed);"
        + " 2 bad usage, unreadable template, wrong API key, or state manager unreachable."})
final class UpsertCommand extends ServerCommand {

  @Parameters(index = "0", paramLabel = "TEMPLATE.json", description = "The graph template.")
  Path template;

  @Option(names = "--secret", paramLabel = "NAME=VALUE",
      description = "A secret value; repeat for each secret the graph declares.")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--name", description = "Graph name (default: the template's \"name\").")
  String name;

  @Option(names = "--namespace", paramLabel = "NS",
      description = "Namespace (default: the template's \"namespace\").")
  String namespace;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for verification (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "500",
      description = "Time between status checks (default: ${DEFAULT-VALUE}).")
  long pollIntervalMillis;

  @Override
  int run() {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be at least 1 second");
    }
    if (pollIntervalMillis <= 0) {
      throw new UsageException("--poll-interval must be at least 1 millisecond");
    }
    ObjectNode body = readTemplate();
    String graphName = pathParameter(name, body, "name", "--name");
    String graphNamespace = pathParameter(namespace, body, "namespace", "--namespace");
    fillSecrets(body);

    GraphJson.ReadResult read = GraphJson.read(body, graphName, graphNamespace);
    if (read.template() == null || !read.diagnostics().isEmpty()) {
      // The state manager's request model would refuse this body with a 422: say so without a round trip.
      err().println(template + " is not a valid upsert body (the state manager would answer 422):");
      for (Diagnostic d : read.diagnostics()) {
        err().println("  " + d.serverMessage());
      }
      return REFUSED;
    }
    GraphTemplate graph = read.template();
    String label = graphNamespace + "/" + graphName;
    UpsertOptions options = new UpsertOptions(
        Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(pollIntervalMillis), status -> err().println("Graph " + label + ": " + status));
    try (StateManager client = server.connect(graphNamespace, environment)) {
      client.upsertGraph(graph, options);
    }
    out().println("Graph " + label + " is VALID");
    return OK;
  }

  private ObjectNode readTemplate() {
    String text;
    try {
      text = Files.readString(template);
    } catch (NoSuchFileException e) {
      throw new UsageException("Template " + template + " does not exist");
    } catch (IOException e) {
      throw new UsageException("Cannot read template " + template + ": " + e.getMessage());
    }
    JsonNode json;
    try {
      json = GraphJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      // The original message and position only: the parser's excerpt of the file could show a secret.
      throw new UsageException("Template " + template + " is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    }
    if (json == null || !json.isObject()) {
      throw new UsageException("Template " + template + " must be a JSON object (the upsert body)");
    }
    return (ObjectNode) json;
  }

  private String pathParameter(String flag, JsonNode body, String key, String option) {
    if (flag != null) {
      return flag;
    }
    JsonNode value = body.get(key);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new UsageException("No graph " + key + ": the template has no \"" + key + "\" key; pass " + option);
    }
    return value.asText();
  }

  /** Writes the --secret values into the body's {@code secrets}; every secret must end up with a value. */
  private void fillSecrets(ObjectNode body) {
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
      throw new UsageException("Template " + template + ": \"secrets\" must be an object of NAME: VALUE");
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
