package host.exosphere.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layer (b) of the state manager (docs/state-manager.md §3.2): the {@code GraphTemplate} document validators, which
 * make the upsert answer 400. Runs on the template as the request model left it (trimmed).
 *
 * <p>Order matters for which message appears, so it is the server's: the field validators all run and
 * their errors are collected (name, namespace, nodes, secrets — the document's field order; the second
 * {@code nodes} validator only runs when the first passed); the model validators run only when every
 * field passed, in definition order, and the first one that fails ends validation (unites targets,
 * connectivity, acyclicity, input dependencies).
 */
final class TemplateRules {
  private TemplateRules() {}

  /** The outcome: errors (empty when the layer passes) and the traversal, when it could be built. */
  record Result(List<Diagnostic> errors, GraphIndex index, ParentGraph graph, Templates templates) {}

  private record Line(String rule, Location location, String message, String serverLine) {}

  static Result check(GraphTemplate raw, GraphTemplate t) {
    Suggestions hints = new Suggestions();
    List<TemplateErrorText.PydanticError> errors = new ArrayList<>();
    List<Line> lines = new ArrayList<>();

    Map<String, Integer> ids = new HashMap<>(t.nodes().size() * 2);
    for (int i = 0; i < t.nodes().size(); i++) {
      ids.putIfAbsent(t.nodes().get(i).identifier(), i);
    }
    fieldErrors(raw, t, ids, hints, errors, lines);
    Templates templates = new Templates();
    GraphIndex index = null;
    ParentGraph graph = null;
    if (errors.isEmpty()) {
      index = new GraphIndex(t.nodes(), ids);
      String documentRepr = TemplateErrorText.documentRepr(raw);
      List<Line> failed = unitesTargets(t, index, hints);
      if (failed.isEmpty()) {
        Connectivity c = connectivity(t, index);
        graph = c.graph();
        failed = c.lines();
      }
      if (failed.isEmpty()) {
        failed = acyclicity(t, graph);
      }
      if (failed.isEmpty()) {
        failed = inputDependencies(t, graph, index, templates, hints);
      }
      if (!failed.isEmpty()) {
        errors.add(new TemplateErrorText.PydanticError(null, serverLines(failed), documentRepr, "dict"));
        lines.addAll(failed);
      }
    }
    if (errors.isEmpty()) {
      return new Result(List.of(), index, graph, templates);
    }
    String detail = TemplateErrorText.detail(errors);
    List<Diagnostic> out = new ArrayList<>(lines.size());
    for (Line l : lines) {
      out.add(Diagnostics.error(l.rule(), l.location(), l.message(), detail, Stage.TEMPLATE));
    }
    return new Result(out, index, graph, templates);
  }

  private static List<String> serverLines(List<Line> lines) {
    List<String> text = new ArrayList<>(lines.size());
    for (Line l : lines) {
      if (l.serverLine() != null) {
        text.add(l.serverLine());
      }
    }
    return text;
  }

  // ---------------------------------------------------------------------------------------------
  // Field validators.

