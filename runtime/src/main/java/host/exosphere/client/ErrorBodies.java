package host.exosphere.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code detail} of an error body (docs/state-manager.md §1.1): a string for the controllers' errors, a list
 * of {@code {loc, msg, …}} items for request validation (422).
 */
final class ErrorBodies {
  /** Longest stretch of a non-JSON error body (a proxy's HTML page, say) kept in a message. */
  private static final int MAX_RAW = 300;

  private ErrorBodies() {}

  /** The detail as one text (422 items one per line), or {@code null} when the body is empty. */
  static String detail(String body) {
    List<String> items = items(body);
    return items.isEmpty() ? null : String.join("\n", items);
  }

  /**
   * The detail as separate texts: the string, or one {@code loc: msg} per 422 item (never their
   * {@code input}, which may echo a secret value). A body that is not JSON is kept, shortened.
   */
  static List<String> items(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    JsonNode tree;
    try {
      tree = ClientJson.MAPPER.readTree(body);
    } catch (java.io.IOException notJson) {
      return List.of(shorten(body.strip()));
    }
    JsonNode detail = tree == null ? null : tree.get("detail");
    if (detail == null || detail.isNull()) {
      return List.of(shorten(body.strip()));
    }
    if (detail.isTextual()) {
      return List.of(detail.asText());
    }
    if (detail.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : detail) {
        items.add(renderItem(item));
      }
      return items;
    }
    return List.of(shorten(detail.toString()));
  }

  /** {@code body.nodes.0.identifier: Value error, Node identifier cannot be empty}. */
  static String renderItem(JsonNode item) {
    if (!item.isObject()) {
      return item.isTextual() ? item.asText() : item.toString();
    }
    StringBuilder loc = new StringBuilder();
    for (JsonNode part : item.path("loc")) {
      if (loc.length() > 0) {
        loc.append('.');
      }
      loc.append(part.asText());
    }
    String msg = item.path("msg").asText("");
    return loc.length() == 0 ? msg : loc + ": " + msg;
  }

  private static String shorten(String text) {
    return text.length() <= MAX_RAW ? text : text.substring(0, MAX_RAW) + "…";
  }
}
