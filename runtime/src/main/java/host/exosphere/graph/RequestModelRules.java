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
 * <p>Each diagnostic's server message is the 422 item as the conformance format writes it:
 * {@code loc joined by '.'} + {@code ": "} + {@code msg}.
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
        out.add(Diagnostics.error("cron-invalid", Location.of(Location.Kind.TRIGGER, expression, i),
            "cron expression '" + expression + "' is not valid: use five fields (minute hour day-of-month"
                + " month day-of-week), e.g. \"0 9 * * 1-5\"",
            item("body.triggers." + i + ".expression", valueError("Invalid cron expression")),
            Stage.REQUEST_MODEL));
      }
    }
    return out;
  }

  private static void checkNode(int i, NodeTemplate node, List<Diagnostic> out) {
    String loc = "body.nodes." + i + ".";
    String identifier = PythonStrings.strip(node.identifier());
    String label = identifier.isEmpty() ? null : identifier;
    if (PythonStrings.strip(node.nodeName()).isEmpty()) {
      out.add(Diagnostics.error("node-name-empty", Location.node(Location.Kind.NODE_NAME, i, label, null, -1),
          "node_name is empty: give the name of a registered node",
          item(loc + "node_name", valueError("Node name cannot be empty")), Stage.REQUEST_MODEL));
    }
    if (identifier.isEmpty()) {
      out.add(Diagnostics.error("identifier-empty", Location.node(Location.Kind.IDENTIFIER, i, null, null, -1),
          "the node's identifier is empty: give every node a unique, non-blank identifier",
          item(loc + "identifier", valueError("Node identifier cannot be empty")), Stage.REQUEST_MODEL));
    } else if (identifier.equals(TemplateString.STORE)) {
      out.add(Diagnostics.error("identifier-reserved",
          Location.node(Location.Kind.IDENTIFIER, i, label, null, -1),
          "identifier 'store' is reserved for ${{ store.key }} placeholders: rename the node",
          item(loc + "identifier", valueError("Node identifier cannot be reserved word 'store'")),
          Stage.REQUEST_MODEL));
    }
    checkNextNodes(i, label, node.nextNodes(), loc, out);
    if (node.unites() != null && PythonStrings.strip(node.unites().identifier()).isEmpty()) {
      out.add(Diagnostics.error("unites-identifier-empty", Location.node(Location.Kind.UNITES, i, label, null, -1),
          "unites names no node: give the identifier of the node whose branches this node joins",
          item(loc + "unites", valueError("Unites identifier cannot be empty")), Stage.REQUEST_MODEL));
    }
  }

  private static void checkNextNodes(int i, String label, List<String> next, String loc, List<Diagnostic> out) {
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
    String server = item(loc + "next_nodes", valueError(String.join("\n", lines)));
    for (Problem p : problems) {
      out.add(Diagnostics.error(p.rule(), p.location(), p.message(), server, Stage.REQUEST_MODEL));
    }
  }

  private static void checkRetry(RetryPolicy p, List<Diagnostic> out) {
    if (p.maxRetries() < 0) {
      retry(out, "retry-max-retries", "max_retries", p.maxRetries(), "Input should be greater than or equal to 0",
          "max_retries must be 0 or more (0 disables retries)");
    }
    if (p.backoffFactor() <= 0) {
      retry(out, "retry-backoff-factor", "backoff_factor", p.backoffFactor(), "Input should be greater than 0",
          "backoff_factor (the base delay in milliseconds) must be greater than 0");
    }
    if (p.exponent() <= 0) {
      retry(out, "retry-exponent", "exponent", p.exponent(), "Input should be greater than 0",
          "exponent must be greater than 0");
    }
    if (p.maxDelay() != null && p.maxDelay() <= 0) {
      retry(out, "retry-max-delay", "max_delay", p.maxDelay(), "Input should be greater than 0",
          "max_delay must be greater than 0; leave it out (null) for no cap");
    }
  }

  private static void retry(List<Diagnostic> out, String rule, String field, long value, String pydantic,
      String advice) {
    out.add(Diagnostics.error(rule, Location.of(Location.Kind.RETRY_POLICY, field, -1),
        "retry_policy." + field + " is " + value + ": " + advice,
        item("body.retry_policy." + field, pydantic), Stage.REQUEST_MODEL));
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
    String server = item("body.store_config." + field, valueError(String.join("\n", lines)));
    for (Problem p : problems) {
      out.add(Diagnostics.error(p.rule(), p.location(), p.message(), server, Stage.REQUEST_MODEL));
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
   * location in the body (the {@code loc} that starts the server message). Stable for equal locations.
   */
  static List<Diagnostic> inBodyOrder(List<Diagnostic> diagnostics) {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort((a, b) -> compareLoc(loc(a), loc(b)));
    return sorted;
  }

  private static List<String> loc(Diagnostic d) {
    String text = d.serverMessage() == null ? "" : d.serverMessage();
    int colon = text.indexOf(": ");
    return List.of((colon < 0 ? text : text.substring(0, colon)).split("\\."));
  }

  private static int compareLoc(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareSegment(i == 0 ? "" : a.get(i - 1), a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareSegment(String parent, String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    boolean aNumber = !a.isEmpty() && a.length() < 10 && a.chars().allMatch(Character::isDigit);
    boolean bNumber = !b.isEmpty() && b.length() < 10 && b.chars().allMatch(Character::isDigit);
    if (aNumber && bNumber) {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
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

  private static String valueError(String text) {
    return "Value error, " + text;
  }

  private static String item(String loc, String msg) {
    return loc + ": " + msg;
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
