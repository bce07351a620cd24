package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.RequestModelError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the shared validator's request-model errors as the upsert's FastAPI 422 {@code detail} list
 * (docs/state-manager.md §1.1, §3.1): each {@link RequestModelError} becomes one item, with its
 * {@code input} taken from the body.
 */
final class UpsertErrors {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper CTX = new ObjectMapper();

  private UpsertErrors() {}

  /** The {@code detail} list of a 422 answer, in the validator's order. */
  static ArrayNode requestModelDetail(List<Diagnostic> errors, JsonNode body) {
    // Several diagnostics can describe one 422 item (pydantic joins the problems of one field).
    Set<RequestModelError> items = new LinkedHashSet<>();
    for (Diagnostic d : errors) {
      items.add(d.requestModelError());
    }
    ArrayNode detail = JSON.arrayNode();
    for (RequestModelError item : items) {
      detail.add(item(item, body));
    }
    return detail;
  }

  private static ObjectNode item(RequestModelError error, JsonNode body) {
    ObjectNode item = JSON.objectNode();
    boolean model = error.type().equals("model_type");
    // The validator words a non-object where a model belongs as model_validate does; FastAPI validates
    // bodies with from_attributes=True, which reports it as another type, without ctx.
    item.put("type", model ? "model_attributes_type" : error.type());
    ArrayNode loc = item.putArray("loc");
    for (Object part : error.loc()) {
      if (part instanceof Integer i) {
        loc.add(i);
      } else {
        loc.add((String) part);
      }
    }
    item.put("msg", model ? "Input should be a valid dictionary or object to extract fields from" : error.msg());
    List<Object> path = dataPath(error.loc());
    item.set("input", error.type().equals("missing") ? at(body, path.subList(0, path.size() - 1)) : at(body, path));
    if (!model && !error.ctx().isEmpty()) {
      item.set("ctx", CTX.valueToTree(error.ctx()));
    }
    return item;
  }

  /**
   * Where in the body an item's input is. The trigger's validator re-validates its value as CronTrigger
   * (§3.1): that inner validation reports under the trigger's location, with its own inputs (the value
   * dict, the expression).
   */
  private static List<Object> dataPath(List<Object> loc) {
    if (loc.size() >= 4 && "triggers".equals(loc.get(1)) && "expression".equals(loc.get(3))) {
      List<Object> inner = new ArrayList<>(loc.subList(0, 3));
      inner.add("value");
      inner.addAll(loc.subList(3, loc.size()));
      return inner;
    }
    return loc;
  }

  /** The value at {@code loc} inside the body ({@code null} when it is not there). */
  private static JsonNode at(JsonNode body, List<Object> loc) {
    JsonNode current = body;
    for (int i = 1; i < loc.size() && current != null; i++) {
      Object part = loc.get(i);
      current = part instanceof Integer index ? current.get(index) : current.get(part.toString());
    }
    return current == null ? JSON.nullNode() : current.deepCopy();
  }
}
