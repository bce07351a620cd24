package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.UnitesStrategy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a raw upsert body the way the state manager's request model parses it (pydantic 2.11 in lax
 * mode on JSON input, docs/state-manager.md §3.1), reporting type problems with pydantic's own texts.
 *
 * <p>When a field fails, pydantic skips that field's validators. This reader mirrors that by putting a
 * neutral stand-in where the bad value was (an empty list or map, the default retry value, a stand-in
 * identifier, a valid cron expression), so the validator's own request-model rules can still run on the
 * rest of the body without reporting anything for the field that already failed.
 */
final class GraphBodyReader {

  /** Stand-in for a trigger whose expression could not be read; always valid for croniter. */
  static final String STAND_IN_CRON = "* * * * *";

  private static final String RETRY_STRATEGIES = enumText(
      Arrays.stream(RetryStrategy.values()).map(Enum::name).collect(Collectors.toList()));
  private static final String UNITES_STRATEGIES = enumText(
      Arrays.stream(UnitesStrategy.values()).map(Enum::name).collect(Collectors.toList()));

  /** The JSON shape pydantic wanted where another came: the error for a location. */
  private interface Shape extends Function<List<Object>, RequestModelError> {}

  private static final Shape A_LIST = loc -> RequestModelError.wrongType(loc, "list_type", "list");
  private static final Shape A_DICT = loc -> RequestModelError.wrongType(loc, "dict_type", "dictionary");
  private static final Shape A_STRING = loc -> RequestModelError.wrongType(loc, "string_type", "string");

  private static Shape model(String className) {
    return loc -> RequestModelError.notAModel(loc, className);
  }

  private static List<Object> at(Object... parts) {
    return RequestModelError.at(parts);
  }

  private static List<Object> under(List<Object> loc, Object... more) {
    return RequestModelError.under(loc, more);
  }

  private final List<Diagnostic> diagnostics = new ArrayList<>();

  static GraphJson.ReadResult read(JsonNode body, String name, String namespace) {
    return new GraphBodyReader().readBody(body, name, namespace);
  }

  private GraphJson.ReadResult readBody(JsonNode body, String name, String namespace) {
    if (body == null || body.isMissingNode() || !body.isObject()) {
      // A body that is not an object has no fields to read at all.
      wrongType("body-type", Location.graph(), at("body"), model("UpsertGraphTemplateRequest"),
          "The upsert body must be a JSON object with \"secrets\" and \"nodes\"");
      return new GraphJson.ReadResult(null, diagnostics);
    }
    Map<String, String> secrets = readSecrets(body.get("secrets"));
    JsonNode nodesJson = body.get("nodes");
    List<NodeTemplate> nodes = null;
    if (nodesJson == null) {
      missing(Location.graph(), at("body", "nodes"), "\"nodes\" is required: add the list of node templates");
    } else if (!nodesJson.isArray()) {
      wrongType(Location.graph(), at("body", "nodes"), A_LIST,
          "\"nodes\" must be a JSON list of node templates, not " + jsonKind(nodesJson));
    } else {
      nodes = new ArrayList<>();
      for (int i = 0; i < nodesJson.size(); i++) {
        nodes.add(readNode(nodesJson.get(i), i));
      }
    }
    RetryPolicy retry = null;
    if (body.has("retry_policy")) {
      retry = readRetry(body.get("retry_policy"));
    }
    StoreConfig store = null;
    if (body.has("store_config")) {
      store = readStore(body.get("store_config"));
    }
    List<CronTrigger> triggers = List.of();
    if (body.has("triggers")) {
      triggers = readTriggers(body.get("triggers"));
    }
    if (nodes == null || name == null || namespace == null) {
      return new GraphJson.ReadResult(null, diagnostics);
    }
    return new GraphJson.ReadResult(
        new GraphTemplate(name, namespace, secrets, nodes, retry, store, triggers), diagnostics);
  }

