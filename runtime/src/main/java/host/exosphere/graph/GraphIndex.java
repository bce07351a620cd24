package host.exosphere.graph;

import java.util.List;
import java.util.Map;

/**
 * The nodes of a template as integers: identifier → position, and {@code next_nodes}, unites targets and
 * predecessors as positions. Built once, after the field validators proved identifiers unique and every
 * {@code next_nodes} entry known, so the later rules never look a string up again (on a 100,000-node
 * graph the string look-ups, not the rules, were the cost).
 */
final class GraphIndex {
  final Map<String, Integer> index;
  final int[][] next;
  /** The unites target's position, or -1 when the node has none or it names no node. */
  final int[] unites;
  private int[][] predecessors;

  GraphIndex(List<NodeTemplate> nodes, Map<String, Integer> index) {
    this.index = index;
    int n = nodes.size();
    next = new int[n][];
    unites = new int[n];
    for (int i = 0; i < n; i++) {
      NodeTemplate node = nodes.get(i);
      List<String> names = node.nextNodes();
      next[i] = new int[names.size()];
      for (int k = 0; k < next[i].length; k++) {
        next[i][k] = index.get(names.get(k));
      }
      Integer target = node.unites() == null ? null : index.get(node.unites().identifier());
      unites[i] = target == null ? -1 : target;
    }
  }

  int size() {
    return next.length;
  }

  /** For each node, the nodes that list it in {@code next_nodes}, in node order. */
  int[][] predecessors() {
    if (predecessors == null) {
      int n = next.length;
      int[] count = new int[n];
      for (int[] out : next) {
        for (int m : out) {
          count[m]++;
        }
      }
      int[][] preds = new int[n][];
      for (int i = 0; i < n; i++) {
        preds[i] = new int[count[i]];
        count[i] = 0;
      }
      for (int i = 0; i < n; i++) {
        for (int m : next[i]) {
          preds[m][count[m]++] = i;
        }
      }
      predecessors = preds;
    }
    return predecessors;
  }
}
