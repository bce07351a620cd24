package host.exosphere.graph;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks beyond parity (README, "The errors a user sees"): what the state manager accepts but will fail or hang at run time.
 * Each is a {@link Severity#WARNING} at {@link Stage#RUN_TIME} with the reason, so a graph author learns
 * before the first run instead of from a state stuck in {@code NEXT_CREATED_ERROR} or a join that never
 * fires. Runs on a template that passed the request model and the template validators.
 */
final class RunTimeWarnings {
  private RunTimeWarnings() {}

  static List<Diagnostic> check(GraphTemplate t, GraphIndex index, ParentGraph graph,
      Templates templates, NodeRegistry registry, LocalDateTime now) {
    List<Diagnostic> out = new ArrayList<>();
    int[][] predecessors = index.predecessors();
    namespaces(t, out);
    unites(t, index, graph, predecessors, out);
    diamonds(t, graph, predecessors, templates, out);
    crons(t, registry, now, out);
    if (registry != null) {
      undeclaredInputs(t, registry, out);
    }
    return out;
  }

  /** §4.11: next states take the node template's namespace, but the graph is looked up by it. */
  private static void namespaces(GraphTemplate t, List<Diagnostic> out) {
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      if (!node.namespace().equals(t.namespace())) {
        out.add(Diagnostics.warning("namespace-mismatch",
            Location.node(Location.Kind.NODE_NAMESPACE, i, node.identifier(), node.namespace(), -1),
            "node '" + node.identifier() + "' is in namespace '" + node.namespace() + "' but the graph is in '"
                + t.namespace() + "': its states run in the node's namespace, where the state manager then"
                + " cannot find the graph (\"Graph template not found for namespace\"), so the run stops after"
                + " this node; use the graph's namespace"));
      }
    }
  }

  /** §4.5: the target must be a strict ancestor of every predecessor, and the join must be re-checked. */
  private static void unites(GraphTemplate t, GraphIndex index, ParentGraph graph,
      int[][] predecessors, List<Diagnostic> out) {
    List<NodeTemplate> nodes = t.nodes();
    for (int u = 0; u < nodes.size(); u++) {
      NodeTemplate node = nodes.get(u);
      if (node.unites() == null) {
        continue;
      }
      String target = node.unites().identifier();
      Location where = Location.node(Location.Kind.UNITES, u, node.identifier(), target, -1);
      Set<Integer> preds = new HashSet<>();
      for (int x : predecessors[u]) {
        preds.add(x);
      }
      for (int x : predecessors[u]) {
        String pred = nodes.get(x).identifier();
        if (pred.equals(target)) {
          out.add(Diagnostics.warning("unites-on-predecessor", where,
              "node '" + node.identifier() + "' unites its direct predecessor '" + target + "': the state"
                  + " manager accepts this, but when '" + target + "' finishes it looks for '" + target
                  + "' among the finished state's ancestors and fails with \"Unit identifier not found in"
                  + " parents: " + target + "\"; unite a node that runs before '" + target + "', or drop"
                  + " unites"));
          continue;
        }
        if (!graph.isParent(x, target)) {
          // This branch already fails when it finishes; whether the join could fire is moot.
          out.add(Diagnostics.warning("unites-sibling-branch", where,
              "node '" + node.identifier() + "' unites '" + target + "', which does not run before its"
                  + " predecessor '" + pred + "': when '" + pred + "' finishes, the state manager fails with"
                  + " \"Unit identifier not found in parents: " + target + "\"; unite a common ancestor of"
                  + " every branch that leads here"));
          continue;
        }
        for (int q : index.next[x]) {
          if (q == u || preds.contains(q) || nodes.get(q).unites() != null) {
            continue;
          }
          String sibling = nodes.get(q).identifier();
          out.add(Diagnostics.warning("join-never-fires", where,
              "node '" + node.identifier() + "' may never run: its predecessor '" + pred + "' also starts '"
                  + sibling + "', whose new state is still unfinished when the state manager checks the join"
                  + " right after '" + pred + "' finishes, and the join is only re-checked when a direct"
                  + " predecessor of '" + node.identifier() + "' finishes, which '" + sibling + "' is not;"
                  + " make '" + sibling + "' lead to '" + node.identifier() + "' too, or move it after the join"));
        }
      }
    }
  }

  /** §4.4: a node reached from several predecessors runs once per branch, with only that branch's ancestors. */
  private static void diamonds(GraphTemplate t, ParentGraph graph, int[][] predecessors, Templates templates,
      List<Diagnostic> out) {
    List<NodeTemplate> nodes = t.nodes();
    for (int c = 0; c < nodes.size(); c++) {
      NodeTemplate node = nodes.get(c);
      if (node.unites() != null || predecessors[c].length < 2) {
        continue;
      }
      for (Map.Entry<String, Object> input : node.inputs().entrySet()) {
        if (!(input.getValue() instanceof String text) || TemplateString.isLiteral(text)) {
          continue;
        }
        // One warning per input: which identifiers some branch cannot see, and one failing branch.
        List<String> unreadable = new ArrayList<>();
        String exampleBranch = null;
        for (String dependency : templates.parse(text).nodeIdentifiers()) {
          for (int x : predecessors[c]) {
            String pred = nodes.get(x).identifier();
            if (!pred.equals(dependency) && !graph.isParent(x, dependency)) {
              if (exampleBranch == null) {
                exampleBranch = pred;
              }
              unreadable.add(dependency);
              break;
            }
          }
        }
        if (unreadable.isEmpty()) {
          continue;
        }
        String first = unreadable.get(0);
        String listed = unreadable.size() <= 5 ? quoted(unreadable)
            : quoted(unreadable.subList(0, 5)) + " and " + (unreadable.size() - 5) + " more";
        out.add(Diagnostics.warning("diamond-other-branch",
            Location.node(Location.Kind.INPUT, c, node.identifier(), input.getKey(), -1),
            "node '" + node.identifier() + "' runs once for each of its " + predecessors[c].length
                + " predecessors that finishes, and each of those states sees only its own branch: input '"
                + input.getKey() + "' reads " + listed + ", which some branches do not pass through (the state"
                + " created after '" + exampleBranch + "' fails with \"Identifier '" + first + "' not found in"
                + " parents for template '" + node.identifier() + "'\"); read nodes that precede every branch,"
                + " or join the branches with unites"));
      }
    }
  }

  private static String quoted(List<String> ids) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      s.append(i == 0 ? "" : ", ").append('\'').append(ids.get(i)).append('\'');
    }
    return s.toString();
  }

  /** §4.9: without a registry the verification that computes fire times did not run, so say it here. */
  private static void crons(GraphTemplate t, NodeRegistry registry, LocalDateTime now, List<Diagnostic> out) {
    for (int i = 0; i < t.triggers().size(); i++) {
      String expression = t.triggers().get(i).expression();
      Location where = Location.of(Location.Kind.TRIGGER, expression, i);
      if (registry == null && CronExpressions.nextFireTime(expression, now).isEmpty()) {
        out.add(Diagnostics.warning("cron-never-fires", where,
            "cron expression '" + expression + "' has no future fire time (an impossible date or a past"
                + " year): the state manager will mark the graph INVALID right after accepting it"));
      }
      if (!t.effectiveStoreConfig().requiredKeys().isEmpty()) {
        out.add(Diagnostics.warning("cron-with-required-store", where,
            "cron triggers start runs with an empty store, but the graph requires store keys "
                + t.effectiveStoreConfig().requiredKeys() + ": every cron run will fail; give those keys"
                + " default_values instead"));
      }
    }
  }

  /** §4.4: a next state gets only the registered schema's fields; extra template inputs are dropped. */
  private static void undeclaredInputs(GraphTemplate t, NodeRegistry registry, List<Diagnostic> out) {
    Suggestions hints = new Suggestions();
    // Empty when the node is not registered or its schema is unusable: verification reports those.
    Map<List<String>, java.util.Optional<Set<String>>> declared = new java.util.HashMap<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      java.util.Optional<Set<String>> known = declared.computeIfAbsent(List.of(node.nodeName(), node.namespace()),
          k -> registry.find(node.nodeName(), node.namespace()).flatMap(RunTimeWarnings::inputNames));
      if (known.isEmpty()) {
        continue;
      }
      Set<String> fields = known.get();
      for (String key : node.inputs().keySet()) {
        if (!fields.contains(key)) {
          out.add(Diagnostics.warning("input-undeclared",
              Location.node(Location.Kind.INPUT, i, node.identifier(), key, -1),
              "node '" + node.nodeName() + "' declares no input '" + key + "': the state manager accepts the"
                  + " key but drops it when it creates the state, so the value never reaches the node"
                  + hints.didYouMean(key, fields)));
        }
      }
    }
  }

  private static java.util.Optional<Set<String>> inputNames(RegisteredNode node) {
    try {
      Set<String> names = new HashSet<>();
      NodeSchemas.fields(node.inputsSchema()).forEach(f -> names.add(f.name()));
      return java.util.Optional.of(names);
    } catch (NodeSchemas.SchemaException e) {
      return java.util.Optional.empty();
    }
  }
}
