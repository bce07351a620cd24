package host.exosphere.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.GraphJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the client: request bodies are built as trees (field order as the Python SDK writes them) and
 * responses are read field by field into records, so an unexpected body gives a message naming the
 * call and the field instead of a data-binding stack trace.
 */
final class ClientJson {
  /** The project's configured mapper (bounded depth and size), shared with the graph package. */
  static final ObjectMapper MAPPER = GraphJson.mapper();

  private ClientJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static String write(JsonNode body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; reaching this is a bug here, not bad input.
      throw new IllegalStateException("Could not write a request body", e);
    }
  }

  /** A body of plain values (maps, lists, strings), written without building a tree first. */
  static String writeValue(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // Maps and lists of strings always serialise; a null key or a stranger value is the caller's bug.
      throw new IllegalArgumentException("Could not write a request body: " + e.getOriginalMessage(), e);
    }
  }

  /** The parsed body of a 2xx answer, with accessors that fail with the call's name. */
  static Answer read(HttpTransport.Call call, HttpTransport.Response response) {
    JsonNode root;
    try {
      root = MAPPER.readTree(response.body() == null ? "" : response.body());
    } catch (JsonProcessingException e) {
      StateManagerException failure = new StateManagerException(call.label() + " answered " + response.status()
          + why(e), response.status(), null);
      failure.initCause(e);
      throw failure;
    }
    if (root == null || root.isMissingNode()) {
      throw new StateManagerException(
          call.label() + " answered " + response.status() + " with an empty body", response.status(), null);
    }
    return new Answer(call.label(), response.status(), root);
  }

  /**
   * Why a body could not be read: a reading limit in the parser's own words (a bare "not JSON" once hid a
   * large but valid answer), a syntax error by its position only, since its message quotes the body,
   * which may hold secret values.
   */
  private static String why(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return " with a body beyond the client's reading limits: " + e.getOriginalMessage();
    }
    JsonLocation where = e.getLocation();
    return " with a body that is not JSON" + (where == null ? "" : " (at line " + where.getLineNr() + ", column "
        + where.getColumnNr() + ")");
  }

  /** One response body being read. */
  static final class Answer {
    private final String label;
    private final int status;
    private final JsonNode root;

    Answer(String label, int status, JsonNode root) {
      this.label = label;
      this.status = status;
      this.root = root;
    }

    JsonNode root() {
      return root;
    }

    Answer at(JsonNode node) {
      return new Answer(label, status, node);
    }

    /** A field the contract says is always there. */
    JsonNode required(String field) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        throw unexpected("no '" + field + "'");
      }
      return value;
    }

    String text(String field) {
      JsonNode value = required(field);
      return value.isTextual() ? value.asText() : value.toString();
    }

    /** A text field that may be absent or null. */
    String optionalText(String field) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      return value.isTextual() ? value.asText() : value.toString();
    }

    long number(String field) {
      JsonNode value = required(field);
      if (!value.canConvertToLong()) {
        throw unexpected("'" + field + "' is not a whole number");
      }
      return value.asLong();
    }

    int integer(String field) {
      return Math.toIntExact(number(field));
    }

    boolean bool(String field) {
      JsonNode value = required(field);
      if (!value.isBoolean()) {
        throw unexpected("'" + field + "' is not true/false");
      }
      return value.asBoolean();
    }

    List<JsonNode> array(String field) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw unexpected("'" + field + "' is not a list");
      }
      List<JsonNode> items = new ArrayList<>();
      value.forEach(items::add);
      return items;
    }

    List<String> strings(String field) {
      List<String> values = new ArrayList<>();
      for (JsonNode item : array(field)) {
        values.add(item.isTextual() ? item.asText() : item.toString());
      }
      return values;
    }

    /** An object of strings; a non-string value is kept as its JSON text rather than dropped. */
    Map<String, String> stringMap(String field) {
      Map<String, String> values = new LinkedHashMap<>();
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        return values;
      }
      if (!value.isObject()) {
        throw unexpected("'" + field + "' is not an object");
      }
      value.fields().forEachRemaining(e -> values.put(
          e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      return values;
    }

    /** An object of arbitrary JSON, as plain Java values (String, Number, Boolean, List, Map, null). */
    Map<String, Object> anyMap(String field) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        return Map.of();
      }
      if (!value.isObject()) {
        throw unexpected("'" + field + "' is not an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = MAPPER.convertValue(value, LinkedHashMap.class);
      return Collections.unmodifiableMap(map);
    }

    StateManagerException unexpected(String what) {
      return new StateManagerException(label + " answered " + status + " with an unexpected body: " + what, status, null);
    }
  }
}
