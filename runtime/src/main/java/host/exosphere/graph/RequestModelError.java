package host.exosphere.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One problem the state manager's request model (pydantic, behind FastAPI) finds in an upsert body: the
 * data of one item of a 422 {@code detail} list. Readers and rules build these; the HTTP edge writes them
 * as JSON items and a compile error or the conformance corpus shows {@link #text()}, so nothing has to be
 * parsed back out of a message.
 *
 * @param type pydantic's error type: {@code missing}, {@code value_error}, {@code greater_than},
 *     {@code string_type}, {@code model_type}…
 * @param loc where the problem is: {@code "body"}, then field names and map keys (strings) and list
 *     positions ({@link Integer}s)
 * @param msg pydantic's message
 * @param ctx pydantic's context, e.g. {@code {"gt": 0}} or {@code {"expected": "'A' or 'B'"}}; empty when
 *     the type has none
 */
public record RequestModelError(String type, List<Object> loc, String msg, Map<String, Object> ctx) {

  public RequestModelError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(msg, "msg");
    loc = List.copyOf(loc);
    for (Object part : loc) {
      if (!(part instanceof String) && !(part instanceof Integer)) {
        throw new IllegalArgumentException("loc parts are strings or integers: " + loc);
      }
    }
    // Copied in order: pydantic writes ctx keys in a fixed order.
    ctx = Collections.unmodifiableMap(new LinkedHashMap<>(ctx));
  }

  /** The location {@code body.nodes.0.inputs} as a list, strings and integers. */
  static List<Object> at(Object... parts) {
    return List.of(parts);
  }

  /** {@code loc} with {@code more} appended. */
  static List<Object> under(List<Object> loc, Object... more) {
    List<Object> out = new ArrayList<>(loc);
    out.addAll(List.of(more));
    return out;
  }

  static RequestModelError missing(List<Object> loc) {
    return new RequestModelError("missing", loc, "Field required", Map.of());
  }

  /** A custom validator's {@code ValueError}: pydantic prefixes its text and keeps the exception in ctx. */
  static RequestModelError valueError(List<Object> loc, String text) {
    return new RequestModelError("value_error", loc, "Value error, " + text, Map.of("error", Map.of()));
  }

  static RequestModelError greaterThan(List<Object> loc, long bound) {
    return new RequestModelError("greater_than", loc, "Input should be greater than " + bound, Map.of("gt", bound));
  }

  static RequestModelError greaterThanOrEqual(List<Object> loc, long bound) {
    return new RequestModelError("greater_than_equal", loc, "Input should be greater than or equal to " + bound,
        Map.of("ge", bound));
  }

  /** A value outside an enum; {@code expected} is pydantic's list, {@code 'A', 'B' or 'C'}. */
  static RequestModelError notInEnum(List<Object> loc, String expected) {
    return new RequestModelError("enum", loc, "Input should be " + expected, Map.of("expected", expected));
  }

  /** A non-object where a model belongs, as {@code model_validate} words it. */
  static RequestModelError notAModel(List<Object> loc, String className) {
    return new RequestModelError("model_type", loc, "Input should be a valid dictionary or instance of " + className,
        Map.of("class_name", className));
  }

  /** A JSON value of the wrong type: {@code string_type}, {@code list_type}, {@code dict_type}. */
  static RequestModelError wrongType(List<Object> loc, String type, String what) {
    return new RequestModelError(type, loc, "Input should be a valid " + what, Map.of());
  }

  /** {@code loc} joined by dots, a colon, {@code msg}: the line the conformance corpus and compile errors show. */
  public String text() {
    StringBuilder s = new StringBuilder();
    for (Object part : loc) {
      if (s.length() > 0) {
        s.append('.');
      }
      s.append(part);
    }
    return s.append(": ").append(msg).toString();
  }
}