  private static void fieldErrors(GraphTemplate raw, GraphTemplate t, Map<String, Integer> ids, Suggestions hints,
      List<TemplateErrorText.PydanticError> errors, List<Line> all) {
    if (t.name().isEmpty()) {
      Line l = new Line("graph-name-empty", Location.of(Location.Kind.GRAPH_NAME),
          "the graph name is blank: give the graph a name", "Name cannot be empty");
      errors.add(new TemplateErrorText.PydanticError("name", List.of(l.serverLine()),
          PythonJson.stringRepr(raw.name()), "str"));
      all.add(l);
    }
    if (t.namespace().isEmpty()) {
      Line l = new Line("graph-namespace-empty", Location.of(Location.Kind.GRAPH_NAMESPACE),
          "the graph namespace is blank: give the graph a namespace", "Namespace cannot be empty");
      errors.add(new TemplateErrorText.PydanticError("namespace", List.of(l.serverLine()),
          PythonJson.stringRepr(raw.namespace()), "str"));
      all.add(l);
    }
    List<Line> nodeLines = duplicateIdentifiers(t);
    if (nodeLines.isEmpty()) {
      nodeLines = unknownNextNodes(t, ids, hints);
    }
    if (!nodeLines.isEmpty()) {
      errors.add(new TemplateErrorText.PydanticError("nodes", serverLines(nodeLines),
          TemplateErrorText.nodesRepr(t.nodes()), "list"));
      all.addAll(nodeLines);
    }
    // Secret values are ciphertext by the time the server checks them (§3.2), so only an empty name fails;
    // the server raises once, at the first bad entry.
    int k = 0;
    for (String name : t.secrets().keySet()) {
      if (name.isEmpty()) {
        Line l = new Line("secret-name-empty", Location.of(Location.Kind.SECRET, name, k),
            "a secret has an empty name: name every secret", "Secrets cannot be empty");
        errors.add(new TemplateErrorText.PydanticError("secrets", List.of(l.serverLine()),
            TemplateErrorText.secretsRepr(t.secrets()), "dict"));
        all.add(l);
        break;
      }
      k++;
    }
  }

