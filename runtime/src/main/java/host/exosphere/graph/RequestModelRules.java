package host.exosphere.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layer (a) of the state manager (docs/state-manager.md §3.1): the request model's value rules, which FastAPI answers
 * with 422. Every problem is collected; problems of one field share one 422 item whose message joins
 * them with a newline, exactly as the server's validators do. JSON-type problems (missing keys, wrong
 * types) are found while reading the body ({@link GraphJson}); this class checks typed templates.
 *
 * <p>Each diagnostic carries its 422 item as a {@link RequestModelError}; its server message is the
 * item's text, {@code loc joined by '.'} + {@code ": "} + {@code msg}.
 */
final class RequestModelRules {
  private RequestModelRules() {}

  static List<Diagnostic> check(GraphTemplate t) {
    List<Diagnostic> out = new ArrayList<>();
    // FastAPI reports the body's fields in declaration order: secrets, nodes, retry_policy,
    // store_config, triggers.
    for (int i = 0; i < t.nodes().size(); i++) {
      checkNode(i, t.nodes().get(i), out);
    }
    if (t.retryPolicy() != null) {
      checkRetry(t.retryPolicy(), out);
    }
    if (t.storeConfig() != null) {
      checkStore(t.storeConfig(), out);
    }
    for (int i = 0; i < t.triggers().size(); i++) {
      String expression = t.triggers().get(i).expression();
      if (!CronExpressions.isValid(expression)) {
        out.add(Diagnostic.requestModel("cron-invalid", Location.of(Location.Kind.TRIGGER, expression, i),
            "cron expression '" + expression + "' is not valid: " + CronFieldHint.reason(expression)
                + ", e.g. \"0 9 * * 1-5\"",
            RequestModelError.valueError(RequestModelError.at("body", "triggers", i, "expression"),
                "Invalid cron expression")));
      }
    }
    return out;
  }

  private static void checkNode(int i, NodeTemplate node, List<Diagnostic> out) {
    List<Object> loc = RequestModelError.at("body", "nodes", i);
    String identifier = PythonStrings.strip(node.identifier());
    String label = identifier.isEmpty() ? null : identifier;
    if (PythonStrings.strip(node.nodeName()).isEmpty()) {
      out.add(Diagnostic.requestModel("node-name-empty", Location.node(Location.Kind.NODE_NAME, i, label, null, -1),
          "node_name is empty: give the name of a registered node",
          valueError(loc, "node_name", "Node name cannot be empty")));
    }
    if (identifier.isEmpty()) {
      out.add(Diagnostic.requestModel("identifier-empty", Location.node(Location.Kind.IDENTIFIER, i, null, null, -1),
          "the node's identifier is empty: give every node a unique, non-blank identifier",
          valueError(loc, "identifier", "Node identifier cannot be empty")));
    } else if (identifier.equals(TemplateString.STORE)) {
      out.add(Diagnostic.requestModel("identifier-reserved",
          Location.node(Location.Kind.IDENTIFIER, i, label, null, -1),
          "identifier 'store' is reserved for ${{ store.key }} placeholders: rename the node",
          valueError(loc, "identifier", "Node identifier cannot be reserved word 'store'")));
    }
    checkNextNodes(i, label, node.nextNodes(), loc, out);
    if (node.unites() != null && PythonStrings.strip(node.unites().identifier()).isEmpty()) {
      out.add(Diagnostic.requestModel("unites-identifier-empty",
          Location.node(Location.Kind.UNITES, i, label, null, -1),
          "unites names no node: give the identifier of the node whose branches this node joins",
          valueError(loc, "unites", "Unites identifier cannot be empty")));
    }
  }

