package host.exosphere.graph;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Layer (c) of the state manager (docs/state-manager.md §3.3): the background verification against registered
 * nodes, which turns the graph {@code INVALID} after the upsert already answered 201. The three checks
 * are concatenated in the server's order (node existence, secrets, inputs); a schema the server cannot
 * turn into a model aborts everything with one "unexpected error"; a valid graph then needs a next fire
 * time for every cron trigger (§4.9), which the server computes right after saving it VALID.
 *
 * <p>Where the server iterates a Python set (missing nodes, missing secrets) the order here is the
 * order of first appearance, which is deterministic and one of the server's possible orders.
 */
final class Verification {
  private Verification() {}

  private static final String UNEXPECTED = "Validation failed due to unexpected error: ";

  static List<Diagnostic> check(GraphTemplate t, GraphIndex index, NodeRegistry registry, LocalDateTime now,
      Templates templates) {
    Schemas schemas = new Schemas(registry, t.nodes());
    List<Diagnostic> out = new ArrayList<>();
    try {
      nodeExistence(t, schemas, out);
      secrets(t, schemas, out);
      inputs(t, index, schemas, templates, out);
    } catch (NodeSchemas.SchemaException e) {
      return List.of(error("schema-unusable", schemas.lastLocation,
          "the registered schema of " + schemas.lastNode + " cannot be turned into a model by the state"
              + " manager (" + e.getMessage() + "): re-register the node with string fields only",
          UNEXPECTED + e.getMessage()));
    }
    if (!out.isEmpty()) {
      return out;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < t.triggers().size(); i++) {
      String expression = t.triggers().get(i).expression();
      if (seen.add(expression) && CronExpressions.nextFireTime(expression, now).isEmpty()) {
        // The server saved the graph VALID, then create_crons raised: croniter's CroniterBadDateError.
        return List.of(error("cron-no-next-fire", Location.of(Location.Kind.TRIGGER, expression, i),
            "cron expression '" + expression + "' never fires again (an impossible date or a past year):"
                + " the state manager marks the graph INVALID right after accepting it; fix the expression",
            UNEXPECTED + "failed to find next date"));
      }
    }
    return out;
  }

  private static Diagnostic error(String rule, Location location, String message, String server) {
    return Diagnostics.error(rule, location, message, server, Stage.VERIFICATION);
  }

