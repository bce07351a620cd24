package host.exosphere.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes two servers' answers comparable: what each server chooses freely (object ids, run ids, clock
 * readings) becomes a placeholder, and everything else is kept exactly.
 *
 * <p>Ids become {@code <id:N>}, numbered in the order the scenario first meets them, so an answer that
 * names the wrong state still differs. Timestamps keep their shape (digits become {@code d}), so a
 * difference in format shows. Absolute {@code enqueue_after} times become {@code <ms>}.
 */
final class Normalizer {
  private static final Pattern ID = Pattern.compile(
      "\\b[0-9a-f]{24}\\b|\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
  private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[.\\d]*(Z|[+-]\\d\\d:\\d\\d)?$");
  /**
   * The tail pydantic puts on each error of a 400 upsert detail: a truncated repr of the validated
   * document and the pydantic version. The embedded server's is best effort by design (the real one
   * prints secret ciphertexts there), and the oracle bundle's pydantic is newer than the upstream lock.
   */
  private static final Pattern PYDANTIC_TAIL = Pattern.compile(
      "input_value=.*?, input_type=(\\w+)\\]|errors\\.pydantic\\.dev/[0-9.]+/");
  private static final List<String> CLOCK_FIELDS = List.of("enqueue_after");

  private final Map<String, String> ids = new HashMap<>();
  private final String namespace;

  Normalizer(String namespace) {
    this.namespace = namespace;
  }

  /** The placeholder an id was given, assigning the next one if it is new. */
  String id(String raw) {
    return ids.computeIfAbsent(raw, k -> "<id:" + (ids.size() + 1) + ">");
  }

  JsonNode normalize(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(text(node.textValue()));
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(normalize(element)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        if (CLOCK_FIELDS.contains(field.getKey()) && value.isNumber()) {
          out.put(text(field.getKey()), "<ms>");
        } else {
          out.set(text(field.getKey()), normalize(value));
        }
      }
      return out;
    }
    return node;
  }

  private String text(String value) {
    if (TIMESTAMP.matcher(value).matches()) {
      // isoformat() drops a zero fraction, which each server hits by chance one time in a thousand.
      String shape = value.replaceAll("\\d", "d");
      return "<time:" + (shape.indexOf('.') < 0 ? shape + ".dddddd" : shape) + ">";
    }
    String out = PYDANTIC_TAIL.matcher(value.replace(namespace, "<ns>")).replaceAll(match ->
        match.group(1) != null ? "input_value=<repr>, input_type=" + match.group(1) + "]" : "errors.pydantic.dev/<version>/");
    Matcher matcher = ID.matcher(out);
    StringBuilder replaced = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(replaced, Matcher.quoteReplacement(id(matcher.group())));
    }
    matcher.appendTail(replaced);
    return replaced.toString();
  }

  /**
   * Sorts the elements of an array whose order the server does not define (states a claim returns),
   * by the given fields, so that ids are numbered in the same order on both servers.
   */
  static List<JsonNode> sorted(JsonNode array, String... fields) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    Comparator<JsonNode> order = Comparator.comparing(n -> key(n, fields));
    out.sort(order);
    return out;
  }

  private static String key(JsonNode node, String... fields) {
    StringBuilder key = new StringBuilder();
    for (String field : fields) {
      key.append(node.path(field).toString()).append('\u0000');
    }
    return key.toString();
  }
}
