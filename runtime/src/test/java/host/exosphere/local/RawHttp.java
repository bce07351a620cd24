package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Raw HTTP against a server, deliberately not the project's client: the conformance tests check the wire
 * (statuses, exact bodies, headers) as any client would see it.
 */
final class RawHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();
  private final URI base;
  private final String apiKey;

  RawHttp(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  RawHttp(LocalStateManager server) {
    this(server.uri(), server.apiKey());
  }

  /** An answer: status, headers and the body parsed as JSON (null when empty or not JSON). */
  record Answer(int status, HttpResponse<String> raw, JsonNode json) {
    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    String text() {
      return raw.body();
    }

    /** The {@code detail} as text (a string detail) or JSON (a 422 list). */
    String detail() {
      JsonNode detail = json.get("detail");
      return detail.isTextual() ? detail.textValue() : detail.toString();
    }
  }

  /** A request builder with the key set, for the given method, path and raw body (null for none). */
  HttpRequest.Builder request(String method, String path, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      builder.header("x-api-key", apiKey);
    }
    return builder;
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      boolean isJson = response.headers().firstValue("content-type").orElse("").equals("application/json");
      JsonNode json = text == null || text.isEmpty() || !isJson ? null : JSON.readTree(text);
      return new Answer(response.statusCode(), response, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer call(String method, String path, String body) {
    return send(request(method, path, body));
  }

  Answer get(String path) {
    return call("GET", path, null);
  }

  Answer post(String path, String body) {
    return call("POST", path, body);
  }

  Answer put(String path, String body) {
    return call("PUT", path, body);
  }

  Answer post(String path, JsonNode body) {
    return call("POST", path, body.toString());
  }

  Answer put(String path, JsonNode body) {
    return call("PUT", path, body.toString());
  }

  /** Parses JSON text written with single quotes for readability in tests. */
  static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