  private static List<Line> duplicateIdentifiers(GraphTemplate t) {
    List<Line> lines = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      String id = t.nodes().get(i).identifier();
      if (!seen.add(id)) {
        lines.add(new Line("identifier-duplicate", Location.node(Location.Kind.IDENTIFIER, i, id, null, -1),
            "identifier '" + id + "' is used by more than one node: identifiers must be unique in a graph",
            "Node identifier " + id + " is not unique"));
      }
    }
    return lines;
  }

  private static List<Line> unknownNextNodes(GraphTemplate t, Map<String, Integer> ids, Suggestions hints) {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      for (int k = 0; k < node.nextNodes().size(); k++) {
        String next = node.nextNodes().get(k);
        if (!ids.containsKey(next)) {
          lines.add(new Line("next-node-unknown",
              Location.node(Location.Kind.NEXT_NODE, i, node.identifier(), next, k),
              "next_nodes names '" + next + "', but no node of this graph has that identifier"
                  + hints.didYouMean(next, ids.keySet()),
              "Node identifier " + next + " does not exist in the graph"));
        }
      }
    }
    return lines;
  }

  // ---------------------------------------------------------------------------------------------
  // Model validators.

  private static List<Line> unitesTargets(GraphTemplate t, GraphIndex graphIndex, Suggestions hints) {
    Map<String, Integer> index = graphIndex.index;
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      if (node.unites() == null) {
        continue;
      }
      String target = node.unites().identifier();
      Location where = Location.node(Location.Kind.UNITES, i, node.identifier(), target, -1);
      if (!index.containsKey(target)) {
        lines.add(new Line("unites-target-unknown", where,
            "unites names '" + target + "', but no node of this graph has that identifier"
                + hints.didYouMean(target, index.keySet()),
            "Node " + node.identifier() + " has an unites target " + target + " that does not exist"));
      }
      if (target.equals(node.identifier())) {
        lines.add(new Line("unites-target-self", where,
            "a node cannot unite itself: name the node whose branches it joins",
            "Node " + node.identifier() + " has an unites target " + target + " that is the same as the node itself"));
      }
    }
    return lines;
  }

  private record Connectivity(List<Line> lines, ParentGraph graph) {}

  private static Connectivity connectivity(GraphTemplate t, GraphIndex index) {
    List<NodeTemplate> nodes = t.nodes();
    int[] inDegree = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      for (int next : index.next[i]) {
        inDegree[next]++;
      }
      if (nodes.get(i).unites() != null) {
        // The server counts the unites target as an incoming edge (§3.2).
        inDegree[i]++;
      }
    }
    List<Integer> zero = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (inDegree[i] == 0) {
        zero.add(i);
      }
    }
    if (zero.size() != 1) {
      StringBuilder repr = new StringBuilder("[");
      List<String> names = new ArrayList<>();
      for (int k = 0; k < zero.size(); k++) {
        if (k > 0) {
          repr.append(", ");
        }
        repr.append(TemplateErrorText.nodeRepr(nodes.get(zero.get(k))));
        names.add(nodes.get(zero.get(k)).identifier());
      }
      repr.append(']');
      String message = zero.isEmpty()
          ? (nodes.isEmpty() ? "the graph has no nodes: add at least one node"
              : "no node can be the root: every node is named in some next_nodes or has unites (which counts as"
                  + " an incoming edge), so the graph has a cycle or its first node unites another; the graph"
                  + " needs exactly one node that nothing points to")
          : zero.size() + " nodes have nothing pointing to them (" + String.join(", ", names) + "): the"
              + " state manager needs exactly one root; add the others to a next_nodes list (a node with"
              + " unites must also be in some next_nodes)";
      Location where = zero.isEmpty() ? Location.graph()
          : Location.node(Location.Kind.NODE, zero.get(1), names.get(1), null, -1);
      return new Connectivity(List.of(new Line("root-count", where, message,
          "There should be exactly one root node in the graph but found " + zero.size()
              + " nodes with zero in-degree: " + repr)), null);
    }
    int root = zero.get(0);
    ParentGraph graph = ParentGraph.build(nodes, index, root);
    ParentGraph.Failure failure = graph.failure();
    if (failure != null) {
      String server = "Error building dependency graph: " + failure.serverText();
      if (failure.recursionLimit()) {
        return new Connectivity(List.of(new Line("recursion-depth", Location.graph(),
            "the graph is deeper than the state manager can check: its recursive ancestor search stops"
                + " after about " + ParentGraph.MAX_DFS_DEPTH + " levels (Python's recursion limit) and the"
                + " upload is refused; shorten the longest chain of next_nodes (e.g. merge steps or split the"
                + " graph)", server)), graph);
      }
      List<Line> lines = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : failure.awaiting().entrySet()) {
        for (String waiting : e.getValue()) {
          int i = index.index.get(waiting);
          lines.add(new Line("unites-target-unreached",
              Location.node(Location.Kind.UNITES, i, waiting, e.getKey(), -1),
              "node '" + waiting + "' unites '" + e.getKey() + "', but the state manager's traversal from"
                  + " the root '" + nodes.get(root).identifier() + "' never expands '" + e.getKey()
                  + "' (it is not reachable through next_nodes, or only through a unites node that is still"
                  + " waiting): unite a node that runs before '" + waiting + "'",
              lines.isEmpty() ? server : null));
        }
      }
      // Every waiting node is part of one server message, carried by the first line.
      return new Connectivity(lines, graph);
    }
    List<Line> lines = new ArrayList<>();
    boolean anyDeferred = false;
    for (int i = 0; i < nodes.size(); i++) {
      anyDeferred |= graph.deferred(i);
    }
    String rootId = nodes.get(root).identifier();
    for (int i = 0; i < nodes.size(); i++) {
      if (i == root || graph.connected(i)) {
        continue;
      }
      String id = nodes.get(i).identifier();
      String message = "node '" + id + "' cannot be reached from the root '" + rootId + "' through next_nodes";
      if (anyDeferred) {
        message += " as the state manager walks the graph: it never follows the next_nodes of a unites"
            + " node that it reaches before that node's unites target (QUIRK); list the target earlier in"
            + " next_nodes, or add '" + id + "' to a next_nodes list that is reached";
      } else {
        message += ": add it to the next_nodes of a node that runs before it, or remove it (unites alone"
            + " does not connect a node)";
      }
      lines.add(new Line("not-connected", Location.node(Location.Kind.NODE, i, id, null, -1), message,
          "Node " + id + " is not connected to the root node"));
    }
    return new Connectivity(lines, graph);
  }

  private static List<Line> acyclicity(GraphTemplate t, ParentGraph graph) {
    List<NodeTemplate> nodes = t.nodes();
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (graph.inOwnPath(i)) {
        String id = nodes.get(i).identifier();
        lines.add(new Line("cycle", Location.node(Location.Kind.NODE, i, id, null, -1),
            "node '" + id + "' is on a cycle of next_nodes: a graph must be acyclic; remove the edge that"
                + " leads back to '" + id + "'",
            "Node " + id + " is not acyclic"));
      }
    }
    return lines;
  }

  private static List<Line> inputDependencies(GraphTemplate t, ParentGraph graph, GraphIndex index,
      Templates templates, Suggestions hints) {
    StoreConfig store = t.effectiveStoreConfig();
    Set<String> configured = new HashSet<>(store.requiredKeys());
    configured.addAll(store.defaultValues().keySet());
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      String id = node.identifier();
      for (Map.Entry<String, Object> input : node.inputs().entrySet()) {
        Location where = Location.node(Location.Kind.INPUT, i, id, input.getKey(), -1);
        Object value = input.getValue();
        if (!(value instanceof String text)) {
          String shown = PythonJson.str(value);
          lines.add(new Line("input-not-string", where,
              "input '" + input.getKey() + "' is " + shown + ", not a string: every input value must be a"
                  + " string (a literal or a ${{ }} template)",
              "Input " + shown + " is not a string"));
          continue;
        }
        TemplateString template;
        try {
          template = templates.parse(text);
        } catch (TemplateSyntaxException e) {
          lines.add(new Line("input-syntax", where,
              "input '" + input.getKey() + "' is not a valid template: " + e.getMessage() + ". Write"
                  + " ${{ identifier.outputs.field }} or ${{ store.key }}",
              "Error creating dependent string for input " + text + " check syntax string: " + e.getMessage()));
          continue;
        }
        for (String dependency : template.nodeIdentifiers()) {
          if (!graph.isParent(i, dependency)) {
            lines.add(new Line("input-not-parent", where, notParentMessage(t, index.index, i, input.getKey(), dependency, hints),
                "Input " + text + " depends on " + dependency + " but " + dependency + " is not a parent of " + id));
          }
        }
        for (String key : template.storeKeys()) {
          if (!configured.contains(key)) {
            String hint = hints.didYouMean(key, configured);
            lines.add(new Line("store-key-unconfigured", where,
                "input '" + input.getKey() + "' reads store key '" + key + "', which store_config neither"
                    + " requires nor defaults" + (hint.isEmpty() ? ": add it" : hint + " Otherwise add it")
                    + " to required_keys or default_values",
                "Input " + text + " depends on " + key + " but " + key
                    + " is not a required key or a default value"));
          }
        }
      }
    }
    return lines;
  }

  private static String notParentMessage(GraphTemplate t, Map<String, Integer> index, int node, String input,
      String dep, Suggestions hints) {
    String id = t.nodes().get(node).identifier();
    String head = "input '" + input + "' reads the outputs of '" + dep + "', ";
    if (!index.containsKey(dep)) {
      return head + "but no node of this graph has that identifier" + hints.didYouMean(dep, index.keySet());
    }
    NodeTemplate source = t.nodes().get(index.get(dep));
    if (source.unites() != null && source.nextNodes().contains(id)) {
      return head + "but children of a unites node cannot read it: the state manager gives them only the unites"
          + " target '" + source.unites().identifier() + "' and its ancestors as parents (QUIRK), although the"
          + " run would have the value; read it through a node after '" + dep + "' that does not unite, or"
          + " read the target's outputs";
    }
    if (t.nodes().get(node).unites() != null) {
      return head + "but a unites node's parents are only its unites target '" + t.nodes().get(node).unites().identifier()
          + "' and that node's ancestors, not the branch that leads to it (QUIRK); read the value through"
          + " the target's ancestors or unite a node that has it";
    }
    return head + "but '" + dep + "' is not an ancestor of '" + id + "' as the state manager computes"
        + " ancestors: it takes them from the first path that reaches a node (and a unites node's children"
        + " do not see the unites node), so reorder next_nodes, add unites, or read a node that runs before '"
        + id + "' on that path";
  }
}
