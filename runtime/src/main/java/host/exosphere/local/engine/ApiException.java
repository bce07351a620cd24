package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * A documented non-2xx answer of the state manager: its HTTP status and its response body.
 *
 * <p>Controllers of the real server raise {@code HTTPException(status, detail)}, answered as
 * {@code {"detail": <detail>}}; the detail is a string, except for the FastAPI request-validation
 * answers (422), whose detail is a list of error objects. Unhandled errors become the middleware's
 * 500 body {@code {"success": false, "detail": "internal server error, ..."}} (docs/state-manager.md §1.1), built by
 * {@link #internalError(String)}. The message of this exception never contains secret values.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The text of the unhandled-exceptions middleware (docs/state-manager.md §1.1). */
  public static final String INTERNAL_ERROR_DETAIL =
      "internal server error, please reach out to support team at nivedit@exosphere.host";

  private final int status;
  private final transient JsonNode detail;
  private final boolean unhandled;

  private ApiException(int status, JsonNode detail, boolean unhandled, String reason) {
    super(status + ": " + (reason != null ? reason : detail.isTextual() ? detail.asText() : detail.toString()));
    this.status = status;
    this.detail = detail;
    this.unhandled = unhandled;
  }

  /** An {@code HTTPException(status, detail)} with a string detail. */
  public ApiException(int status, String detail) {
    this(status, TextNode.valueOf(Objects.requireNonNull(detail, "detail")), false, null);
  }

  /** An answer whose {@code detail} is a JSON value (the FastAPI 422 list). */
  public ApiException(int status, JsonNode detail) {
    this(status, Objects.requireNonNull(detail, "detail").deepCopy(), false, null);
  }

  /**
   * The generic 500 of the unhandled-exceptions middleware. {@code reason} says what really happened;
   * it goes to the exception message (for logs), never to the response body.
   */
  public static ApiException internalError(String reason) {
    return new ApiException(500, TextNode.valueOf(INTERNAL_ERROR_DETAIL), true, reason);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The {@code detail} value: a string, or a list for FastAPI validation errors. */
  public JsonNode detail() {
    return detail.deepCopy();
  }

  /** True for the middleware's generic 500, whose body also carries {@code "success": false}. */
  public boolean unhandled() {
    return unhandled;
  }

  /** The exact response body. */
  public ObjectNode body() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (unhandled) {
      body.put("success", false);
    }
    body.set("detail", detail.deepCopy());
    return body;
  }
}
