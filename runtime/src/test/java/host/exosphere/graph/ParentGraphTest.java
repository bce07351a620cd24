package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ParentGraph} shares sets instead of copying them; these tests hold it to a literal, set-copying
 * replay of the server's recursive DFS (docs/state-manager.md §3.2) on many random graphs with joins and unites.
 */
class ParentGraphTest {

  /** The server's algorithm, written the obvious way: recursive, with real sets. */
  private static final class LiteralDfs {
    final List<NodeTemplate> nodes;
    final Map<String, NodeTemplate> byId = new HashMap<>();
    final Map<String, Set<String>> parents = new HashMap<>();
    final Map<String, Set<String>> path = new HashMap<>();
    final Map<String, Boolean> visited = new HashMap<>();
    final LinkedHashMap<String, List<String>> awaiting = new LinkedHashMap<>();

    LiteralDfs(List<NodeTemplate> nodes, String root) {
      this.nodes = nodes;
      for (NodeTemplate n : nodes) {
        byId.put(n.identifier(), n);
        parents.put(n.identifier(), new HashSet<>());
        path.put(n.identifier(), new HashSet<>());
        visited.put(n.identifier(), false);
      }
      dfs(root, Set.of(), Set.of());
    }

    void dfs(String id, Set<String> p, Set<String> q) {
      parents.get(id).addAll(p);
      path.get(id).addAll(q);
      if (visited.get(id)) {
        return;
      }
      visited.put(id, true);
      NodeTemplate node = byId.get(id);
      Set<String> forChildren;
      if (node.unites() == null) {
        forChildren = new HashSet<>(p);
        forChildren.add(id);
      } else if (visited.get(node.unites().identifier())) {
        String t = node.unites().identifier();
        forChildren = new HashSet<>(parents.get(t));
        forChildren.add(t);
        parents.put(id, new HashSet<>(forChildren));
      } else {
        awaiting.computeIfAbsent(node.unites().identifier(), k -> new ArrayList<>()).add(id);
        return;
      }
      List<String> waiting = awaiting.get(id);
      if (waiting != null) {
        for (String w : waiting) {
          dfs(w, forChildren, new HashSet<>(path.get(w)));
        }
        awaiting.remove(id);
      }
      for (String next : node.nextNodes()) {
        Set<String> nextPath = new HashSet<>(q);
        nextPath.add(id);
        dfs(next, forChildren, nextPath);
      }
    }
  }

  @Test
  void agreesWithTheServersAlgorithmOnRandomGraphs() {
    Random random = new Random(20261123L);
    int compared = 0;
    for (int round = 0; round < 3000; round++) {
      int size = 2 + random.nextInt(12);
      List<NodeTemplate> nodes = randomGraph(random, size);
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        index.put(nodes.get(i).identifier(), i);
      }
      // The generator makes n0 the only node without incoming edges or unites.
      ParentGraph fast = ParentGraph.build(nodes, new GraphIndex(nodes, index), 0);
      LiteralDfs slow = new LiteralDfs(nodes, "n0");
      if (!slow.awaiting.isEmpty()) {
        assertNotNull(fast.failure(), "round " + round);
        assertEquals("Graph is disconnected at: " + PythonJson.repr(slow.awaiting), fast.failure().serverText());
        continue;
      }
      assertNull(fast.failure(), "round " + round);
      for (int i = 0; i < size; i++) {
        String id = nodes.get(i).identifier();
        if (i != 0) {
          assertEquals(slow.parents.get(id).contains("n0"), fast.connected(i), "connected " + id + " " + nodes);
        }
        assertEquals(slow.path.get(id).contains(id), fast.inOwnPath(i), "cycle at " + id + " " + nodes);
        for (int x = 0; x < size; x++) {
          String other = nodes.get(x).identifier();
          assertEquals(slow.parents.get(id).contains(other), fast.isParent(i, other),
              "is " + other + " a parent of " + id + " in " + nodes);
          compared++;
        }
        assertTrue(!fast.isParent(i, "ghost"));
      }
    }
    assertTrue(compared > 100_000, "compared " + compared);
  }

  private static List<NodeTemplate> randomGraph(Random random, int size) {
    List<List<String>> next = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      next.add(new ArrayList<>());
    }
    int[] incoming = new int[size];
    for (int i = 1; i < size; i++) {
      // Mostly forward edges, so most graphs are DAGs; a few back edges make cycles.
      int from = random.nextInt(10) == 0 ? random.nextInt(size) : random.nextInt(i);
      addEdge(next, incoming, from, i);
    }
    int extra = random.nextInt(size * 2);
    for (int k = 0; k < extra; k++) {
      int from = random.nextInt(size);
      int to = 1 + random.nextInt(size - 1);
      if (random.nextInt(6) != 0 && to <= from) {
        continue;
      }
      addEdge(next, incoming, from, to);
    }
    List<NodeTemplate> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      NodeTemplate node = NodeTemplate.of("Echo", "ns", "n" + i, Map.of(), next.get(i));
      if (i > 0 && random.nextInt(4) == 0) {
        int target = random.nextInt(size);
        if (target != i) {
          node = node.withUnites(Unites.of("n" + target));
        }
      }
      nodes.add(node);
    }
    return nodes;
  }

  private static void addEdge(List<List<String>> next, int[] incoming, int from, int to) {
    if (!next.get(from).contains("n" + to)) {
      next.get(from).add("n" + to);
      incoming[to]++;
    }
  }

  @Test
  void deepChainsHitTheServersRecursionLimitWithoutOverflowingOurStack() {
    int length = 100_000;
    List<NodeTemplate> nodes = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < length; i++) {
      nodes.add(NodeTemplate.of("Echo", "ns", "n" + i, Map.of(), i + 1 < length ? List.of("n" + (i + 1)) : List.of()));
      index.put("n" + i, i);
    }
    ParentGraph graph = ParentGraph.build(nodes, new GraphIndex(nodes, index), 0);
    assertNotNull(graph.failure());
    assertTrue(graph.failure().recursionLimit());
    assertEquals("maximum recursion depth exceeded", graph.failure().serverText());
  }

  @Test
  void chainsBelowTheLimitPass() {
    int length = ParentGraph.MAX_DFS_DEPTH;
    List<NodeTemplate> nodes = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < length; i++) {
      nodes.add(NodeTemplate.of("Echo", "ns", "n" + i, Map.of(), i + 1 < length ? List.of("n" + (i + 1)) : List.of()));
      index.put("n" + i, i);
    }
    ParentGraph graph = ParentGraph.build(nodes, new GraphIndex(nodes, index), 0);
    assertNull(graph.failure());
    assertEquals(length, graph.maxDepth());
    assertTrue(graph.isParent(length - 1, "n0"));
    assertTrue(graph.isParent(length - 1, "n" + (length - 2)));
  }
}
