package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON Schemas of registered nodes: written exactly as pydantic's {@code model_json_schema()} writes
 * them for a model of {@code str} fields (docs/state-manager.md §2.2), and read back the way the state manager reads
 * them with json-schema-to-pydantic 0.4.7 (docs/state-manager.md §2.3).
 */
public final class NodeSchemas {
  private NodeSchemas() {}

  /** Formats for which json-schema-to-pydantic builds a non-{@code str} type out of a string schema. */
  private static final Set<String> NON_STR_FORMATS = Set.of("date-time", "date", "time", "uri", "uuid");

  /** A field of a registered schema as the state manager sees it. */
  public record Field(String name, boolean isString) {
    public Field {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A schema the state manager cannot turn into a model; verification then fails with
   * "Validation failed due to unexpected error: " + {@link #getMessage()} (docs/state-manager.md §2.3, §3.3).
   */
  public static final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
      super(message);
    }
  }

  /** The schema of a model whose fields are all required {@code str}s. */
  public static ObjectNode pydanticSchema(String title, List<String> fields) {
    return pydanticSchema(title, fields, Map.of());
  }

  /**
   * The schema of a model of {@code str} fields, in pydantic's exact shape: top-level keys
   * {@code properties, required, title, type}; property keys {@code default, title, type};
   * {@code required} lists the fields without a default and is left out when empty.
   *
   * @param fields field names in declaration order
   * @param defaults default values of the fields that have one
   */
  public static ObjectNode pydanticSchema(String title, List<String> fields, Map<String, String> defaults) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(defaults, "defaults");
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode schema = f.objectNode();
    ObjectNode properties = schema.putObject("properties");
    List<String> required = new ArrayList<>();
    for (String field : fields) {
      ObjectNode property = properties.putObject(field);
      String defaultValue = defaults.get(field);
      if (defaultValue != null) {
        property.put("default", defaultValue);
      } else {
        required.add(field);
      }
      property.put("title", fieldTitle(field));
      property.put("type", "string");
    }
    if (!required.isEmpty()) {
      ArrayNode list = schema.putArray("required");
      required.forEach(list::add);
    }
    schema.put("title", title);
    schema.put("type", "object");
    return schema;
  }

  /** A node registered with {@code Inputs}/{@code Outputs} models of required {@code str} fields. */
  public static RegisteredNode registeredNode(
      String name, String namespace, List<String> inputs, List<String> outputs, List<String> secrets) {
    return new RegisteredNode(name, namespace, pydanticSchema("Inputs", inputs), pydanticSchema("Outputs", outputs),
        secrets);
  }

  /**
   * pydantic's default field title: Python's {@code name.title()} with underscores turned into spaces,
   * stripped ({@code user_id} → {@code User Id}, {@code HTTPCode} → {@code Httpcode}).
   */
  static String fieldTitle(String name) {
    StringBuilder s = new StringBuilder(name.length());
    boolean previousCased = false;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      boolean cased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
      if (cased) {
        s.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
      } else {
        s.appendCodePoint(cp == '_' ? ' ' : cp);
      }
      previousCased = cased;
    }
    return s.toString().strip();
  }

  /**
   * The fields of a registered schema in {@code properties} order, each saying whether the state
   * manager's generated model types it exactly {@code str}: a {@code string} without a
   * {@code date-time}/{@code date}/{@code time}/{@code uri}/{@code uuid} format, or an unknown type
   * name. {@code enum}/{@code const}, {@code anyOf}/{@code oneOf}/{@code allOf}, type lists such as
   * {@code ["string", "null"]} and every other type are not. No {@code properties} → no fields.
   *
   * @throws SchemaException with json-schema-to-pydantic's or pydantic's text when the state manager
   *     could not build the model at all (a property without a type and without {@code properties} or
   *     {@code items} to infer one from, a name with a leading underscore)
   */
  public static List<Field> fields(ObjectNode schema) {
    Objects.requireNonNull(schema, "schema");
    List<Field> fields = new ArrayList<>();
    JsonNode properties = schema.get("properties");
    if (properties == null || !properties.isObject()) {
      return fields;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      fields.add(new Field(e.getKey(), isStr(e.getValue(), schema, 0)));
    }
    for (Field field : fields) {
      if (field.name().startsWith("_")) {
        // pydantic rejects the whole model once every field type is resolved.
        String stripped = field.name().replaceFirst("^_+", "");
        throw new SchemaException("Fields must not use names with leading underscores; e.g., use "
            + PythonJson.stringRepr(stripped) + " instead of " + PythonJson.stringRepr(field.name()) + ".");
      }
    }
    return fields;
  }

  private static boolean isStr(JsonNode property, ObjectNode root, int depth) {
    if (!property.isObject()) {
      throw new SchemaException("'" + pythonTypeName(property) + "' object has no attribute 'get'");
    }
    JsonNode ref = property.get("$ref");
    if (ref != null && ref.isTextual() && depth < 32) {
      JsonNode target = resolve(root, ref.textValue());
      if (target != null) {
        return isStr(target, root, depth + 1);
      }
    }
    if (property.has("const") || property.has("enum")) {
      return false;
    }
    if (property.has("anyOf") || property.has("oneOf") || property.has("allOf")) {
      return false;
    }
    JsonNode type = property.get("type");
    if (type == null || type.isNull()) {
      if (property.has("properties") || property.has("items")) {
        // The library infers an object or an array from their keywords: a field, but not a str.
        return false;
      }
      throw new SchemaException("Schema must specify a type. Set allow_undefined_type=True to infer Any type "
          + "for schemas without explicit types.");
    }
    if (type.isArray()) {
      return type.size() == 1 && isStrType(type.get(0), property);
    }
    return isStrType(type, property);
  }

  private static boolean isStrType(JsonNode type, JsonNode property) {
    if (!type.isTextual()) {
      return false;
    }
    switch (type.textValue()) {
      case "string":
        JsonNode format = property.get("format");
        return format == null || !format.isTextual() || !NON_STR_FORMATS.contains(format.textValue());
      case "integer":
      case "number":
      case "boolean":
      case "object":
      case "array":
      case "null":
        return false;
      default:
        // json-schema-to-pydantic falls back to str for type names it does not know.
        return true;
    }
  }

  private static JsonNode resolve(ObjectNode root, String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode node = root;
    for (String part : ref.substring(2).split("/")) {
      node = node.get(part.replace("~1", "/").replace("~0", "~"));
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static String pythonTypeName(JsonNode json) {
    return switch (json.getNodeType()) {
      case ARRAY -> "list";
      case BOOLEAN -> "bool";
      case NUMBER -> json.isIntegralNumber() ? "int" : "float";
      case STRING -> "str";
      default -> "NoneType";
    };
  }
}
