package host.exosphere.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.NodeRunDetails;
import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphDiagram;
import host.exosphere.graph.GraphJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exosphere runs show RUN_ID}: what one run did, state by state: status, timings, outputs and
 * errors, as a table, JSON or a Mermaid flowchart coloured by status; {@code --watch} follows a run that
 * is still going. Secret values never appear: the state manager does not return them with a run.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
        "Show one run: each step's states with status, timings, outputs and errors.",
        "--watch follows a run that is still going, with a progress line on stderr, and shows it when it ends."},
    footer = {"", CliCommand.EXIT_CODES,
        "runs show: 0 shown (with --watch: the run succeeded); 1 no such run (with --watch: the run failed,"
            + " or is still going at --timeout)."})
final class RunShowCommand extends ServerCommand {

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id `exosphere trigger` printed.")
  String runId;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: $EXOSPHERE_NAMESPACE).")
  String namespace;

  @Option(names = "--json", description = "Print the run as JSON: {run_id, namespace, graph_name, status,"
      + " execution_summary, states: [{id, identifier, node_name, status, created_at, updated_at, duration_ms,"
      + " inputs, outputs, error, parents}], edges}.")
  boolean json;

  @Option(names = "--mermaid", description = "Print the run as a Mermaid flowchart, one box per state coloured by"
      + " its status.")
  boolean mermaid;

  @Option(names = "--watch", description = "Poll until the run is no longer PENDING, printing progress on stderr.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
      description = "Time between polls with --watch (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
      description = "Give up watching after this long (default: ${DEFAULT-VALUE}, no limit).")
  long timeoutSeconds;

  @Override
  int run() {
    if (json && mermaid) {
      throw new UsageException("--json and --mermaid are two formats: pick one");
    }
    if (intervalMillis <= 0) {
      throw new UsageException("--interval must be at least 1 millisecond");
    }
    if (timeoutSeconds < 0) {
      throw new UsageException("--timeout must not be negative");
    }
    String ns = ServerOptions.namespace(namespace, environment);
    try (StateManager client = server.connect(ns, environment)) {
      RunGraph graph = client.graphStructure(runId);
      if (graph.nodeCount() == 0) {
        return fail(REFUSED, "not_found", "no run " + runId + " in namespace " + ns
            + " (run ids are printed by `exosphere trigger` and listed by `exosphere runs`)", null);
      }
      if (watch) {
        graph = follow(client, graph);
      }
      RunView view = RunView.of(runId, ns, graph, client);
      if (json) {
        printJson(toJson(view));
      } else if (mermaid) {
        out().print(mermaid(view));
      } else {
        printTable(view);
      }
      out().flush();
      return !watch || view.status().equals("SUCCESS") ? OK : REFUSED;
    }
  }

  /** Polls until the run is no longer pending (or the timeout), one progress line on stderr per change. */
  private RunGraph follow(StateManager client, RunGraph graph) {
    long started = System.nanoTime();
    long deadline = timeoutSeconds == 0 ? Long.MAX_VALUE : started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    String last = null;
    while (true) {
      String status = RunView.status(graph.executionSummary());
      String line = "Run " + runId + ": " + status + ", " + finished(graph) + " of " + graph.nodeCount()
          + " states finished (" + counts(graph.executionSummary()) + ")";
      if (!line.equals(last)) {
        err().println(line + " after " + String.format(Locale.ROOT, "%.1f s",
            (System.nanoTime() - started) / 1e9));
        last = line;
      }
      if (!status.equals("PENDING") || System.nanoTime() >= deadline) {
        return graph;
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return graph;
      }
      graph = client.graphStructure(runId);
    }
  }

  private static long finished(RunGraph graph) {
    return graph.executionSummary().entrySet().stream()
        .filter(e -> !RunView.PENDING_STATUSES.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** The non-zero counts, in the state manager's order of statuses. */
  static String counts(Map<String, Long> summary) {
    StringJoiner joined = new StringJoiner(", ");
    for (String status : RunView.STATUSES) {
      long n = summary.getOrDefault(status, 0L);
      if (n > 0) {
        joined.add(status + " " + n);
      }
    }
    return joined.toString();
  }

  private void printTable(RunView view) {
    out().println("Run " + view.runId() + " of graph " + view.graphName() + " in namespace " + view.namespace()
        + ": " + view.status() + " (" + counts(view.summary()) + ")");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STEP", "NODE", "STATE", "STATUS", "CREATED", "TOOK", "OUTPUTS / ERROR"});
    for (NodeRunDetails s : view.states()) {
      Long took = RunView.durationMillis(s);
      String result = s.error() != null ? "error: " + oneLine(s.error()) : outputs(s.outputs());
      rows.add(new String[] {s.identifier(), s.nodeName(), s.id(), s.status(),
          s.createdAt() == null ? "" : s.createdAt(), took == null ? "" : took + " ms", result});
    }
    Tables.print(out(), rows, Tables.NO_NUMBERS);
  }

  private static String outputs(Map<String, Object> outputs) {
    if (outputs.isEmpty()) {
      return "";
    }
    try {
      return GraphJson.mapper().writeValueAsString(outputs);
    } catch (JsonProcessingException e) {
      return outputs.toString();
    }
  }

  private static String oneLine(String text) {
    String line = text.strip().replace("\r", " ").replace("\n", " | ");
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }

  static ObjectNode toJson(RunView view) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("run_id", view.runId());
    root.put("namespace", view.namespace());
    root.put("graph_name", view.graphName());
    root.put("status", view.status());
    ObjectNode summary = root.putObject("execution_summary");
    for (String status : RunView.STATUSES) {
      summary.put(status, view.summary().getOrDefault(status, 0L));
    }
    ArrayNode states = root.putArray("states");
    for (NodeRunDetails s : view.states()) {
      ObjectNode state = states.addObject();
      state.put("id", s.id());
      state.put("identifier", s.identifier());
      state.put("node_name", s.nodeName());
      state.put("status", s.status());
      state.put("created_at", s.createdAt());
      state.put("updated_at", s.updatedAt());
      Long took = RunView.durationMillis(s);
      if (took == null) {
        state.putNull("duration_ms");
      } else {
        state.put("duration_ms", took);
      }
      state.set("inputs", GraphJson.toJsonNode(s.inputs()));
      state.set("outputs", GraphJson.toJsonNode(s.outputs()));
      state.put("error", s.error());
      state.set("parents", GraphJson.toJsonNode(s.parents()));
    }
    ArrayNode edges = root.putArray("edges");
    for (RunGraph.Edge e : view.edges()) {
      edges.addObject().put("source", e.source()).put("target", e.target());
    }
    return root;
  }

  /** One box per state, labelled with its step, node and status, and coloured by status. */
  static String mermaid(RunView view) {
    StringBuilder text = new StringBuilder("flowchart TD\n");
    Map<String, String> ids = new HashMap<>();
    for (NodeRunDetails s : view.states()) {
      String id = "s" + ids.size();
      ids.put(s.id(), id);
      text.append("  ").append(id).append("[\"").append(GraphDiagram.label(s.identifier()))
          .append(": ").append(GraphDiagram.label(s.nodeName())).append("<br/>")
          .append(s.status()).append("\"]:::").append(s.status().toLowerCase(Locale.ROOT)).append('\n');
    }
    for (RunGraph.Edge e : view.edges()) {
      if (ids.containsKey(e.source()) && ids.containsKey(e.target())) {
        text.append("  ").append(ids.get(e.source())).append(" --> ").append(ids.get(e.target())).append('\n');
      }
    }
    for (Map.Entry<String, String> colour : RunView.COLOURS.entrySet()) {
      text.append("  classDef ").append(colour.getKey().toLowerCase(Locale.ROOT)).append(' ')
          .append(colour.getValue()).append('\n');
    }
    return text.toString();
  }
}
