package host.exosphere.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one computation of a graph's root, shared by the validator and the annotation processor: the
 * nodes nothing points at. As on the state manager, a {@code unites} counts as an incoming edge, so a
 * uniting node is never a root; the graph is valid only with exactly one candidate.
 */
public final class GraphRoots {
  private GraphRoots() {}

  /** The indexes of the nodes with no incoming {@code next_nodes} edge and no {@code unites}, in order. */
  public static List<Integer> candidates(List<NodeTemplate> nodes) {
    Set<String> pointedAt = new HashSet<>(nodes.size() * 2);
    for (NodeTemplate node : nodes) {
      pointedAt.addAll(node.nextNodes());
    }
    List<Integer> roots = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeTemplate node = nodes.get(i);
      if (node.unites() == null && !pointedAt.contains(node.identifier())) {
        roots.add(i);
      }
    }
    return roots;
  }

  /** The root's index, or -1 unless exactly one node qualifies. */
  public static int root(List<NodeTemplate> nodes) {
    List<Integer> candidates = candidates(nodes);
    return candidates.size() == 1 ? candidates.get(0) : -1;
  }
}