  private static void nodeExistence(GraphTemplate t, Schemas schemas, List<Diagnostic> out) {
    Set<List<String>> reported = new LinkedHashSet<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      if (schemas.of(i).isEmpty()
          && reported.add(List.of(node.nodeName(), node.namespace()))) {
        out.add(error("node-not-registered", Location.node(Location.Kind.NODE_NAME, i, node.identifier(),
                node.nodeName(), -1),
            "no node '" + node.nodeName() + "' is registered in namespace '" + node.namespace() + "': start"
                + " the runtime that registers it before upserting (names and namespaces match exactly)"
                + schemas.hints.didYouMean(node.nodeName(), schemas.namesIn(t, node.namespace())),
            "Node " + node.nodeName() + " in namespace " + node.namespace() + " does not exist."));
      }
    }
  }

  private static void secrets(GraphTemplate t, Schemas schemas, List<Diagnostic> out) {
    Map<String, String> required = new LinkedHashMap<>();
    for (int i = 0; i < t.nodes().size(); i++) {
      schemas.of(i).ifPresent(r -> {
        for (String secret : r.secrets()) {
          required.putIfAbsent(secret, r.name());
        }
      });
    }
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!t.secrets().containsKey(e.getKey())) {
        out.add(error(Rules.MISSING_SECRET, Location.of(Location.Kind.SECRET, e.getKey(), -1),
            "node '" + e.getValue() + "' needs secret '" + e.getKey() + "', which the graph does not declare:"
                + " add it to the graph's secrets",
            "Secret " + e.getKey() + " is required but not present in the graph template"));
      }
    }
  }

  private static void inputs(GraphTemplate t, GraphIndex index, Schemas schemas, Templates templates,
      List<Diagnostic> out) {
    for (int i = 0; i < t.nodes().size(); i++) {
      NodeTemplate node = t.nodes().get(i);
      String where = " in node " + node.nodeName() + " in namespace " + node.namespace();
      Optional<RegisteredNode> registered = schemas.of(i);
      if (registered.isEmpty()) {
        out.add(error("node-not-registered-inputs", Location.node(Location.Kind.NODE_NAME, i, node.identifier(),
                node.nodeName(), -1),
            "the inputs of node '" + node.identifier() + "' cannot be checked: '" + node.nodeName()
                + "' is not registered in namespace '" + node.namespace() + "'",
            "Node " + node.nodeName() + " in namespace " + node.namespace() + " does not exist"));
        continue;
      }
      schemas.at(Location.node(Location.Kind.NODE_NAME, i, node.identifier(), node.nodeName(), -1),
          "node '" + node.nodeName() + "' (inputs)");
      for (NodeSchemas.Field field : schemas.inputs(registered.get())) {
        Location location = Location.node(Location.Kind.INPUT, i, node.identifier(), field.name(), -1);
        if (!field.isString()) {
          out.add(error("input-field-not-string", location,
              "input '" + field.name() + "' of registered node '" + node.nodeName() + "' is not a plain string"
                  + " field: the state manager only passes strings; re-register the node with a str field",
              "Input " + field.name() + where + " is not a string"));
        } else if (!node.inputs().containsKey(field.name())) {
          out.add(error(Rules.MISSING_INPUT, location,
              "node '" + node.identifier() + "' gives no value for input '" + field.name() + "' of '"
                  + node.nodeName() + "': every input of the registered node must be set, even one with a"
                  + " default",
              "Input " + field.name() + where + " is not present in the graph template"));
        }
      }
      for (Map.Entry<String, Object> input : node.inputs().entrySet()) {
        if (!(input.getValue() instanceof String text)) {
          continue; // refused by the template validators already
        }
        Location location = Location.node(Location.Kind.INPUT, i, node.identifier(), input.getKey(), -1);
        for (TemplateString.Placeholder p : templates.parse(text).distinctPlaceholders()) {
          if (p.isStore()) {
            continue;
          }
          Integer sourceIndex = index.index.get(p.identifier());
          if (sourceIndex == null) {
            out.add(error("placeholder-unknown-node", location,
                "input '" + input.getKey() + "' reads node '" + p.identifier() + "', which is not in the graph",
                "Node " + p.identifier() + " does not exist in the graph template"));
            continue;
          }
          NodeTemplate source = t.nodes().get(sourceIndex);
          String sourceWhere = " in node " + source.nodeName() + " in namespace " + source.namespace();
          Optional<RegisteredNode> sourceNode = schemas.of(sourceIndex);
          if (sourceNode.isEmpty()) {
            out.add(error("placeholder-node-not-registered", location,
                "input '" + input.getKey() + "' reads '" + p.identifier() + "', whose node '" + source.nodeName()
                    + "' is not registered in namespace '" + source.namespace() + "'",
                "Node " + source.nodeName() + " in namespace " + source.namespace() + " does not exist"));
            continue;
          }
          schemas.at(location, "node '" + source.nodeName() + "' (outputs)");
          NodeSchemas.Field field = schemas.output(sourceNode.get(), p.field());
          if (field == null) {
            List<String> names = schemas.outputs(sourceNode.get()).stream().map(NodeSchemas.Field::name).toList();
            out.add(error("output-field-missing", location,
                "input '" + input.getKey() + "' reads output '" + p.field() + "' of '" + p.identifier()
                    + "', but node '" + source.nodeName() + "' has no such output (it has " + names + ")"
                    + schemas.hints.didYouMean(p.field(), names),
                "Field " + p.field() + sourceWhere + " does not exist"));
          } else if (!field.isString()) {
            out.add(error("output-field-not-string", location,
                "input '" + input.getKey() + "' reads output '" + p.field() + "' of '" + p.identifier()
                    + "', which is not a plain string field: inputs can only take string outputs",
                "Field " + p.field() + sourceWhere + " is not a string"));
          }
        }
      }
    }
  }

  /** Registry look-ups and schema fields, each computed once per registered node. */
  private static final class Schemas {
    private final NodeRegistry registry;
    private final Map<String, Map<String, Optional<RegisteredNode>>> nodes = new HashMap<>();
    private final Map<List<String>, List<NodeSchemas.Field>> inputs = new HashMap<>();
    private final Map<List<String>, List<NodeSchemas.Field>> outputs = new HashMap<>();
    private final Map<List<String>, Map<String, NodeSchemas.Field>> outputsByName = new HashMap<>();
    final Suggestions hints = new Suggestions();
    private final Map<String, Set<String>> registeredNames = new HashMap<>();
    Location lastLocation = Location.graph();
    String lastNode = "a node";

    private final List<Optional<RegisteredNode>> byNode;

    Schemas(NodeRegistry registry, List<NodeTemplate> templateNodes) {
      this.registry = registry;
      byNode = new ArrayList<>(templateNodes.size());
      NodeTemplate previous = null;
      for (int i = 0; i < templateNodes.size(); i++) {
        NodeTemplate node = templateNodes.get(i);
        // Consecutive nodes often share a type: skip the map then.
        byNode.add(previous != null && previous.nodeName().equals(node.nodeName())
            && previous.namespace().equals(node.namespace()) ? byNode.get(i - 1) : find(node.nodeName(), node.namespace()));
        previous = node;
      }
    }

    /** The registered node of the template's node at this position. */
    Optional<RegisteredNode> of(int node) {
      return byNode.get(node);
    }

    Optional<RegisteredNode> find(String name, String namespace) {
      return nodes.computeIfAbsent(namespace, k -> new HashMap<>())
          .computeIfAbsent(name, k -> registry.find(name, namespace));
    }

    void at(Location location, String node) {
      lastLocation = location;
      lastNode = node;
    }

    List<NodeSchemas.Field> inputs(RegisteredNode node) {
      return fields(inputs, node, true);
    }

    List<NodeSchemas.Field> outputs(RegisteredNode node) {
      return fields(outputs, node, false);
    }

    /** The output field with this name, or null. */
    NodeSchemas.Field output(RegisteredNode node, String name) {
      Map<String, NodeSchemas.Field> byName = outputsByName.computeIfAbsent(List.of(node.name(), node.namespace()),
          k -> {
            Map<String, NodeSchemas.Field> map = new HashMap<>();
            for (NodeSchemas.Field f : outputs(node)) {
              map.putIfAbsent(f.name(), f);
            }
            return map;
          });
      return byName.get(name);
    }

    private List<NodeSchemas.Field> fields(Map<List<String>, List<NodeSchemas.Field>> cache, RegisteredNode node,
        boolean inputSide) {
      List<String> key = List.of(node.name(), node.namespace());
      List<NodeSchemas.Field> fields = cache.get(key);
      if (fields == null) {
        fields = NodeSchemas.fields(inputSide ? node.inputsSchema() : node.outputsSchema());
        cache.put(key, fields);
      }
      return fields;
    }

    /** Registered names in a namespace that the graph uses, for "did you mean" hints. */
    Set<String> namesIn(GraphTemplate t, String namespace) {
      return registeredNames.computeIfAbsent(namespace, ns -> {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < t.nodes().size(); i++) {
          NodeTemplate n = t.nodes().get(i);
          if (n.namespace().equals(ns) && byNode.get(i).isPresent()) {
            names.add(n.nodeName());
          }
        }
        return names;
      });
    }
  }
}
