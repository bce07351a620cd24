package host.exosphere.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.RunSummary;
import host.exosphere.client.RunsPage;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code exosphere runs}: one page of a namespace's runs, newest first, as a table or JSON. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {"List the runs of a namespace, newest first, with their states counted by outcome.",
        "`exosphere runs show RUN_ID` shows one run state by state."},
    subcommands = RunShowCommand.class,
    footer = {"", CliCommand.EXIT_CODES})
final class RunsCommand extends ServerCommand {
  private static final String[] HEADERS =
      {"RUN ID", "GRAPH", "STATUS", "SUCCESS", "PENDING", "ERRORED", "RETRIED", "TOTAL", "CREATED"};

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: $EXOSPHERE_NAMESPACE).")
  String namespace;

  @Option(names = "--page", defaultValue = "1", description = "Page number, from 1 (default: ${DEFAULT-VALUE}).")
  int page;

  @Option(names = "--size", defaultValue = "20", description = "Runs per page (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--json", description = "Print the page as JSON, in the state manager's shape.")
  boolean json;

  @Override
  int run() {
    if (page < 1) {
      throw new UsageException("--page starts at 1");
    }
    if (size < 1) {
      throw new UsageException("--size must be at least 1");
    }
    String ns = ServerOptions.namespace(namespace, environment);
    RunsPage runs;
    try (StateManager client = server.connect(ns, environment)) {
      runs = client.runs(page, size);
    }
    if (json) {
      out().println(toJson(runs));
    } else {
      printTable(runs);
    }
    return OK;
  }

  private void printTable(RunsPage runs) {
    if (runs.runs().isEmpty()) {
      out().println(runs.total() == 0
          ? "No runs in namespace " + runs.namespace() + "."
          : "No runs on page " + runs.page() + " (" + runs.total() + " runs in namespace " + runs.namespace() + ").");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (RunSummary r : runs.runs()) {
      rows.add(new String[] {r.runId(), r.graphName(), r.status(), Long.toString(r.successCount()),
          Long.toString(r.pendingCount()), Long.toString(r.erroredCount()), Long.toString(r.retriedCount()),
          Long.toString(r.totalCount()), r.createdAt() == null ? "" : r.createdAt()});
    }
    // Counts are right-aligned so their digits line up; text columns are left-aligned.
    Tables.print(out(), rows, column -> column >= 3 && column <= 7);
    long pages = (runs.total() + runs.size() - 1) / runs.size();
    out().println("Page " + runs.page() + " of " + Math.max(pages, 1) + " (" + runs.total() + " runs in namespace "
        + runs.namespace() + ")");
  }

  static String toJson(RunsPage runs) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("namespace", runs.namespace());
    body.put("total", runs.total());
    body.put("page", runs.page());
    body.put("size", runs.size());
    ArrayNode list = body.putArray("runs");
    for (RunSummary r : runs.runs()) {
      ObjectNode run = list.addObject();
      run.put("run_id", r.runId());
      run.put("graph_name", r.graphName());
      run.put("success_count", r.successCount());
      run.put("pending_count", r.pendingCount());
      run.put("errored_count", r.erroredCount());
      run.put("retried_count", r.retriedCount());
      run.put("total_count", r.totalCount());
      run.put("status", r.status());
      run.put("created_at", r.createdAt());
    }
    try {
      return GraphJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write the runs as JSON", e);
    }
  }
}
