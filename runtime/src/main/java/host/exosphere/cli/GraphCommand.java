package host.exosphere.cli;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphDiagram;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.Location;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exosphere graph TEMPLATE.json --mermaid [--markdown]}: prints a graph template's shape as the
 * same Mermaid flowchart the generated {@code <X>Graph} classes carry in their Javadoc.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
        "Print a graph template's (the upsert PUT body's) shape as a Mermaid flowchart.",
        "The text is the one the annotation processor writes into the generated <X>Graph class's Javadoc."},
    footer = {"", CliCommand.EXIT_CODES})
final class GraphCommand extends CliCommand {

  /** Problems that change which nodes or edges there are; others (a secret, an input) leave the shape as written. */
  private static final Set<Location.Kind> SHAPE = EnumSet.of(Location.Kind.GRAPH, Location.Kind.NODE,
      Location.Kind.NODE_NAME, Location.Kind.IDENTIFIER, Location.Kind.NEXT_NODE, Location.Kind.UNITES);

  @Parameters(index = "0", paramLabel = "TEMPLATE.json", description = "The graph template (the PUT body).")
  Path template;

  @Option(names = "--mermaid", description = "Print the Mermaid flowchart (the default, and for now the only format).")
  boolean mermaid;

  @Option(names = "--markdown", description = "Wrap the flowchart in a ```mermaid fence, ready for a Markdown file.")
  boolean markdown;

  @Option(names = "--name", description = "Graph name (default: the template's \"name\").")
  String name;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: the template's \"namespace\").")
  String namespace;

  @Override
  int run() {
    String text = diagram();
    PrintWriter out = out();
    if (markdown) {
      out.print("```mermaid\n" + text + "```\n");
    } else {
      out.print(text);
    }
    out.flush();
    return OK;
  }

  private String diagram() {
    JsonNode body = JsonFiles.read(template, "Template");
    if (!body.isObject()) {
      throw new UsageException("Template " + template + " is not a graph template: it must be a JSON object");
    }
    // The name and namespace do not appear in the diagram; they only make messages name the graph the
    // way `exosphere validate` does, so a missing one is no reason to refuse.
    String graphName = pathParameter(name, body, "name");
    String graphNamespace = pathParameter(namespace, body, "namespace");
    GraphJson.ReadResult read = GraphJson.read(body, graphName, graphNamespace);
    List<Diagnostic> shapeProblems = read.diagnostics().stream()
        .filter(d -> SHAPE.contains(d.location().kind()))
        .toList();
    if (read.template() == null && shapeProblems.isEmpty()) {
      shapeProblems = read.diagnostics();
    }
    if (read.template() == null && shapeProblems.isEmpty()) {
      throw new UsageException("Template " + template + " is not a graph template");
    }
    if (!shapeProblems.isEmpty()) {
      Diagnostic first = shapeProblems.get(0);
      int more = shapeProblems.size() - 1;
      throw new UsageException("Template " + template + ": graph " + graphNamespace + "/" + graphName
          + " has no drawable shape: " + first.location() + ": " + oneLine(first.message())
          + (more == 0 ? "" : " (and " + more + " more; see `exosphere validate`)"));
    }
    return GraphDiagram.mermaid(read.template());
  }

  private static String pathParameter(String flag, JsonNode body, String key) {
    if (flag != null) {
      return flag;
    }
    JsonNode value = body.get(key);
    return value != null && value.isTextual() ? value.textValue() : "(no " + key + ")";
  }

  private static String oneLine(String text) {
    return text.replace("\r", " ").replace("\n", " ");
  }
}
