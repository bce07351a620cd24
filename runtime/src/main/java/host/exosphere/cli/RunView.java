package host.exosphere.cli;

import host.exosphere.client.NodeRunDetails;
import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManager;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run as {@code runs show} prints it: every state in full, parents before children.
 *
 * @param runId the run
 * @param namespace its namespace
 * @param graphName its graph
 * @param status PENDING, FAILED or SUCCESS, worked out as the runs listing does
 * @param summary states per status
 * @param states every state, in the order the run reached them
 * @param edges parent → child state links
 */
record RunView(String runId, String namespace, String graphName, String status, Map<String, Long> summary,
    List<NodeRunDetails> states, List<RunGraph.Edge> edges) {

  /** The state manager's eight state statuses, in its order. */
  static final List<String> STATUSES = List.of("CREATED", "QUEUED", "EXECUTED", "SUCCESS", "ERRORED",
      "NEXT_CREATED_ERROR", "PRUNED", "RETRY_CREATED");

  /** Statuses of a state that has not finished: a run with one of them is PENDING. */
  static final Set<String> PENDING_STATUSES = Set.of("CREATED", "QUEUED", "EXECUTED");

  /** Mermaid class definitions per status: green done, red failed, blue still going, grey pruned. */
  static final Map<String, String> COLOURS = colours();

  static RunView of(String runId, String namespace, RunGraph graph, StateManager client) {
    List<NodeRunDetails> states = new ArrayList<>();
    for (String id : order(graph)) {
      states.add(client.nodeRunDetails(graph.graphName(), runId, id));
    }
    return new RunView(runId, namespace, graph.graphName(), status(graph.executionSummary()),
        graph.executionSummary(), states, graph.edges());
  }

  /** The run's status from its states' counts, by the rule the state manager's runs listing uses. */
  static String status(Map<String, Long> summary) {
    long pending = PENDING_STATUSES.stream().mapToLong(s -> summary.getOrDefault(s, 0L)).sum();
    long errored = summary.getOrDefault("ERRORED", 0L) + summary.getOrDefault("NEXT_CREATED_ERROR", 0L);
    return pending > 0 ? "PENDING" : errored > 0 ? "FAILED" : "SUCCESS";
  }

  /** How long a state took from creation to its last update, or {@code null} when a time is unreadable. */
  static Long durationMillis(NodeRunDetails state) {
    OffsetDateTime created = time(state.createdAt());
    OffsetDateTime updated = time(state.updatedAt());
    return created == null || updated == null ? null : Duration.between(created, updated).toMillis();
  }

  /** The real server writes naive UTC times; an offset, when given, is honoured. */
  private static OffsetDateTime time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException notIso) {
        return null;
      }
    }
  }

  /** Breadth-first from the root states, so parents come before children; stray states last. */
  private static List<String> order(RunGraph graph) {
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (RunGraph.Edge e : graph.edges()) {
      children.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    graph.rootStates().forEach(s -> queue.add(s.id()));
    while (!queue.isEmpty()) {
      String id = queue.poll();
      if (seen.add(id)) {
        queue.addAll(children.getOrDefault(id, List.of()));
      }
    }
    graph.nodes().forEach(s -> seen.add(s.id()));
    return new ArrayList<>(seen);
  }

  private static Map<String, String> colours() {
    Map<String, String> c = new LinkedHashMap<>();
    String going = "fill:#dbeafe,stroke:#2563eb";
    c.put("CREATED", going);
    c.put("QUEUED", going);
    c.put("EXECUTED", going);
    c.put("SUCCESS", "fill:#dcfce7,stroke:#16a34a");
    c.put("ERRORED", "fill:#fee2e2,stroke:#dc2626");
    c.put("NEXT_CREATED_ERROR", "fill:#fee2e2,stroke:#dc2626");
    c.put("PRUNED", "fill:#f3f4f6,stroke:#6b7280");
    c.put("RETRY_CREATED", "fill:#ffedd5,stroke:#ea580c");
    return Collections.unmodifiableMap(c);
  }
}
