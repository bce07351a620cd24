package host.exosphere.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The registration schema of a record whose components are all strings, exactly as pydantic's
 * {@code model_json_schema()} prints it (contract §2.2), so the state manager and the dashboard treat
 * a Java node like a Python one.
 */
final class PydanticSchema {
  private PydanticSchema() {}

  static ObjectNode of(String title, List<String> fields) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode properties = json.objectNode();
    ArrayNode required = json.arrayNode();
    for (String field : fields) {
      properties.set(field, json.objectNode().put("title", fieldTitle(field)).put("type", "string"));
      required.add(field);
    }
    ObjectNode schema = json.objectNode();
    schema.set("properties", properties);
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    return schema.put("title", title).put("type", "object");
  }

  /** pydantic's default: Python's {@code str.title()} with underscores turned into spaces. */
  static String fieldTitle(String field) {
    StringBuilder out = new StringBuilder(field.length());
    boolean wordStart = true;
    for (int i = 0; i < field.length(); ) {
      int cp = field.codePointAt(i);
      if (Character.isLetter(cp)) {
        out.appendCodePoint(wordStart ? Character.toTitleCase(cp) : Character.toLowerCase(cp));
        wordStart = false;
      } else {
        out.appendCodePoint(cp == '_' ? ' ' : cp);
        wordStart = true;
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
