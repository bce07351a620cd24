package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one pydantic request model out of a JSON value the way FastAPI validates a request body (lax
 * mode, {@code from_attributes=True}): every field is checked, every problem is collected as a FastAPI
 * error item, and nothing throws until {@link #finish()} (contract §1.1, §1.2).
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

  private BigInteger integerValue(JsonNode value, List<Object> where) {
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue();
    }
    if (value.isFloatingPointNumber()) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        error("finite_number", where, "Input should be a finite number", value);
        return null;
      }
      if (d != Math.rint(d)) {
        error("int_from_float", where, "Input should be a valid integer, got a number with a fractional part", value);
        return null;
      }
      // pydantic-core's float_as_int: only floats strictly inside i64's range become ints.
      if (!(d > -0x1p63 && d < 0x1p63)) {
        error("int_parsing_size", where, INT_PARSING_SIZE, value);
        return null;
      }
      return BigInteger.valueOf((long) d);
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? BigInteger.ONE : BigInteger.ZERO;
    }
    if (value.isTextual()) {
      return textInteger(value.textValue(), value, where, errors);
    }
    error("int_type", where, "Input should be a valid integer", value);
    return null;
  }

  private static final String INT_PARSING_SIZE = "Unable to parse input string as an integer, exceeded maximum size";
  private static final Pattern JSON_INT = Pattern.compile("-?(0|[1-9][0-9]*)");

  /**
   * pydantic-core's {@code str_as_int}: the text as a strict JSON integer (more than 4300 digits is
   * {@code int_parsing_size}); else cleaned as Python's {@code int()} would read it (surrounding
   * whitespace, a leading {@code +}, leading zeros, a {@code .0} fraction, underscores between digits)
   * and parsed again; else {@code int_parsing}.
   */
  private static BigInteger textInteger(String text, JsonNode input, List<Object> where, ArrayNode errors) {
    if (JSON_INT.matcher(text).matches()) {
      if (text.length() - (text.startsWith("-") ? 1 : 0) > 4300) {
        errors.add(RequestValidationException.item("int_parsing_size", where, INT_PARSING_SIZE, input, null));
        return null;
      }
      return new BigInteger(text);
    }
    String cleaned = cleanIntText(text);
    if (cleaned != null && JSON_INT.matcher(cleaned).matches()
        && cleaned.length() - (cleaned.startsWith("-") ? 1 : 0) <= 4300) {
      return new BigInteger(cleaned);
    }
    errors.add(RequestValidationException.item(
        "int_parsing", where, "Input should be a valid integer, unable to parse string as an integer", input, null));
    return null;
  }

  /** pydantic-core's {@code clean_int_str}; null when nothing could be cleaned. */
  static String cleanIntText(String original) {
    String s = original.strip();
    if (s.startsWith("+")) {
      if (s.startsWith("+-")) {
        return null;
      }
      s = s.substring(1);
    }
    boolean negative = false;
    if (s.startsWith("-")) {
      if (s.startsWith("--") || s.startsWith("-+")) {
        return null;
      }
      negative = true;
      s = s.substring(1);
    }
    s = stripLeadingZeros(s);
    if (s == null) {
      return null;
    }
    int dot = s.indexOf('.');
    if (dot >= 0) {
      String fraction = s.substring(dot + 1);
      if (!fraction.isEmpty() && fraction.chars().allMatch(c -> c == '0')) {
        s = s.substring(0, dot);
      }
    }
    String sign = negative ? "-" : "";
    if (!s.startsWith("_") && !s.endsWith("_") && s.contains("_") && !s.contains("__")) {
      return sign + s.replace("_", "");
    }
    if (original.length() == s.length()) {
      return null;
    }
    return sign + s;
  }

  private static String stripLeadingZeros(String s) {
    if (s.isEmpty()) {
      return null;
    }
    char first = s.charAt(0);
    if (first != '0') {
      return (first >= '1' && first <= '9') || first == '-' ? s : null;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '0' || c == '_') {
        continue;
      }
      if ((c >= '1' && c <= '9') || c == '-') {
        return s.substring(i);
      }
      return c == '.' ? s.substring(i - 1) : null;
    }
    return s.substring(s.length() - 1);
  }

  /** Path parameters are validated by the same rules, with {@code loc ["path", name]}. */
  static BigInteger pathInteger(String name, String raw, ArrayNode errors) {
    return textInteger(raw, NODES.textNode(raw), List.of("path", name), errors);
  }
}
