package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * FastAPI's {@code RequestValidationError}: answered 422 with {@code {"detail": [items]}}, each item
 * {@code {"type", "loc", "msg", "input"}} plus {@code "ctx"} where pydantic has one, never {@code "url"}
 * (docs/state-manager.md §1.1).
 */
final class RequestValidationException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final transient ArrayNode items;

  RequestValidationException(ArrayNode items) {
    super(items.size() + " request validation error(s)", null, false, false);
    this.items = items;
  }

  /** The {@code detail} list. */
  ArrayNode items() {
    return items;
  }

  /** One error item; {@code loc} elements are strings or integers, {@code ctx} may be null. */
  static ObjectNode item(String type, List<Object> loc, String msg, JsonNode input, ObjectNode ctx) {
    ObjectNode item = NODES.objectNode();
    item.put("type", type);
    ArrayNode locNode = item.putArray("loc");
    for (Object part : loc) {
      if (part instanceof Integer i) {
        locNode.add(i);
      } else {
        locNode.add(String.valueOf(part));
      }
    }
    item.put("msg", msg);
    item.set("input", input == null ? NODES.nullNode() : input);
    if (ctx != null) {
      item.set("ctx", ctx);
    }
    return item;
  }

  /** FastAPI's answer to a body that is not JSON: the position and message are Python's. */
  static RequestValidationException jsonInvalid(PythonJsonDecoder.DecodeException e) {
    ObjectNode ctx = NODES.objectNode().put("error", e.pythonMessage());
    ArrayNode items = NODES.arrayNode();
    items.add(item("json_invalid", List.of("body", e.position()), "JSON decode error", NODES.objectNode(), ctx));
    return new RequestValidationException(items);
  }
}
