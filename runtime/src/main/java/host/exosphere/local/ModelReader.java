package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.PydanticInt;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads one pydantic request model out of a JSON value the way FastAPI validates a request body (lax
 * mode, {@code from_attributes=True}): every field is checked, every problem is collected as a FastAPI
 * error item, and nothing throws until {@link #finish()} (docs/state-manager.md §1.1, §1.2).
 *
 * <p>Getters return {@code null} for a field that failed; callers build their request only after
 * {@link #finish()} found no error.
 */
final class ModelReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode object;
  private final List<Object> loc;
  private final ArrayNode errors;

  private ModelReader(ObjectNode object, List<Object> loc, ArrayNode errors) {
    this.object = object;
    this.loc = loc;
    this.errors = errors;
  }

  /**
   * The reader of a route's body. A missing body (no bytes, or JSON {@code null}) is FastAPI's
   * {@code missing} at {@code ["body"]}; a body that is not an object cannot fill a model.
   */
  static ModelReader body(JsonNode body) {
    ArrayNode errors = NODES.arrayNode();
    List<Object> loc = List.of("body");
    if (body == null || body.isNull()) {
      errors.add(RequestValidationException.item("missing", loc, "Field required", null, null));
      return new ModelReader(null, loc, errors);
    }
    if (!body.isObject()) {
      errors.add(modelAttributesType(loc, body));
      return new ModelReader(null, loc, errors);
    }
    return new ModelReader((ObjectNode) body, loc, errors);
  }

  /**
   * A body the route passes on whole (the graph upsert, whose fields the shared validator checks): here
   * only whether there is one and whether it is an object, with FastAPI's items for both.
   */
  static JsonNode present(JsonNode body) throws RequestValidationException {
    body(body).finish();
    return body;
  }

  /** Throws the collected errors, if any. */
  void finish() throws RequestValidationException {
    if (!errors.isEmpty()) {
      throw new RequestValidationException(errors);
    }
  }

  private static ObjectNode modelAttributesType(List<Object> loc, JsonNode input) {
    return RequestValidationException.item(
        "model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", input, null);
  }

  private List<Object> at(Object... parts) {
    List<Object> out = new ArrayList<>(loc);
    Collections.addAll(out, parts);
    return out;
  }

  private void error(String type, List<Object> where, String msg, JsonNode input) {
    errors.add(RequestValidationException.item(type, where, msg, input, null));
  }

  /** The field's value, or null after recording {@code missing} (the input of that error is the model). */
  private JsonNode required(String field) {
    if (object == null) {
      return null;
    }
    JsonNode value = object.get(field);
    if (value == null) {
      error("missing", at(field), "Field required", object);
    }
    return value;
  }

  /** A required {@code str} field: pydantic does not turn numbers or booleans into strings. */
  String string(String field) {
    JsonNode value = required(field);
    return value == null ? null : string(value, at(field));
  }

  private String string(JsonNode value, List<Object> where) {
    if (!value.isTextual()) {
      error("string_type", where, "Input should be a valid string", value);
      return null;
    }
    return value.textValue();
  }

  /** A required {@code List[str]} field. */
  List<String> stringList(String field) {
    return list(field, this::string);
  }

  /**
   * A required list field whose items {@code item} reads at their own location, reporting its errors;
   * null when the field is absent, not a list, or any item failed (pydantic reports every item).
   */
  private <T> List<T> list(String field, BiFunction<JsonNode, List<Object>, T> item) {
    JsonNode value = required(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      error("list_type", at(field), "Input should be a valid list", value);
      return null;
    }
    List<T> out = new ArrayList<>(value.size());
    int before = errors.size();
    for (int i = 0; i < value.size(); i++) {
      out.add(item.apply(value.get(i), at(field, i)));
    }
    return errors.size() == before ? out : null;
  }

  /** A {@code Dict[str, str]} field; absent means {@code {}} when not required. */
  Map<String, String> stringMap(String field, boolean isRequired) {
    JsonNode value = isRequired ? required(field) : object == null ? null : object.get(field);
    if (value == null) {
      return isRequired || object == null ? null : Map.of();
    }
    if (!value.isObject()) {
      error("dict_type", at(field), "Input should be a valid dictionary", value);
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    boolean ok = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String item = string(entry.getValue(), at(field, entry.getKey()));
      ok &= item != null;
      out.put(entry.getKey(), item);
    }
    return ok ? out : null;
  }

  /** A required {@code dict} (any JSON object) field. */
  ObjectNode dict(String field) {
    JsonNode value = required(field);
    return value == null ? null : dict(value, at(field));
  }

  private ObjectNode dict(JsonNode value, List<Object> where) {
    if (!value.isObject()) {
      error("dict_type", where, "Input should be a valid dictionary", value);
      return null;
    }
    return (ObjectNode) value;
  }

  /** A required {@code List[dict]} field. */
  List<ObjectNode> dictList(String field) {
    return list(field, this::dict);
  }

  /** A required list of nested models, each read by {@code read} with its own location. */
  <T> List<T> modelList(String field, Function<ModelReader, T> read) {
    return list(field, (item, where) -> {
      if (!item.isObject()) {
        errors.add(modelAttributesType(where, item));
        return null;
      }
      return read.apply(new ModelReader((ObjectNode) item, where, errors));
    });
  }

  /** The lower bound of an integer field, with pydantic's error for it. */
  enum Bound {
    NONE,
    /** {@code Field(gt=0)}. */
    GREATER_THAN_ZERO,
    /** {@code Field(ge=0)}. */
    AT_LEAST_ZERO
  }

  /**
   * An {@code int} field in lax mode (integral floats, numeric strings and booleans are accepted),
   * unbounded like Python's int. Absent means {@code defaultValue}; a null default makes it required.
   */
  BigInteger integer(String field, BigInteger defaultValue, Bound bound) {
    JsonNode value;
    if (defaultValue == null) {
      value = required(field);
    } else {
      value = object == null ? null : object.get(field);
      if (value == null) {
        return object == null ? null : defaultValue;
      }
    }
    if (value == null) {
      return null;
    }
    BigInteger number = integerValue(value, at(field));
    if (number == null) {
      return null;
    }
    if (bound == Bound.GREATER_THAN_ZERO && number.signum() <= 0) {
      errors.add(RequestValidationException.item(
          "greater_than", at(field), "Input should be greater than 0", value, NODES.objectNode().put("gt", 0)));
      return null;
    }
    if (bound == Bound.AT_LEAST_ZERO && number.signum() < 0) {
      errors.add(RequestValidationException.item(
          "greater_than_equal", at(field), "Input should be greater than or equal to 0", value,
          NODES.objectNode().put("ge", 0)));
      return null;
    }
    return number;
  }

  /** pydantic's lax {@code int}, read by the one implementation the graph validator uses too. */
  private BigInteger integerValue(JsonNode value, List<Object> where) {
    return integer(PydanticInt.read(value), value, where, errors);
  }

  private static BigInteger integer(PydanticInt.Result read, JsonNode input, List<Object> where, ArrayNode errors) {
    if (!read.ok()) {
      errors.add(RequestValidationException.item(read.type(), where, read.message(), input, null));
    }
    return read.value();
  }

  /** Path parameters are validated by the same rules, with {@code loc ["path", name]}. */
  static BigInteger pathInteger(String name, String raw, ArrayNode errors) {
    return integer(PydanticInt.readText(raw), NODES.textNode(raw), List.of("path", name), errors);
  }
}
