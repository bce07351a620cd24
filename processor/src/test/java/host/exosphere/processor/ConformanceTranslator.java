package host.exosphere.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.tools.JavaFileObject;

/**
 * Translates a graph-validation conformance case ({@code conformance/validation/*.json}) into
 * {@code @Node}/{@code @Graph} sources: one {@code @Node} interface per registered node (its records from
 * the registered fields), one {@code @Graph} interface whose {@code @Step} methods are the case's node
 * templates. A case that annotations cannot express (non-string inputs, broken shapes, a node that is not
 * registered, explicit nulls, …) is not translated, with the reason.
 */
final class ConformanceTranslator {
  private static final Set<String> GRAPH_KEYS =
      Set.of("name", "namespace", "secrets", "nodes", "retry_policy", "store_config", "triggers");
  private static final Set<String> NODE_KEYS = Set.of("node_name", "namespace", "identifier", "inputs", "next_nodes", "unites");
  private static final Set<String> RETRY_KEYS = Set.of("max_retries", "strategy", "backoff_factor", "exponent", "max_delay");
  private static final Set<String> STRATEGIES = Set.of("EXPONENTIAL", "EXPONENTIAL_FULL_JITTER",
      "EXPONENTIAL_EQUAL_JITTER", "LINEAR", "LINEAR_FULL_JITTER", "LINEAR_EQUAL_JITTER", "FIXED", "FIXED_FULL_JITTER",
      "FIXED_EQUAL_JITTER");
  static final String PACKAGE = "conformance";

  /** The sources of a translated case and the upsert body it must generate when valid. */
  record Translation(List<JavaFileObject> sources, ObjectNode expectedBody) {}

  /** A case annotations cannot express. */
  static final class Untranslatable extends Exception {
    private static final long serialVersionUID = 1L;

    Untranslatable(String reason) {
      super(reason, null, false, false);
    }
  }

  private ConformanceTranslator() {}