  private Map<String, String> readSecrets(JsonNode json) {
    Map<String, String> secrets = new LinkedHashMap<>();
    Location where = Location.of(Location.Kind.SECRET);
    if (json == null) {
      missing(where, at("body", "secrets"),
          "\"secrets\" is required (use {} when the graph has none): the state manager has no default for it");
      return secrets;
    }
    if (!json.isObject()) {
      wrongType(where, at("body", "secrets"), A_DICT,
          "\"secrets\" must be a JSON object of secret name to string value, not " + jsonKind(json));
      return secrets;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (value.isTextual()) {
        secrets.put(e.getKey(), value.textValue());
      } else {
        // Never echo the value: it may be a secret.
        wrongType(Location.of(Location.Kind.SECRET, e.getKey(), -1), at("body", "secrets", e.getKey()),
            A_STRING,
            "The value of secret '" + e.getKey() + "' must be a JSON string, not " + jsonKind(value));
        secrets.put(e.getKey(), null);
      }
    }
    return secrets;
  }

  private NodeTemplate readNode(JsonNode json, int i) {
    List<Object> loc = at("body", "nodes", i);
    String standIn = "nodes[" + i + "]";
    if (!json.isObject()) {
      wrongType(Location.node(Location.Kind.NODE, i, null, null, -1), loc,
          model("NodeTemplate"),
          "Each entry of \"nodes\" must be a JSON object (a node template), not " + jsonKind(json));
      return new NodeTemplate(standIn, "", standIn, Map.of(), List.of(), null);
    }
    JsonNode idJson = json.get("identifier");
    String writtenId = idJson != null && idJson.isTextual() ? idJson.textValue() : null;
    String nodeName = readNodeString(json, "node_name", Location.Kind.NODE_NAME, i, writtenId, standIn);
    String nodeNamespace = readNodeString(json, "namespace", Location.Kind.NODE_NAMESPACE, i, writtenId, "");
    String identifier = readNodeString(json, "identifier", Location.Kind.IDENTIFIER, i, writtenId, standIn);

    Map<String, Object> inputs = new LinkedHashMap<>();
    JsonNode inputsJson = json.get("inputs");
    Location inputsWhere = Location.node(Location.Kind.INPUT, i, writtenId, null, -1);
    if (inputsJson == null) {
      missing(inputsWhere, under(loc, "inputs"),
          "\"inputs\" is required on every node template, even when it is {}");
    } else if (!inputsJson.isObject()) {
      wrongType(inputsWhere, under(loc, "inputs"), A_DICT,
          "\"inputs\" must be a JSON object of input name to template string, not " + jsonKind(inputsJson));
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = inputsJson.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        inputs.put(e.getKey(), GraphJson.toJava(e.getValue()));
      }
    }

    List<String> nextNodes = new ArrayList<>();
    JsonNode nextJson = json.get("next_nodes");
    if (nextJson != null && !nextJson.isNull()) {
      if (!nextJson.isArray()) {
        wrongType(Location.node(Location.Kind.NEXT_NODE, i, writtenId, null, -1), under(loc, "next_nodes"),
            A_LIST,
            "\"next_nodes\" must be a JSON list of identifiers (or null), not " + jsonKind(nextJson));
      } else {
        boolean allStrings = true;
        for (int k = 0; k < nextJson.size(); k++) {
          JsonNode entry = nextJson.get(k);
          if (entry.isTextual()) {
            nextNodes.add(entry.textValue());
          } else {
            allStrings = false;
            wrongType(Location.node(Location.Kind.NEXT_NODE, i, writtenId, null, k), under(loc, "next_nodes", k),
                A_STRING,
                "Each \"next_nodes\" entry must be an identifier string, not " + jsonKind(entry));
          }
        }
        if (!allStrings) {
          // pydantic skips the next_nodes validator when an entry fails: report nothing more for it.
          nextNodes.clear();
        }
      }
    }

