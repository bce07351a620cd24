package host.exosphere.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.StateManager;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.Severity;
import host.exosphere.graph.Stage;
import host.exosphere.graph.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exosphere validate PATH}: says offline what the state manager would say about graph templates,
 * with its own texts, for a template file, a classes directory or a jar.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Validate graph templates the way the state manager would, without a server.",
        "PATH is a template (the upsert PUT body), a classes directory or a jar: every graph the annotation"
            + " processor wrote there (META-INF/exosphere/graphs/<namespace>/<name>.json) is checked against"
            + " the node resources beside it (META-INF/exosphere/nodes/), plus any --nodes files.",
        "With --uri the registered nodes are read from that state manager instead of the node resources;"
            + " $EXOSPHERE_STATE_MANAGER_URI alone never makes validate go online.",
        "Secret values left null in a generated template are given at upload and are not an error.",
        "Without any nodes only the checks that need no registered nodes run."},
    footer = {"", CliCommand.EXIT_CODES, "validate: 0 every graph valid (warnings allowed); 1 a graph invalid."})
final class ValidateCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "PATH", description = "A graph template, a classes directory or a jar.")
  Path path;

  @Mixin GraphSelection selection;

  @Option(names = "--nodes", paramLabel = "NODES.json", description = "Registered nodes, repeatable: the GET"
      + " /v0/namespace/{ns}/nodes/ response, a registration body ({\"runtime_name\", \"nodes\": [...]}), a list"
      + " of entries, or one entry such as META-INF/exosphere/nodes/<name>.json. Added to the node resources"
      + " found beside a generated template.")
  List<Path> nodes = new ArrayList<>();


  @Mixin ServerOptions server;

  @Option(names = "--json", description = "Print the verdict as JSON: {valid, stage, http_status, diagnostics} for"
      + " a template file; {valid, graphs: [{graph, source, valid, stage, http_status, diagnostics}]} for a"
      + " classes directory or jar.")
  boolean json;

  /** One graph's verdict, and whether any registered nodes were known to check it against. */
  private record Verdict(GraphSelection.Graph graph, ValidationReport report, boolean checkedNodes) {}

  @Override
  int run() {
    List<GraphSelection.Graph> graphs = selection.select(path, environment);
    List<Verdict> verdicts = new ArrayList<>();
    for (GraphSelection.Graph graph : graphs) {
      List<RegisteredNode> registered = registeredNodes(graph);
      NodeRegistry registry = registered == null ? null : NodeRegistry.of(registered);
      ValidationReport report = GraphValidator.validateJson(graph.withSecretsGivenAtUpload(), graph.name(),
          graph.namespace(), registry);
      verdicts.add(new Verdict(graph, report, registry != null));
    }
    boolean tree = Files.isDirectory(path) || BuildTree.isArchive(path);
    if (json) {
      printJson(verdicts, tree);
    } else {
      verdicts.forEach(v -> printHuman(v, tree));
      if (tree) {
        long valid = verdicts.stream().filter(v -> v.report().valid()).count();
        out().println(verdicts.size() + (verdicts.size() == 1 ? " graph" : " graphs") + " in " + path + ": "
            + valid + " valid, " + (verdicts.size() - valid) + " invalid");
      }
    }
    return verdicts.stream().allMatch(v -> v.report().valid()) ? OK : REFUSED;
  }

  /** The nodes to verify against, or {@code null} when none are known (verification is then skipped). */
  private List<RegisteredNode> registeredNodes(GraphSelection.Graph graph) {
    List<RegisteredNode> all = new ArrayList<>();
    boolean known = false;
    if (server.uri != null) {
      // The server's registry is what it would verify against: bundled resources would hide a node no
      // runtime has registered yet.
      try (StateManager client = server.connect(graph.namespace(), environment)) {
        all.addAll(client.listNodes());
      }
      known = true;
    } else if (!graph.bundled().isEmpty()) {
      all.addAll(graph.bundled().in(graph.namespace()));
      known = true;
    }
    for (Path file : nodes) {
      all.addAll(NodeFiles.read(file, graph.namespace()));
      known = true;
    }
    return known ? all : null;
  }

  private void printHuman(Verdict verdict, boolean tree) {
    PrintWriter out = out();
    ValidationReport report = verdict.report();
    // In a classes directory or jar the resource path only repeats the graph's namespace and name.
    String graph = (tree ? "" : verdict.graph().source() + ": ") + "graph " + verdict.graph().label();
    if (report.valid()) {
      out.println(graph + " is valid: the state manager would accept it (201) and " + (verdict.checkedNodes()
          ? "mark it VALID" : "verify it against the registered nodes (not checked: no --nodes)"));
    } else {
      out.println(graph + " is invalid: " + verdict(report.failingStage().orElseThrow()));
    }
    List<Diagnostic> problems = Problems.distinct(report.diagnostics());
    if (problems.isEmpty()) {
      return;
    }
    Problems.print(out, problems);
    long errors = problems.stream().filter(d -> d.severity() == Severity.ERROR).count();
    long warnings = problems.size() - errors;
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

  private void printJson(List<Verdict> verdicts, boolean tree) {
    if (!tree) {
      printJson(reportJson(verdicts.get(0).report()));
      return;
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("valid", verdicts.stream().allMatch(v -> v.report().valid()));
    ArrayNode graphs = root.putArray("graphs");
    for (Verdict v : verdicts) {
      ObjectNode item = graphs.addObject();
      item.put("graph", v.graph().label());
      item.put("source", v.graph().source());
      item.setAll(reportJson(v.report()));
    }
    printJson(root);
  }

  private static ObjectNode reportJson(ValidationReport report) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("valid", report.valid());
    String stage = report.failingStage().map(Stage::wireName).orElse(null);
    if (stage == null) {
      root.putNull("stage");
    } else {
      root.put("stage", stage);
    }
    root.put("http_status", report.httpStatus());
    root.set("diagnostics", Problems.json(report.diagnostics()));
    return root;
  }
}