  static Translation translate(JsonNode testCase) throws Untranslatable {
    JsonNode graph = testCase.path("graph");
    require(graph.isObject(), "graph is not an object");
    // Keys the state manager does not know are ignored by it ("Unknown keys are ignored everywhere"): the
    // annotations leave them out, and so does the expected body (normalize).
    String name = text(graph, "name");
    String namespace = text(graph, "namespace");

    // Node classes, one per registered node that a template uses.
    Map<List<String>, String> classOf = new HashMap<>();
    Map<List<String>, JsonNode> registered = new HashMap<>();
    for (JsonNode node : testCase.path("registered_nodes")) {
      registered.put(List.of(node.path("name").asText(), node.path("namespace").asText()), node);
    }
    JsonNode nodes = graph.path("nodes");
    require(nodes.isArray(), "nodes is not a list");
    List<JavaFileObject> sources = new ArrayList<>();
    Map<String, List<String>> namesUsed = new HashMap<>();
    StringBuilder steps = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode node = nodes.get(i);
      require(node.isObject(), "node " + i + " is not an object");
      String nodeName = text(node, "node_name");
      String nodeNamespace = text(node, "namespace");
      String identifier = text(node, "identifier");
      require(!identifier.isEmpty(), "@Step(id = \"\") means the method name");
      List<String> key = List.of(nodeName, nodeNamespace);
      JsonNode reg = registered.get(key);
      require(reg != null, "node " + nodeName + " in namespace " + nodeNamespace + " is not registered: a @Step"
          + " must return a @Node type");
      require(!nodeName.isEmpty(), "@Node(name = \"\") means the class name");
      require(!nodeNamespace.isEmpty() || namespace.isEmpty(), "@Node(namespace = \"\") means the graph's");
      String nodeClass = classOf.get(key);
      if (nodeClass == null) {
        nodeClass = "Node" + classOf.size();
        classOf.put(key, nodeClass);
        List<String> other = namesUsed.putIfAbsent(nodeName, key);
        require(other == null, "two registered nodes named " + nodeName + " in one graph");
        sources.add(nodeSource(nodeClass, nodeName, nodeNamespace, namespace, reg));
      }
      steps.append("  @Step(id = ").append(literal(identifier));
      JsonNode next = node.path("next_nodes");
      if (!next.isMissingNode() && !next.isNull()) {
        require(next.isArray(), "next_nodes is not a list");
        steps.append(", next = {").append(strings(next)).append('}');
      }
      steps.append(")\n");
      JsonNode inputs = node.path("inputs");
      require(inputs.isObject(), "inputs is not an object");
      for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> input = it.next();
        require(input.getValue().isTextual(), "input " + input.getKey() + " is not a string");
        steps.append("  @Input(name = ").append(literal(input.getKey())).append(", value = ")
            .append(literal(input.getValue().asText())).append(")\n");
      }
      JsonNode unites = node.path("unites");
      if (!unites.isMissingNode() && !unites.isNull()) {
        require(unites.isObject(), "unites is not an object");
        String target = text(unites, "identifier");
        JsonNode strategy = unites.path("strategy");
        steps.append("  @Unites(value = ").append(literal(target));
        if (!strategy.isMissingNode()) {
          require(strategy.isTextual() && Set.of("ALL_SUCCESS", "ALL_DONE").contains(strategy.asText()),
              "unites strategy is not an enum constant");
          steps.append(", strategy = UnitesStrategy.").append(strategy.asText());
        }
        steps.append(")\n");
      }
      steps.append("  ").append(nodeClass).append(" step").append(i).append("();\n\n");
    }

    StringBuilder header = new StringBuilder();
    JsonNode secrets = graph.path("secrets");
    require(secrets.isObject(), "secrets is not an object");
    List<String> secretNames = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = secrets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> secret = it.next();
      require(secret.getValue().isTextual(), "secret " + secret.getKey() + " has a non-string value");
      secretNames.add(literal(secret.getKey()));
    }
    header.append("@Graph(name = ").append(literal(name)).append(", namespace = ").append(literal(namespace))
        .append(", secrets = {").append(String.join(", ", secretNames)).append("})\n");
    if (graph.has("retry_policy")) {
      header.append(retry(graph.get("retry_policy")));
    }
    if (graph.has("store_config")) {
      header.append(store(graph.get("store_config")));
    }
    if (graph.has("triggers")) {
      JsonNode triggers = graph.get("triggers");
      require(triggers.isArray(), "triggers is not a list");
      for (JsonNode trigger : triggers) {
        require(trigger.isObject() && trigger.size() == 2 && "CRON".equals(trigger.path("type").asText(null))
            && trigger.path("value").isObject() && trigger.path("value").size() == 1
            && trigger.path("value").path("expression").isTextual(), "trigger is not a plain CRON entry");
        header.append("@Cron(").append(literal(trigger.path("value").path("expression").asText())).append(")\n");
      }
    }
    String graphSource = "package " + PACKAGE + ";\n\nimport host.exosphere.annotations.*;\n\n" + header
        + "public interface ConformanceGraph {\n" + steps + "}\n";
    sources.add(JavaFileObjects.forSourceString(PACKAGE + ".ConformanceGraph", graphSource));
    return new Translation(sources, normalize(graph));
  }

  private static JavaFileObject nodeSource(String className, String name, String namespace, String graphNamespace,
      JsonNode registered) throws Untranslatable {
    require(!registered.has("optional_inputs") || registered.get("optional_inputs").isEmpty(),
        "records have no optional (defaulted) fields");
    String nodeNamespace = namespace.equals(graphNamespace) ? "" : namespace;
    String source = "package " + PACKAGE + ";\n\nimport host.exosphere.annotations.Node;\n\n"
        + "@Node(name = " + literal(name) + (nodeNamespace.isEmpty() ? "" : ", namespace = " + literal(nodeNamespace))
        + ")\npublic interface " + className + " {\n"
        + "  record Inputs(" + components(registered.path("inputs")) + ") {}\n"
        + "  record Outputs(" + components(registered.path("outputs")) + ") {}\n"
        + (registered.path("secrets").isEmpty() ? ""
            : "  record Secrets(" + components(registered.path("secrets")) + ") {}\n")
        + "}\n";
    return JavaFileObjects.forSourceString(PACKAGE + "." + className, source);
  }

  private static String components(JsonNode fields) throws Untranslatable {
    List<String> components = new ArrayList<>();
    for (JsonNode field : fields) {
      String name = field.asText();
      // isName would also take "a.b", a qualified name: as a record component javac reads it as a receiver
      // parameter and crashes. javac also drops identifier-ignorable characters (U+0085, ...), which would
      // silently rename the field.
      require(SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !name.startsWith("_")
          && name.chars().noneMatch(Character::isIdentifierIgnorable), "field '" + name + "' is not a Java name");
      components.add("String " + name);
    }
    return String.join(", ", components);
  }

  private static String retry(JsonNode retry) throws Untranslatable {
    require(retry.isObject(), "retry_policy is not an object");
    List<String> members = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = retry.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!RETRY_KEYS.contains(e.getKey())) {
        continue;
      }
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "strategy" -> {
          require(v.isTextual() && STRATEGIES.contains(v.asText()), "strategy is not an enum constant");
          members.add("strategy = RetryStrategy." + v.asText());
        }
        case "max_delay" -> {
          if (!v.isNull()) {
            Integer delay = laxInt(v);
            require(delay != null, "max_delay is not an int");
            require(delay != 0, "max_delay = 0 is the annotation's \"no cap\"");
            members.add("maxDelay = " + delay);
          }
        }
        default -> {
          Integer value = laxInt(v);
          require(value != null, e.getKey() + " is not an int");
          members.add(camel(e.getKey()) + " = " + value);
        }
      }
    }
    return "@Retry(" + String.join(", ", members) + ")\n";
  }

  /**
   * An int the state manager reads in pydantic's lax mode ({@link host.exosphere.graph.PydanticInt}, contract
   * §3.1) and an annotation can hold: an int, a whole float ({@code 1000.0}) or a string {@code int()} reads
   * ({@code "5"}, {@code "1_000"}); null for anything else (fractions, booleans, values beyond int, other
   * strings), which stays untranslated.
   */
  static Integer laxInt(JsonNode v) {
    if (v.isBoolean()) {
      return null;
    }
    host.exosphere.graph.PydanticInt.Result read = host.exosphere.graph.PydanticInt.read(v);
    if (!read.ok()) {
      return null;
    }
    try {
      return read.value().intValueExact();
    } catch (ArithmeticException notAnInt) {
      return null;
    }
  }

  private static String store(JsonNode store) throws Untranslatable {
    require(store.isObject(), "store_config is not an object");
    JsonNode required = store.path("required_keys");
    JsonNode defaults = store.path("default_values");
    require(required.isMissingNode() || required.isArray(), "required_keys is not a list");
    require(defaults.isMissingNode() || defaults.isObject(), "default_values is not an object");
    List<String> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = defaults.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      require(e.getValue().isTextual(), "default value of " + e.getKey() + " is not a string");
      entries.add("@Store.Default(key = " + literal(e.getKey()) + ", value = " + literal(e.getValue().asText()) + ")");
    }
    return "@Store(requiredKeys = {" + (required.isMissingNode() ? "" : strings(required)) + "}, defaults = {"
        + String.join(", ", entries) + "})\n";
  }

  /** The case's body as the processor writes it: absent and defaulted parts spelled out, secret values null. */
  static ObjectNode normalize(JsonNode graph) {
    ObjectNode body = graph.deepCopy();
    body.retain(GRAPH_KEYS);
    body.remove("name");
    body.remove("namespace");
    ObjectNode secrets = (ObjectNode) body.get("secrets");
    List<String> names = new ArrayList<>();
    secrets.fieldNames().forEachRemaining(names::add);
    names.forEach(secrets::putNull);
    for (JsonNode node : body.get("nodes")) {
      ObjectNode n = (ObjectNode) node;
      n.retain(NODE_KEYS);
      if (!n.has("next_nodes") || n.get("next_nodes").isNull()) {
        n.putArray("next_nodes");
      }
      if (!n.has("unites")) {
        n.putNull("unites");
      } else if (n.get("unites").isObject() && !n.get("unites").has("strategy")) {
        ((ObjectNode) n.get("unites")).put("strategy", "ALL_SUCCESS");
      }
    }
    if (body.has("retry_policy")) {
      ObjectNode r = (ObjectNode) body.get("retry_policy");
      r.retain(RETRY_KEYS);
      ObjectNode full = JsonNodeFactory.instance.objectNode();
      full.set("max_retries", r.has("max_retries") ? r.get("max_retries") : full.numberNode(3));
      full.set("strategy", r.has("strategy") ? r.get("strategy") : full.textNode("EXPONENTIAL"));
      full.set("backoff_factor", r.has("backoff_factor") ? r.get("backoff_factor") : full.numberNode(2000));
      full.set("exponent", r.has("exponent") ? r.get("exponent") : full.numberNode(2));
      full.set("max_delay", r.has("max_delay") ? r.get("max_delay") : full.nullNode());
      // "5" and 1000.0 are written as the ints the annotation holds, as the server reads them.
      for (String key : List.of("max_retries", "backoff_factor", "exponent", "max_delay")) {
        Integer value = full.get(key).isNull() ? null : laxInt(full.get(key));
        if (value != null) {
          full.put(key, value);
        }
      }
      body.set("retry_policy", full);
    }
    if (body.has("store_config")) {
      ObjectNode s = (ObjectNode) body.get("store_config");
      s.retain("required_keys", "default_values");
      if (!s.has("required_keys")) {
        s.putArray("required_keys");
      }
      if (!s.has("default_values")) {
        s.putObject("default_values");
      }
    }
    if (body.has("triggers") && body.get("triggers").isEmpty()) {
      body.remove("triggers");
    }
    return body;
  }

  private static String strings(JsonNode array) throws Untranslatable {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      require(item.isTextual(), "list entry is not a string");
      out.add(literal(item.asText()));
    }
    return String.join(", ", out);
  }

  private static String text(JsonNode object, String key) throws Untranslatable {
    JsonNode value = object.path(key);
    require(value.isTextual(), key + " is not a string");
    return value.asText();
  }

  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** A Java string literal for any text. */
  static String literal(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static void require(boolean condition, String reason) throws Untranslatable {
    if (!condition) {
      throw new Untranslatable(reason);
    }
  }
}
