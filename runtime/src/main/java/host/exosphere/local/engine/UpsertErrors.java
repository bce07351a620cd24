package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the shared validator's request-model diagnostics into the upsert's FastAPI 422 {@code detail}
 * list (docs/state-manager.md §1.1, §3.1).
 */
final class UpsertErrors {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private UpsertErrors() {}

  /**
   * The {@code detail} list of a 422 answer. The shared reader words request-model problems as
   * {@code "body.nodes.0.inputs: Field required"}; the dotted path becomes {@code loc} and the pydantic
   * text {@code msg}, from which the error {@code type} and {@code ctx} follow. A diagnostic without a
   * path gets one from its {@link Location}.
   */
  static ArrayNode requestModelDetail(List<Diagnostic> errors, JsonNode body) {
    ArrayNode detail = JSON.arrayNode();
    // Several diagnostics can describe one 422 item; the item is their shared server text.
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Diagnostic d : errors) {
      String text = d.serverMessage() != null ? d.serverMessage() : d.message();
      if (!seen.add(text)) {
        continue;
      }
      List<Object> loc;
      String msg;
      int colon = text.indexOf(": ");
      if (text.startsWith("body") && colon > 0 && !text.substring(0, colon).contains(" ")) {
        loc = dotted(text.substring(0, colon));
        msg = text.substring(colon + 2);
      } else {
        msg = text;
        loc = loc(d.location(), text);
      }
      detail.add(item(loc, msg, body));
    }
    return detail;
  }

  private static ObjectNode item(List<Object> loc, String msg, JsonNode body) {
    ObjectNode item = JSON.objectNode();
    ObjectNode ctx = null;
    String type;
    if (msg.equals("Field required")) {
      type = "missing";
    } else if (msg.startsWith("Value error, ")) {
      type = "value_error";
      ctx = JSON.objectNode();
      ctx.putObject("error");
    } else if (msg.startsWith("Input should be greater than or equal to ")) {
      type = "greater_than_equal";
      ctx = JSON.objectNode();
      ctx.put("ge", Long.parseLong(msg.substring(msg.lastIndexOf(' ') + 1)));
    } else if (msg.startsWith("Input should be greater than ")) {
      type = "greater_than";
      ctx = JSON.objectNode();
      ctx.put("gt", Long.parseLong(msg.substring(msg.lastIndexOf(' ') + 1)));
    } else if (msg.startsWith("Input should be a valid string")) {
      type = "string_type";
    } else if (msg.startsWith("Input should be a valid integer, got a number with a fractional part")) {
      type = "int_from_float";
    } else if (msg.startsWith("Input should be a valid integer")) {
      type = "int_type";
    } else if (msg.startsWith("Input should be a valid list")) {
      type = "list_type";
    } else if (msg.startsWith("Input should be a valid dictionary or instance of ")) {
      type = "model_type";
      ctx = JSON.objectNode();
      ctx.put("class_name", msg.substring("Input should be a valid dictionary or instance of ".length()));
    } else if (msg.startsWith("Input should be a valid dictionary")) {
      type = "dict_type";
    } else if (msg.startsWith("Input should be '")) {
      type = "enum";
      ctx = JSON.objectNode();
      ctx.put("expected", msg.substring("Input should be ".length()));
    } else {
      type = "value_error";
      msg = "Value error, " + msg;
      ctx = JSON.objectNode();
      ctx.putObject("error");
    }
    item.put("type", type);
    item.set("loc", locNode(loc));
    item.put("msg", msg);
    List<Object> path = dataPath(loc);
    item.set("input", type.equals("missing") ? at(body, path.subList(0, path.size() - 1)) : at(body, path));
    if (ctx != null) {
      item.set("ctx", ctx);
    }
    return item;
  }

  private static List<Object> dotted(String path) {
    List<Object> loc = new ArrayList<>();
    for (String part : path.split("\\.")) {
      loc.add(part.matches("\\d+") ? (Object) Integer.valueOf(part) : part);
    }
    return loc;
  }

  private static List<Object> loc(Location location, String text) {
    List<Object> loc = new ArrayList<>();
    loc.add("body");
    int node = location.nodeIndex();
    switch (location.kind()) {
      case GRAPH, GRAPH_NAME, GRAPH_NAMESPACE -> {
        if (location.key() != null) {
          loc.add(location.key());
        }
      }
      case SECRET -> {
        loc.add("secrets");
        if (location.key() != null && !text.equals("Field required")) {
          loc.add(location.key());
        }
      }
      case NODE -> {
        loc.add("nodes");
        if (node >= 0) {
          loc.add(node);
        }
        if (location.key() != null) {
          loc.add(location.key());
        }
      }
      case NODE_NAME -> addNode(loc, node, "node_name");
      case NODE_NAMESPACE -> addNode(loc, node, "namespace");
      case IDENTIFIER -> addNode(loc, node, "identifier");
      case INPUT -> addNode(loc, node, "inputs");
      case NEXT_NODE -> addNode(loc, node, "next_nodes");
      case UNITES -> {
        addNode(loc, node, "unites");
        loc.add(text.startsWith("Input should be") ? "strategy" : "identifier");
      }
      case RETRY_POLICY -> {
        loc.add("retry_policy");
        if (location.key() != null) {
          loc.add(location.key());
        }
      }
      case STORE_REQUIRED_KEY -> {
        loc.add("store_config");
        loc.add("required_keys");
      }
      case STORE_DEFAULT -> {
        loc.add("store_config");
        loc.add("default_values");
        if (text.startsWith("Input should be a valid string") && location.key() != null) {
          loc.add(location.key());
        }
      }
      case TRIGGER -> {
        loc.add("triggers");
        if (location.index() >= 0) {
          loc.add(location.index());
        }
        if (text.equals("Field required")) {
          loc.add("expression");
        } else if (text.startsWith("Input should be 'CRON'")) {
          loc.add("type");
        }
      }
    }
    return loc;
  }

  private static void addNode(List<Object> loc, int node, String field) {
    loc.add("nodes");
    if (node >= 0) {
      loc.add(node);
    }
    loc.add(field);
  }

  private static ArrayNode locNode(List<Object> loc) {
    ArrayNode array = JSON.arrayNode();
    for (Object part : loc) {
      if (part instanceof Integer i) {
        array.add(i);
      } else {
        array.add(part.toString());
      }
    }
    return array;
  }

  /** The value at {@code loc} inside the body ({@code null} when it is not there). */
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

  private static JsonNode at(JsonNode body, List<Object> loc) {
    JsonNode current = body;
    for (int i = 1; i < loc.size() && current != null; i++) {
      Object part = loc.get(i);
      current = part instanceof Integer index ? current.get(index) : current.get(part.toString());
    }
    return current == null ? JSON.nullNode() : current.deepCopy();
  }
}