    Unites unites = null;
    JsonNode unitesJson = json.get("unites");
    if (unitesJson != null && !unitesJson.isNull()) {
      unites = readUnites(unitesJson, under(loc, "unites"), Location.node(Location.Kind.UNITES, i, writtenId, null, -1));
    }
    return new NodeTemplate(nodeName, nodeNamespace, identifier, inputs, nextNodes, unites);
  }

  private String readNodeString(
      JsonNode node, String field, Location.Kind kind, int i, String writtenId, String standIn) {
    JsonNode value = node.get(field);
    Location where = Location.node(kind, i, writtenId, null, -1);
    List<Object> loc = at("body", "nodes", i, field);
    if (value == null) {
      missing(where, loc, "\"" + field + "\" is required on every node template");
      return standIn;
    }
    if (!value.isTextual()) {
      wrongType(where, loc, A_STRING,
          "\"" + field + "\" must be a JSON string, not " + jsonKind(value));
      return standIn;
    }
    return value.textValue();
  }

  private Unites readUnites(JsonNode json, List<Object> loc, Location where) {
    if (!json.isObject()) {
      wrongType(where, loc, model("Unites"),
          "\"unites\" must be an object {\"identifier\": ..., \"strategy\": ...} or null, not " + jsonKind(json));
      return null;
    }
    boolean ok = true;
    JsonNode id = json.get("identifier");
    if (id == null) {
      missing(where, under(loc, "identifier"), "\"unites\" needs the \"identifier\" of the node to wait for");
      ok = false;
    } else if (!id.isTextual()) {
      wrongType(where, under(loc, "identifier"), A_STRING,
          "\"unites.identifier\" must be a JSON string, not " + jsonKind(id));
      ok = false;
    }
    UnitesStrategy strategy = UnitesStrategy.ALL_SUCCESS;
    JsonNode strategyJson = json.get("strategy");
    if (strategyJson != null) {
      strategy = enumValue(UnitesStrategy.class, strategyJson);
      if (strategy == null) {
        report("invalid-enum", where, RequestModelError.notInEnum(under(loc, "strategy"), UNITES_STRATEGIES),
            "\"unites.strategy\" must be ALL_SUCCESS or ALL_DONE, not " + shortJson(strategyJson));
        ok = false;
      }
    }
    // pydantic skips the unites validator once the model failed, so no stand-in is needed: leave it out.
    return ok ? new Unites(id.textValue(), strategy) : null;
  }

  private RetryPolicy readRetry(JsonNode json) {
    Location where = Location.of(Location.Kind.RETRY_POLICY);
    if (!json.isObject()) {
      // QUIRK (docs/state-manager.md §3.1): an explicit null is refused; the key has to be left out instead.
      wrongType(where, at("body", "retry_policy"), model("RetryPolicyModel"),
          json.isNull()
              ? "\"retry_policy\": null is refused by the state manager; leave the key out to get the default policy"
              : "\"retry_policy\" must be a JSON object, not " + jsonKind(json));
      return null;
    }
    RetryPolicy d = RetryPolicy.DEFAULT;
    long maxRetries = readInt(json, "max_retries", d.maxRetries(), false);
    RetryStrategy strategy = d.strategy();
    JsonNode strategyJson = json.get("strategy");
    if (strategyJson != null) {
      RetryStrategy parsed = enumValue(RetryStrategy.class, strategyJson);
      if (parsed == null) {
        report("invalid-enum", Location.of(Location.Kind.RETRY_POLICY, "strategy", -1),
            RequestModelError.notInEnum(at("body", "retry_policy", "strategy"), RETRY_STRATEGIES),
            "\"retry_policy.strategy\" must be one of the nine strategy names (EXPONENTIAL, LINEAR or FIXED, "
                + "optionally with _FULL_JITTER or _EQUAL_JITTER), not " + shortJson(strategyJson));
      } else {
        strategy = parsed;
      }
    }
    long backoff = readInt(json, "backoff_factor", d.backoffFactor(), false);
    long exponent = readInt(json, "exponent", d.exponent(), false);
    Long maxDelay = null;
    if (json.has("max_delay") && !json.get("max_delay").isNull()) {
      maxDelay = readInt(json, "max_delay", 1, true);
    }
    return new RetryPolicy(maxRetries, strategy, backoff, exponent, maxDelay);
  }

  /** A pydantic lax-mode int; on failure reports it and returns {@code fallback} (a value that passes). */
  private long readInt(JsonNode retry, String field, long fallback, boolean nullable) {
    JsonNode json = retry.get(field);
    if (json == null) {
      return fallback;
    }
    Location where = Location.of(Location.Kind.RETRY_POLICY, field, -1);
    List<Object> loc = at("body", "retry_policy", field);
    PydanticInt.Result parsed = PydanticInt.read(json);
    if (!parsed.ok()) {
      report("invalid-integer", where, new RequestModelError(parsed.type(), loc, parsed.message(), Map.of()),
          "\"retry_policy." + field + "\" must be a whole number" + (nullable ? " or null" : "")
              + " (milliseconds or a count), not " + shortJson(json));
      return fallback;
    }
    return saturate(parsed.value());
  }

  private static long saturate(BigInteger v) {
    if (v.bitLength() < 64) {
      return v.longValue();
    }
    return v.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  private StoreConfig readStore(JsonNode json) {
    if (!json.isObject()) {
      wrongType(Location.of(Location.Kind.STORE_REQUIRED_KEY), at("body", "store_config"),
          model("StoreConfig"),
          json.isNull()
              ? "\"store_config\": null is refused by the state manager; leave the key out instead"
              : "\"store_config\" must be a JSON object, not " + jsonKind(json));
      return null;
    }
    List<String> required = new ArrayList<>();
    JsonNode requiredJson = json.get("required_keys");
    if (requiredJson != null) {
      if (!requiredJson.isArray()) {
        wrongType(Location.of(Location.Kind.STORE_REQUIRED_KEY), at("body", "store_config", "required_keys"),
            A_LIST,
            "\"store_config.required_keys\" must be a JSON list of strings, not " + jsonKind(requiredJson));
      } else {
        boolean allStrings = true;
        for (int k = 0; k < requiredJson.size(); k++) {
          JsonNode entry = requiredJson.get(k);
          if (entry.isTextual()) {
            required.add(entry.textValue());
          } else {
            allStrings = false;
            wrongType(Location.of(Location.Kind.STORE_REQUIRED_KEY, null, k),
                at("body", "store_config", "required_keys", k), A_STRING,
                "Each required store key must be a JSON string, not " + jsonKind(entry));
          }
        }
        if (!allStrings) {
          required.clear();
        }
      }
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    JsonNode defaultsJson = json.get("default_values");
    if (defaultsJson != null) {
      if (!defaultsJson.isObject()) {
        wrongType(Location.of(Location.Kind.STORE_DEFAULT), at("body", "store_config", "default_values"),
            A_DICT,
            "\"store_config.default_values\" must be a JSON object of key to string value, not "
                + jsonKind(defaultsJson));
      } else {
        boolean allStrings = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = defaultsJson.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isTextual()) {
            defaults.put(e.getKey(), e.getValue().textValue());
          } else {
            allStrings = false;
            wrongType(Location.of(Location.Kind.STORE_DEFAULT, e.getKey(), -1),
                at("body", "store_config", "default_values", e.getKey()), A_STRING,
                "The default value of store key '" + e.getKey() + "' must be a JSON string (write \""
                    + PythonJson.str(GraphJson.toJava(e.getValue())) + "\" in quotes), not "
                    + jsonKind(e.getValue()));
          }
        }
        if (!allStrings) {
          defaults.clear();
        }
      }
    }
    return new StoreConfig(required, defaults);
  }

  private List<CronTrigger> readTriggers(JsonNode json) {
    List<CronTrigger> triggers = new ArrayList<>();
    if (!json.isArray()) {
      wrongType(Location.of(Location.Kind.TRIGGER), at("body", "triggers"), A_LIST,
          json.isNull()
              ? "\"triggers\": null is refused by the state manager; leave the key out or use []"
              : "\"triggers\" must be a JSON list, not " + jsonKind(json));
      return triggers;
    }
    for (int k = 0; k < json.size(); k++) {
      triggers.add(new CronTrigger(readTrigger(json.get(k), k)));
    }
    return triggers;
  }

  /** The expression of trigger {@code k}, or a valid stand-in when the trigger failed to parse. */
  private String readTrigger(JsonNode json, int k) {
    List<Object> loc = at("body", "triggers", k);
    Location where = Location.of(Location.Kind.TRIGGER, null, k);
    if (!json.isObject()) {
      wrongType(where, loc, model("Trigger"),
          "Each trigger must be {\"type\": \"CRON\", \"value\": {\"expression\": \"...\"}}, not " + jsonKind(json));
      return STAND_IN_CRON;
    }
    boolean fieldsOk = true;
    JsonNode type = json.get("type");
    if (type == null) {
      missing(where, under(loc, "type"), "A trigger needs \"type\": \"CRON\"");
      fieldsOk = false;
    } else if (!(type.isTextual() && type.textValue().equals("CRON"))) {
      report("invalid-enum", where, RequestModelError.notInEnum(under(loc, "type"), "'CRON'"),
          "The only trigger type is \"CRON\", not " + shortJson(type));
      fieldsOk = false;
    }
    JsonNode value = json.get("value");
    if (value == null) {
      missing(where, under(loc, "value"), "A trigger needs \"value\": {\"expression\": \"...\"}");
      fieldsOk = false;
    } else if (!value.isObject()) {
      wrongType(where, under(loc, "value"), A_DICT,
          "A trigger's \"value\" must be an object {\"expression\": \"...\"}, not " + jsonKind(value));
      fieldsOk = false;
    }
    if (!fieldsOk) {
      // The model validator that reads value.expression only runs once type and value are valid.
      return STAND_IN_CRON;
    }
    JsonNode expression = value.get("expression");
    // The nested CronTrigger model is validated inside Trigger's model validator; pydantic re-uses its
    // error locations relative to the trigger, hence "triggers.0.expression" without "value".
    if (expression == null) {
      missing(where, under(loc, "expression"), "A CRON trigger needs value.expression, e.g. \"0 9 * * 1-5\"");
      return STAND_IN_CRON;
    }
    if (!expression.isTextual()) {
      wrongType(where, under(loc, "expression"), A_STRING,
          "value.expression must be a cron string such as \"0 9 * * 1-5\", not " + jsonKind(expression));
      return STAND_IN_CRON;
    }
    return expression.textValue();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode json) {
    if (!json.isTextual()) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(json.textValue())) {
        return e;
      }
    }
    return null;
  }

  /** pydantic's list of an enum's values: {@code 'A', 'B' or 'C'}. */
  static String enumText(List<String> names) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        s.append(i == names.size() - 1 ? " or " : ", ");
      }
      s.append('\'').append(names.get(i)).append('\'');
    }
    return s.toString();
  }

  private void missing(Location where, List<Object> loc, String message) {
    report("missing-field", where, RequestModelError.missing(loc), message);
  }

  private void wrongType(Location where, List<Object> loc, Shape wanted, String message) {
    wrongType("wrong-type", where, loc, wanted, message);
  }

  private void wrongType(String rule, Location where, List<Object> loc, Shape wanted, String message) {
    report(rule, where, wanted.apply(loc), message);
  }

  private void report(String rule, Location where, RequestModelError item, String message) {
    diagnostics.add(Diagnostic.requestModel(rule, where, message, item));
  }

  /** "a number", "a list", "null"… for messages (never the value itself: it might be a secret). */
  static String jsonKind(JsonNode json) {
    return switch (json.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }

  /** A short JSON rendering of a small value for messages about enums and ints. */
  private static String shortJson(JsonNode json) {
    String text = json.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
