package host.exosphere.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * JSON in and out: the upsert body byte-for-byte as the Python SDK sends it, registration payloads and
 * the registered nodes of a state manager.
 */
public final class GraphJson {
  private GraphJson() {}

  /** Deeper JSON than this is refused while parsing: graph bodies nest a handful of levels. */
  static final int MAX_NESTING_DEPTH = 500;
  /** Larger documents than this are refused while parsing (a 100,000-node graph is about 30 MB). */
  static final long MAX_DOCUMENT_LENGTH = 256L * 1024 * 1024;

  private static final ObjectMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                  .build())
              // Python's json.loads (what FastAPI uses) accepts NaN and Infinity.
              .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
              .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * The project's shared, configured mapper: bounded nesting depth and document size, trailing tokens
   * refused, {@code NaN}/{@code Infinity} accepted as Python does. Do not reconfigure it.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * What {@link #read} made of an upsert body.
   *
   * @param template the template, or {@code null} when the body cannot become one (not an object,
   *     {@code nodes} missing or not a list). When {@code diagnostics} is not empty, values that failed
   *     are replaced by neutral stand-ins (see {@link #read})
   * @param diagnostics request-model (422) problems with pydantic's texts, in the body's order
   */
  public record ReadResult(GraphTemplate template, List<Diagnostic> diagnostics) {
    public ReadResult {
      diagnostics = List.copyOf(Objects.requireNonNull(diagnostics, "diagnostics"));
    }
  }

  /**
   * Turns a raw upsert body into a template as written (nothing trimmed, no rule checked), reporting
   * JSON type problems the way the state manager's request model does: stage
   * {@link Stage#REQUEST_MODEL}, server message {@code "body.nodes.0.inputs: Field required"}.
   *
   * <p>Unknown keys are ignored. Input values are kept as JSON-decoded Java values ({@link String},
   * {@link Long}/{@link BigInteger}/{@link Double}/{@link BigDecimal}, {@link Boolean}, {@code null},
   * {@link List}, {@link Map}). An absent {@code retry_policy}/{@code store_config} gives {@code null},
   * an absent or null {@code next_nodes} an empty list. A secret whose value is not a string is kept
   * with a {@code null} value (already reported). Where a field fails its type, pydantic skips that
   * field's validators; so that the validator's own request-model rules stay quiet about it too, the
   * failed value is replaced by a stand-in: an empty list or map, the retry default, the identifier or
   * node name {@code "nodes[i]"}, the cron expression {@code "* * * * *"}, or no {@code unites}.
   *
   * @param name the graph name (path parameter); {@code null} gives a {@code null} template
   * @param namespace the graph namespace (path parameter); {@code null} gives a {@code null} template
   */
  public static ReadResult read(JsonNode body, String name, String namespace) {
    return GraphBodyReader.read(body, name, namespace);
  }

  /**
   * Like {@link #read} but strict: any request-model problem throws an {@link IllegalArgumentException}
   * that lists them (server texts only; secret values are never printed).
   */
  public static GraphTemplate fromJson(JsonNode body, String name, String namespace) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    ReadResult result = read(body, name, namespace);
    if (!result.diagnostics().isEmpty() || result.template() == null) {
      throw new IllegalArgumentException("Graph '" + name + "' in namespace '" + namespace
          + "' is not a valid upsert body:\n  " + result.diagnostics().stream()
              .map(d -> d.serverMessage() + " (" + d.message() + ")")
              .collect(Collectors.joining("\n  ")));
    }
    return result.template();
  }

  /**
   * The {@code PUT} body for {@code template}, byte-for-byte as the Python SDK 0.0.3b1 sends it
   * (docs/state-manager.md §5.1): Python's {@code json.dumps} defaults, {@code secrets} then {@code nodes}, then
   * {@code retry_policy} (all five keys), {@code store_config} and {@code triggers} only when present.
   * Secret values not supplied yet are written as {@code null}, which the state manager refuses.
   */
  public static String toPutBody(GraphTemplate template) {
    return PythonJson.dumps(wireTree(template));
  }

  /** The same content as {@link #toPutBody} as a Jackson tree. */
  public static ObjectNode toJson(GraphTemplate template) {
    return (ObjectNode) toJsonNode(wireTree(template));
  }

  /** The body as ordered Java maps and lists, so both writers share one description of the wire form. */
  private static Map<String, Object> wireTree(GraphTemplate t) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("secrets", new LinkedHashMap<>(t.secrets()));
    List<Object> nodes = new ArrayList<>();
    for (NodeTemplate n : t.nodes()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("node_name", n.nodeName());
      node.put("namespace", n.namespace());
      node.put("identifier", n.identifier());
      node.put("inputs", n.inputs());
      node.put("next_nodes", n.nextNodes());
      if (n.unites() == null) {
        node.put("unites", null);
      } else {
        Map<String, Object> unites = new LinkedHashMap<>();
        unites.put("identifier", n.unites().identifier());
        unites.put("strategy", n.unites().strategy().name());
        node.put("unites", unites);
      }
      nodes.add(node);
    }
    body.put("nodes", nodes);
    if (t.retryPolicy() != null) {
      RetryPolicy r = t.retryPolicy();
      Map<String, Object> retry = new LinkedHashMap<>();
      retry.put("max_retries", r.maxRetries());
      retry.put("strategy", r.strategy().name());
      retry.put("backoff_factor", r.backoffFactor());
      retry.put("exponent", r.exponent());
      retry.put("max_delay", r.maxDelay());
      body.put("retry_policy", retry);
    }
    if (t.storeConfig() != null) {
      Map<String, Object> store = new LinkedHashMap<>();
      store.put("required_keys", t.storeConfig().requiredKeys());
      store.put("default_values", t.storeConfig().defaultValues());
      body.put("store_config", store);
    }
    if (!t.triggers().isEmpty()) {
      List<Object> triggers = new ArrayList<>();
      for (CronTrigger trigger : t.triggers()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "CRON");
        entry.put("value", Map.of("expression", trigger.expression()));
        triggers.add(entry);
      }
      body.put("triggers", triggers);
    }
    return body;
  }

  /**
   * The registration body the Python runtime sends with {@code PUT /v0/namespace/{ns}/nodes/}
   * (docs/state-manager.md §2.1): {@code runtime_name}, {@code runtime_namespace}, and per node {@code name},
   * {@code namespace}, {@code inputs_schema}, {@code outputs_schema}, {@code secrets}.
   */
  public static ObjectNode registrationBody(String runtimeName, String namespace, List<RegisteredNode> nodes) {
    Objects.requireNonNull(runtimeName, "runtimeName");
    Objects.requireNonNull(namespace, "namespace");
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("runtime_name", runtimeName);
    body.put("runtime_namespace", namespace);
    ArrayNode list = body.putArray("nodes");
    for (RegisteredNode node : nodes) {
      ObjectNode n = list.addObject();
      n.put("name", node.name());
      n.put("namespace", node.namespace());
      n.set("inputs_schema", node.inputsSchema());
      n.set("outputs_schema", node.outputsSchema());
      ArrayNode secrets = n.putArray("secrets");
      node.secrets().forEach(secrets::add);
    }
    return body;
  }

  /**
   * Registered nodes from either the {@code GET /v0/namespace/{ns}/nodes/} response (docs/state-manager.md §1.2.4)
   * or a registration request body ({@code {"runtime_name", "nodes": [...]}}, §1.2.3); a bare list of
   * nodes is accepted too. A node's namespace is its own {@code namespace}, else the body's
   * {@code namespace} or {@code runtime_namespace}, else {@code defaultNamespace}.
   *
   * @throws IllegalArgumentException naming the first entry of a wrong shape
   */
  public static List<RegisteredNode> readRegisteredNodes(JsonNode json, String defaultNamespace) {
    if (json == null) {
      throw new IllegalArgumentException("Registered nodes: no JSON given");
    }
    JsonNode nodes;
    String bodyNamespace = defaultNamespace;
    if (json.isArray()) {
      nodes = json;
    } else if (json.isObject()) {
      nodes = json.get("nodes");
      if (nodes == null || !nodes.isArray()) {
        throw new IllegalArgumentException("Registered nodes: expected an object with a \"nodes\" list (the "
            + "GET /v0/namespace/{ns}/nodes/ response or a registration body {\"runtime_name\", \"nodes\"}), "
            + (nodes == null ? "but it has no \"nodes\" key" : "but \"nodes\" is " + GraphBodyReader.jsonKind(nodes)));
      }
      for (String key : List.of("namespace", "runtime_namespace")) {
        JsonNode ns = json.get(key);
        if (ns != null && ns.isTextual()) {
          bodyNamespace = ns.textValue();
          break;
        }
      }
    } else {
      throw new IllegalArgumentException("Registered nodes: expected a JSON object with a \"nodes\" list, not "
          + GraphBodyReader.jsonKind(json));
    }
    List<RegisteredNode> result = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      result.add(readRegisteredNode(nodes.get(i), i, bodyNamespace));
    }
    return result;
  }

  private static RegisteredNode readRegisteredNode(JsonNode node, int i, String bodyNamespace) {
    String where = "Registered nodes: nodes[" + i + "]";
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object, not " + GraphBodyReader.jsonKind(node));
    }
    JsonNode name = node.get("name");
    if (name == null || !name.isTextual()) {
      throw new IllegalArgumentException(where + " needs a string \"name\"");
    }
    where = where + " ('" + name.textValue() + "')";
    JsonNode ns = node.get("namespace");
    String namespace;
    if (ns != null && !ns.isNull()) {
      if (!ns.isTextual()) {
        throw new IllegalArgumentException(where + ": \"namespace\" must be a string");
      }
      namespace = ns.textValue();
    } else if (bodyNamespace != null) {
      namespace = bodyNamespace;
    } else {
      throw new IllegalArgumentException(where + " has no \"namespace\" and none was given for the file "
          + "(add \"namespace\" to the node or \"runtime_namespace\" to the body)");
    }
    ObjectNode inputs = schema(node, "inputs_schema", where);
    ObjectNode outputs = schema(node, "outputs_schema", where);
    List<String> secrets = new ArrayList<>();
    JsonNode secretsJson = node.get("secrets");
    if (secretsJson == null || !secretsJson.isArray()) {
      throw new IllegalArgumentException(where + " needs \"secrets\": a list of secret names ([] for none)");
    }
    for (JsonNode s : secretsJson) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException(where + ": every entry of \"secrets\" must be a string name");
      }
      secrets.add(s.textValue());
    }
    return new RegisteredNode(name.textValue(), namespace, inputs, outputs, secrets);
  }

  private static ObjectNode schema(JsonNode node, String key, String where) {
    JsonNode schema = node.get(key);
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException(where + " needs \"" + key + "\": a JSON Schema object"
          + (schema == null ? "" : ", not " + GraphBodyReader.jsonKind(schema)));
    }
    return (ObjectNode) schema;
  }

  /**
   * A JSON value as the Java value Python's {@code json.loads} would give: {@link String},
   * {@link Long} or {@link BigInteger}, {@link Double} (or {@link BigDecimal} beyond double range),
   * {@link Boolean}, {@code null}, unmodifiable {@link List} and {@link Map}.
   */
  public static Object toJava(JsonNode json) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      return null;
    }
    if (json.isTextual()) {
      return json.textValue();
    }
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    if (json.isIntegralNumber()) {
      return json.canConvertToLong() ? (Object) json.longValue() : json.bigIntegerValue();
    }
    if (json.isNumber()) {
      if (json.isBigDecimal() && Double.isInfinite(json.doubleValue())) {
        return json.decimalValue();
      }
      return json.doubleValue();
    }
    if (json.isArray()) {
      List<Object> list = new ArrayList<>(json.size());
      json.forEach(e -> list.add(toJava(e)));
      return Collections.unmodifiableList(list);
    }
    if (json.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    return json.asText();
  }

  /** The reverse of {@link #toJava}. */
  public static JsonNode toJsonNode(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    } else if (value instanceof String s) {
      return f.textNode(s);
    } else if (value instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      long l = ((Number) value).longValue();
      // Jackson's parser makes an IntNode when the value fits; do the same so trees compare equal.
      return l == (int) l ? f.numberNode((int) l) : f.numberNode(l);
    } else if (value instanceof BigInteger b) {
      return f.numberNode(b);
    } else if (value instanceof BigDecimal b) {
      return f.numberNode(b);
    } else if (value instanceof Number n) {
      return f.numberNode(n.doubleValue());
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, v) -> o.set(String.valueOf(k), toJsonNode(v)));
      return o;
    } else if (value instanceof List<?> list) {
      ArrayNode a = f.arrayNode();
      list.forEach(v -> a.add(toJsonNode(v)));
      return a;
    } else if (value instanceof JsonNode node) {
      return node.deepCopy();
    }
    throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
  }

  /**
   * Python's {@code str()} of a JSON-decoded value as the state manager interpolates it into messages:
   * {@code None}, {@code True}, {@code 123}, {@code 1.5}, {@code {'a': 1}}; a string prints as itself.
   */
  public static String pythonStr(Object value) {
    return PythonJson.str(value);
  }

  /** Python's {@code repr()} of a JSON-decoded value ({@code 'text'} for a string). */
  public static String pythonRepr(Object value) {
    return PythonJson.repr(value);
  }
}
