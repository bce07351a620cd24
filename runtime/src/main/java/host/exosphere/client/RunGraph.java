package host.exosphere.client;

import java.util.List;
import java.util.Map;

/**
 * The states of one run as a graph ({@code GET …/states/run/{run_id}/graph}, docs/state-manager.md §1.2.17): every
 * state is a node, and each non-root state has one edge from its direct parent.
 *
 * @param graphName the graph, or {@code ""} when the run has no states
 * @param rootStates states without parents
 * @param nodes all states
 * @param edges parent → child links
 * @param nodeCount number of states
 * @param edgeCount number of edges
 * @param executionSummary count of states per status, for all eight statuses
 */
public record RunGraph(
    String graphName,
    List<StateNode> rootStates,
    List<StateNode> nodes,
    List<Edge> edges,
    int nodeCount,
    int edgeCount,
    Map<String, Long> executionSummary) {

  public RunGraph {
    rootStates = List.copyOf(rootStates);
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    executionSummary = Map.copyOf(executionSummary);
  }

  /**
   * One state of the run.
   *
   * @param id the state id
   * @param nodeName the registered node it runs
   * @param identifier its node template's identifier
   * @param status its status
   * @param error its error text, or {@code null} when it has none
   */
  public record StateNode(String id, String nodeName, String identifier, String status, String error) {}

  /**
   * A parent → child link between two states.
   *
   * @param source the parent state id
   * @param target the child state id
   */
  public record Edge(String source, String target) {}
}
