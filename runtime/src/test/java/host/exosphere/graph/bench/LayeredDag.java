package host.exosphere.graph.bench;

import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.Unites;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Valid layered DAGs for measuring the validator: a root, 100 layers, about three {@code next_nodes} per
 * node into the following layer (so most nodes have several predecessors), and every ten layers a gate
 * node that all of a layer funnels into and that fans out to the next one. One node in twenty unites the
 * gate above it, and every node reads the gate's output, which every branch has among its ancestors.
 */
public final class LayeredDag {
  private LayeredDag() {}

  static final int LAYERS = 100;

  /** The registry the generated graphs are verified against. */
  public static NodeRegistry registry() {
    return NodeRegistry.of(List.of(
        NodeSchemas.registeredNode("Work", "bench", List.of("data"), List.of("out"), List.of()),
        NodeSchemas.registeredNode("Gate", "bench", List.of(), List.of("out"), List.of())));
  }

  /** A graph of exactly {@code size} nodes (at least 310). */
  public static GraphTemplate build(int size, long seed) {
    Random random = new Random(seed);
    int gates = LAYERS / 10 - 1;
    int spread = Math.max(3 * LAYERS, size - 1 - gates);
    List<String> ids = new ArrayList<>();
    List<Set<String>> next = new ArrayList<>();
    List<String> unites = new ArrayList<>();
    List<String> readGate = new ArrayList<>();
    List<Boolean> isGate = new ArrayList<>();

    int root = add("root", ids, next, unites, readGate, isGate, null, null, true);
    String gate = "root";
    List<Integer> previous = List.of(root);
    for (int layer = 1; layer <= LAYERS; layer++) {
      int width = spread / LAYERS + (layer <= spread % LAYERS ? 1 : 0);
      List<Integer> current = new ArrayList<>(width);
      for (int j = 0; j < width; j++) {
        boolean unite = layer % 10 > 1 && random.nextInt(20) == 0;
        current.add(add("n" + layer + "_" + j, ids, next, unites, readGate, isGate, unite ? gate : null, gate, false));
      }
      if (previous.size() == 1) {
        for (int c : current) {
          next.get(previous.get(0)).add(ids.get(c));
        }
      } else {
        for (int j = 0; j < previous.size(); j++) {
          Set<String> out = next.get(previous.get(j));
          out.add(ids.get(current.get(j % current.size())));
          while (out.size() < 3) {
            out.add(ids.get(current.get(random.nextInt(current.size()))));
          }
        }
      }
      previous = current;
      if (layer % 10 == 0 && layer < LAYERS) {
        int g = add("gate" + layer, ids, next, unites, readGate, isGate, null, gate, true);
        for (int p : previous) {
          next.get(p).add(ids.get(g));
        }
        gate = ids.get(g);
        previous = List.of(g);
      }
    }
    List<NodeTemplate> nodes = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Map<String, Object> inputs = isGate.get(i) ? Map.of()
          : Map.of("data", "${{ " + readGate.get(i) + ".outputs.out }}");
      NodeTemplate node = NodeTemplate.of(isGate.get(i) ? "Gate" : "Work", "bench", ids.get(i), inputs,
          new ArrayList<>(next.get(i)));
      if (unites.get(i) != null) {
        node = node.withUnites(Unites.of(unites.get(i)));
      }
      nodes.add(node);
    }
    return new GraphTemplate("layered-" + size, "bench", Map.of(), nodes, null, null, List.of());
  }

  private static int add(String id, List<String> ids, List<Set<String>> next, List<String> unites,
      List<String> readGate, List<Boolean> isGate, String unite, String gate, boolean gateNode) {
    ids.add(id);
    next.add(new LinkedHashSet<>());
    unites.add(unite);
    readGate.add(gate);
    isGate.add(gateNode);
    return ids.size() - 1;
  }
}