  private static void checkNextNodes(int i, String label, List<String> next, List<Object> loc,
      List<Diagnostic> out) {
    List<String> lines = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int k = 0; k < next.size(); k++) {
      String entry = PythonStrings.strip(next.get(k));
      Location location = Location.node(Location.Kind.NEXT_NODE, i, label, next.get(k), k);
      if (entry.isEmpty()) {
        lines.add("Next node identifier cannot be empty");
        problems.add(new Problem("next-node-empty", location,
            "next_nodes entry " + k + " is blank: remove it or name a node"));
      } else if (!seen.add(entry)) {
        lines.add("Next node identifier " + entry + " is not unique");
        problems.add(new Problem("next-node-duplicate", location,
            "'" + entry + "' appears more than once in next_nodes (after trimming): list it once"));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    RequestModelError item = valueError(loc, "next_nodes", String.join("\n", lines));
    for (Problem p : problems) {
      out.add(Diagnostic.requestModel(p.rule(), p.location(), p.message(), item));
    }
  }

  private static void checkRetry(RetryPolicy p, List<Diagnostic> out) {
    if (p.maxRetries() < 0) {
      retry(out, "retry-max-retries", "max_retries", p.maxRetries(),
          RequestModelError.greaterThanOrEqual(retryLoc("max_retries"), 0),
          "max_retries must be 0 or more (0 disables retries)");
    }
    if (p.backoffFactor() <= 0) {
      retry(out, "retry-backoff-factor", "backoff_factor", p.backoffFactor(),
          RequestModelError.greaterThan(retryLoc("backoff_factor"), 0),
          "backoff_factor (the base delay in milliseconds) must be greater than 0");
    }
    if (p.exponent() <= 0) {
      retry(out, "retry-exponent", "exponent", p.exponent(), RequestModelError.greaterThan(retryLoc("exponent"), 0),
          "exponent must be greater than 0");
    }
    if (p.maxDelay() != null && p.maxDelay() <= 0) {
      retry(out, "retry-max-delay", "max_delay", p.maxDelay(), RequestModelError.greaterThan(retryLoc("max_delay"), 0),
          "max_delay must be greater than 0; leave it out (null) for no cap");
    }
  }

  private static List<Object> retryLoc(String field) {
    return RequestModelError.at("body", "retry_policy", field);
  }

  private static void retry(List<Diagnostic> out, String rule, String field, long value, RequestModelError item,
      String advice) {
    out.add(Diagnostic.requestModel(rule, Location.of(Location.Kind.RETRY_POLICY, field, -1),
        "retry_policy." + field + " is " + value + ": " + advice, item));
  }

  private static void checkStore(StoreConfig config, List<Diagnostic> out) {
    checkKeys(config.requiredKeys(), "required_keys", Location.Kind.STORE_REQUIRED_KEY, out);
    checkKeys(new ArrayList<>(config.defaultValues().keySet()), "default_values", Location.Kind.STORE_DEFAULT, out);
  }

  private record Problem(String rule, Location location, String message) {}

  private static void checkKeys(List<String> keys, String field, Location.Kind kind, List<Diagnostic> out) {
    List<String> lines = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int k = 0; k < keys.size(); k++) {
      String key = PythonStrings.strip(keys.get(k));
      Location location = Location.of(kind, keys.get(k), kind == Location.Kind.STORE_DEFAULT ? -1 : k);
      if (key.isEmpty()) {
        lines.add("Key cannot be empty or contain only whitespace");
        problems.add(new Problem("store-key-empty", location,
            "store_config." + field + " has a blank key: remove it or name the key"));
      } else if (key.contains(".")) {
        lines.add("Key '" + key + "' cannot contain '.' character");
        problems.add(new Problem("store-key-dot", location, "store key '" + key
            + "' contains '.', which a ${{ store.key }} placeholder cannot address: use '_' or '-' instead"));
      } else if (!seen.add(key)) {
        lines.add("Key '" + key + "' is duplicated");
        problems.add(new Problem("store-key-duplicate", location,
            "store key '" + key + "' appears more than once in store_config." + field + " (after trimming)"));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    RequestModelError item = RequestModelError.valueError(RequestModelError.at("body", "store_config", field),
        String.join("\n", lines));
    for (Problem p : problems) {
      out.add(Diagnostic.requestModel(p.rule(), p.location(), p.message(), item));
    }
  }

  /** pydantic reports a model's fields in declaration order; these are the request models' orders. */
  private static final Map<String, Integer> FIELD_ORDER = Map.ofEntries(
      Map.entry("secrets", 0), Map.entry("nodes", 1), Map.entry("retry_policy", 2), Map.entry("store_config", 3),
      Map.entry("triggers", 4),
      Map.entry("node_name", 0), Map.entry("namespace", 1), Map.entry("identifier", 2), Map.entry("inputs", 3),
      Map.entry("next_nodes", 4), Map.entry("unites", 5), Map.entry("strategy", 6),
      Map.entry("max_retries", 0), Map.entry("backoff_factor", 2), Map.entry("exponent", 3),
      Map.entry("max_delay", 4), Map.entry("required_keys", 0), Map.entry("default_values", 1),
      Map.entry("type", 0), Map.entry("value", 1), Map.entry("expression", 2));

  /**
   * {@code RetryPolicyModel} declares {@code strategy} second, so pydantic lists its error between
   * {@code max_retries} and {@code backoff_factor}; in {@code Unites} it comes after {@code identifier}.
   */
  private static final Map<String, Integer> RETRY_FIELD_ORDER = Map.of("max_retries", 0, "strategy", 1,
      "backoff_factor", 2, "exponent", 3, "max_delay", 4);

  /**
   * Puts 422 diagnostics found by different readers into the order FastAPI lists them: by their
   * item's location in the body. Stable for equal locations.
   */
  static List<Diagnostic> inBodyOrder(List<Diagnostic> diagnostics) {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort((a, b) -> compareLoc(a.requestModelError().loc(), b.requestModelError().loc()));
    return sorted;
  }

  private static int compareLoc(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareSegment(i == 0 ? "" : a.get(i - 1), a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareSegment(Object parent, Object a, Object b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a instanceof Integer x && b instanceof Integer y) {
      return Integer.compare(x, y);
    }
    Map<String, Integer> order = parent.equals("retry_policy") ? RETRY_FIELD_ORDER : FIELD_ORDER;
    Integer ra = order.get(a);
    Integer rb = order.get(b);
    if (ra != null && rb != null) {
      return Integer.compare(ra, rb);
    }
    // Map keys (secret names, input names, store keys): the body's order is not recoverable here, and
    // the server lists them in dict order; keep the readers' order.
    return 0;
  }

  private static RequestModelError valueError(List<Object> nodeLoc, String field, String text) {
    return RequestModelError.valueError(RequestModelError.under(nodeLoc, field), text);
  }

  /**
   * The template as the state manager stores it after the request model: node names, identifiers,
   * {@code next_nodes} entries, unites targets and store keys trimmed (docs/state-manager.md §3.2 "Whitespace"); graph
   * name and namespace trimmed by the document's field validators.
   */
  static GraphTemplate normalize(GraphTemplate t) {
    List<NodeTemplate> nodes = new ArrayList<>(t.nodes().size());
    for (NodeTemplate node : t.nodes()) {
      List<String> next = new ArrayList<>(node.nextNodes().size());
      for (String entry : node.nextNodes()) {
        next.add(PythonStrings.strip(entry));
      }
      Unites unites = node.unites() == null ? null
          : new Unites(PythonStrings.strip(node.unites().identifier()), node.unites().strategy());
      nodes.add(new NodeTemplate(PythonStrings.strip(node.nodeName()), node.namespace(),
          PythonStrings.strip(node.identifier()), node.inputs(), next, unites));
    }
    StoreConfig store = t.storeConfig();
    if (store != null) {
      List<String> required = new ArrayList<>();
      for (String key : store.requiredKeys()) {
        required.add(PythonStrings.strip(key));
      }
      Map<String, String> defaults = new LinkedHashMap<>();
      store.defaultValues().forEach((k, v) -> defaults.put(PythonStrings.strip(k), v));
      store = new StoreConfig(required, defaults);
    }
    return new GraphTemplate(PythonStrings.strip(t.name()), PythonStrings.strip(t.namespace()), t.secrets(),
        nodes, t.retryPolicy(), store, t.triggers());
  }
}
