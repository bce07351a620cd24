package host.exosphere.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.Stage;
import host.exosphere.graph.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code exosphere validate TEMPLATE.json [--nodes NODES.json]}: says offline what the state manager
 * would say about a graph template, with its own texts.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Validate a graph template (the upsert PUT body) the way the state manager would, without a server.",
        "The graph's name and namespace come from the template's \"name\"/\"namespace\" keys or the flags.",
        "Without --nodes only the checks that need no registered nodes run."},
    footer = {"", "Exit codes: 0 valid (warnings allowed); 1 invalid; 2 bad usage or unreadable input."})
final class ValidateCommand implements Callable<Integer> {
  static final int VALID = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TEMPLATE.json", description = "The graph template (the PUT body).")
  Path template;

  @Option(names = "--nodes", paramLabel = "NODES.json",
      description = "Registered nodes: the GET /v0/namespace/{ns}/nodes/ response or a registration body "
          + "({\"runtime_name\", \"nodes\": [...]}).")
  Path nodes;

  @Option(names = "--name", description = "Graph name (default: the template's \"name\").")
  String name;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: the template's \"namespace\").")
  String namespace;

  @Option(names = "--json", description = "Print the verdict as JSON: {valid, stage, http_status, diagnostics}.")
  boolean json;

  @Override
  public Integer call() {
    try {
      return validate();
    } catch (UsageException e) {
      err().println("exosphere validate: " + e.getMessage());
      return USAGE;
    }
  }

  private int validate() {
    JsonNode body = JsonFiles.read(template, "Template");
    String graphName = pathParameter(name, body, "name", "--name");
    String graphNamespace = pathParameter(namespace, body, "namespace", "--namespace");
    NodeRegistry registry = null;
    if (nodes != null) {
      List<RegisteredNode> registered;
      try {
        registered = GraphJson.readRegisteredNodes(JsonFiles.read(nodes, "Nodes file"), graphNamespace);
      } catch (IllegalArgumentException e) {
        throw new UsageException("Nodes file " + nodes + ": " + e.getMessage());
      }
      registry = NodeRegistry.of(registered);
    }
    ValidationReport report = GraphValidator.validateJson(body, graphName, graphNamespace, registry);
    if (json) {
      printJson(report);
    } else {
      printHuman(report, graphNamespace + "/" + graphName, registry != null);
    }
    return report.valid() ? VALID : INVALID;
  }

  private String pathParameter(String flag, JsonNode body, String key, String option) {
    if (flag != null) {
      return flag;
    }
    JsonNode value = body.isObject() ? body.get(key) : null;
    if (value == null || value.isNull()) {
      throw new UsageException("no graph " + key + ": the template has no \"" + key + "\" key; pass " + option);
    }
    if (!value.isTextual()) {
      throw new UsageException("the template's \"" + key + "\" must be a string; pass " + option + " instead");
    }
    return value.textValue();
  }

  private void printHuman(ValidationReport report, String graph, boolean checkedNodes) {
    PrintWriter out = out();
    if (report.valid()) {
      out.println(template + ": graph " + graph + " is valid: the state manager would accept it (201) and "
          + (checkedNodes ? "mark it VALID" : "verify it against the registered nodes (not checked: no --nodes)"));
    } else {
      Stage stage = report.failingStage().orElseThrow();
      out.println(template + ": graph " + graph + " is invalid: " + verdict(stage));
    }
    for (Diagnostic d : report.diagnostics()) {
      out.println();
      out.println(d.severity().name().toLowerCase(Locale.ROOT) + " [exosphere:" + d.rule() + "] at " + d.location());
      out.println("  " + indent(d.message(), "  "));
      if (d.serverMessage() != null) {
        out.println("  state manager: " + indent(d.serverMessage(), "    "));
      }
    }
    long errors = report.errors().size();
    long warnings = report.warnings().size();
    out.println();
    out.println(errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings"));
  }

  private static String verdict(Stage stage) {
    return switch (stage) {
      case REQUEST_MODEL -> "the state manager would refuse the upsert with 422 (request model)";
      case TEMPLATE -> "the state manager would refuse the upsert with 400 (graph template validation)";
      case VERIFICATION -> "the state manager would accept it (201) and then mark it INVALID (verification)";
      case RUN_TIME -> "it would fail at run time";
    };
  }

  private static String indent(String text, String prefix) {
    return text.replace("\n", "\n" + prefix);
  }

  private void printJson(ValidationReport report) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("valid", report.valid());
    String stage = report.failingStage().map(Stage::wireName).orElse(null);
    if (stage == null) {
      root.putNull("stage");
    } else {
      root.put("stage", stage);
    }
    root.put("http_status", report.httpStatus());
    ArrayNode list = root.putArray("diagnostics");
    for (Diagnostic d : report.diagnostics()) {
      ObjectNode item = list.addObject();
      item.put("rule", d.rule());
      item.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
      item.put("message", d.message());
      if (d.serverMessage() == null) {
        item.putNull("server_message");
      } else {
        item.put("server_message", d.serverMessage());
      }
      item.put("location", d.location().toString());
    }
    try {
      out().println(GraphJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
