package host.exosphere.oracle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/** Node registrations written as {@code "Name: in1,in2 -> out1 | secret1"}. */
final class Nodes {
  private Nodes() {}

  static ObjectNode registration(String spec) {
    String[] nameAndRest = spec.split(":", 2);
    String[] secretsSplit = nameAndRest[1].split("\\|", 2);
    String[] io = secretsSplit[0].split("->", 2);
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", nameAndRest[0].trim());
    node.set("inputs_schema", schema("Inputs", fields(io[0])));
    node.set("outputs_schema", schema("Outputs", fields(io.length > 1 ? io[1] : "")));
    ArrayNode secrets = node.putArray("secrets");
    fields(secretsSplit.length > 1 ? secretsSplit[1] : "").forEach(secrets::add);
    return node;
  }

  private static List<String> fields(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
  }

  /** pydantic's default title of a field: words split at underscores, each capitalized. */
  private static String title(String field) {
    return Arrays.stream(field.split("_")).filter(w -> !w.isEmpty())
        .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).reduce((a, b) -> a + " " + b).orElse(field);
  }

  /** The pydantic {@code model_json_schema()} of a model of required string fields. */
  private static ObjectNode schema(String title, List<String> fields) {
    ObjectNode schema = JsonNodeFactory.instance.objectNode();
    ObjectNode properties = schema.putObject("properties");
    for (String field : fields) {
      properties.putObject(field).put("title", title(field)).put("type", "string");
    }
    if (!fields.isEmpty()) {
      ArrayNode required = schema.putArray("required");
      fields.forEach(required::add);
    }
    return schema.put("title", title).put("type", "object");
  }
}
