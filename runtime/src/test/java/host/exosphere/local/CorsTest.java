package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.RawHttp.Answer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CORS layer of docs/state-manager.md §1.1, as Starlette's CORSMiddleware answers it. */
class CorsTest {
  @RegisterExtension
  static final LocalStateManagerExtension SERVER = LocalStateManagerExtension.using(
      () -> LocalStateManager.builder().corsOrigins(List.of("http://dash.example:3000")));

  private static Answer preflight(RawHttp http, String origin, String method, String headers) {
    var request = http.request("OPTIONS", "/v0/namespace/ns/graph/g", null)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method);
    if (headers != null) {
      request.header("Access-Control-Request-Headers", headers);
    }
    return http.send(request);
  }

  @Test
  void anAllowedPreflightIsAnsweredBeforeRoutingAndTheKey(LocalStateManager server) {
    RawHttp anonymous = new RawHttp(server.uri(), null);
    Answer answer = preflight(anonymous, "http://dash.example:3000", "PUT", "x-api-key, Content-Type");
    assertEquals(200, answer.status());
    assertEquals("OK", answer.text());
    assertEquals("http://dash.example:3000", answer.header("access-control-allow-origin").orElseThrow());
    assertEquals("true", answer.header("access-control-allow-credentials").orElseThrow());
    assertEquals("GET, POST, PUT, DELETE, OPTIONS, PATCH", answer.header("access-control-allow-methods").orElseThrow());
    assertEquals("Accept, Accept-Language, Authorization, Content-Language, Content-Type, X-API-Key, "
        + "X-Exosphere-Request-ID, X-Requested-With", answer.header("access-control-allow-headers").orElseThrow());
    assertEquals(200, preflight(anonymous, "http://dash.example:3000", "POST", "authorization,X-Requested-With").status());
    assertEquals("Disallowed CORS headers",
        preflight(anonymous, "http://dash.example:3000", "POST", "x-api-key,").text(), "an empty name is refused");
    assertFalse(answer.header("x-exosphere-request-id").isPresent(), "the request-id layer is inside CORS");
  }

  @Test
  void aDisallowedPreflightSaysWhatWasRefused(LocalStateManager server) {
    RawHttp anonymous = new RawHttp(server.uri(), null);
    Answer answer = preflight(anonymous, "http://evil.example", "TRACE", "x-unknown");
    assertEquals(400, answer.status());
    assertEquals("Disallowed CORS origin, method, headers", answer.text());
    assertFalse(answer.header("access-control-allow-origin").isPresent());
  }

  @Test
  void ordinaryAnswersToAnAllowedOriginCarryTheCorsHeaders(LocalStateManager server) {
    RawHttp http = new RawHttp(server);
    Answer allowed = http.send(http.request("GET", "/v0/namespace/ns/nodes/", null).header("Origin", "http://dash.example:3000"));
    assertEquals(200, allowed.status());
    assertEquals("http://dash.example:3000", allowed.header("access-control-allow-origin").orElseThrow());
    assertEquals("X-Exosphere-Request-ID", allowed.header("access-control-expose-headers").orElseThrow());
    Answer other = http.send(http.request("GET", "/v0/namespace/ns/nodes/", null).header("Origin", "http://evil.example"));
    assertEquals(200, other.status(), "CORS never blocks the server side; the browser does");
    assertFalse(other.header("access-control-allow-origin").isPresent());
  }

  @Test
  void aWildcardOriginAllowsEveryOrigin() {
    try (LocalStateManager server = LocalStateManager.builder().corsOrigins(List.of("*")).scheduleCron(false).start()) {
      RawHttp http = new RawHttp(server);
      Answer pre = preflight(http, "http://any.example", "GET", null);
      assertEquals(200, pre.status());
      assertEquals("http://any.example", pre.header("access-control-allow-origin").orElseThrow(),
          "with credentials allowed, a preflight names the origin");
      Answer plain = http.send(http.request("GET", "/health", null).header("Origin", "http://any.example"));
      assertEquals("*", plain.header("access-control-allow-origin").orElseThrow());
      Answer withCookie = http.send(http.request("GET", "/health", null).header("Origin", "http://any.example")
          .header("Cookie", "a=b"));
      assertEquals("http://any.example", withCookie.header("access-control-allow-origin").orElseThrow());
    }
  }
}
