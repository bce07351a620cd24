package host.exosphere.local;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The real server's CORS layer (docs/state-manager.md §1.1: Starlette's {@code CORSMiddleware}, outermost): a
 * browser dashboard on one of the allowed origins may call the API with credentials and read the
 * request id.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * answered here, before routing, the key check and the request id: 200 {@code OK} or 400
 * {@code Disallowed CORS origin, method, headers}, as plain text. Any other request carrying an
 * {@code Origin} gets the CORS headers added to its answer.
 */
final class Cors {
  /** The server's defaults when {@code CORS_ORIGINS} is not set. */
  static final List<String> DEFAULT_ORIGINS = List.of(
      "http://localhost:3000", "http://localhost:3001", "http://127.0.0.1:3000", "http://127.0.0.1:3001");

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
  /**
   * The server's {@code allow_headers} ({@code state-manager/app/config/cors.py}) with Starlette's
   * always-safe ones, in Starlette's order: {@code sorted()}, i.e. by code point.
   */
  private static final List<String> HEADERS = List.of("Accept", "Accept-Language", "Authorization",
      "Content-Language", "Content-Type", "X-API-Key", "X-Exosphere-Request-ID", "X-Requested-With");

  private final Set<String> origins;
  /** {@code "*"} among the origins: every origin is allowed (and, with credentials, echoed). */
  private final boolean allowAll;
  private final Set<String> allowedHeadersLower = new TreeSet<>();

  Cors(List<String> origins) {
    this.origins = Set.copyOf(origins);
    this.allowAll = origins.contains("*");
    HEADERS.forEach(h -> allowedHeadersLower.add(h.toLowerCase(Locale.ROOT)));
  }

  private boolean allowed(String origin) {
    return allowAll || origins.contains(origin);
  }

  static boolean isPreflight(String method, Headers request) {
    return method.equals("OPTIONS") && request.getFirst("Origin") != null
        && request.getFirst("Access-Control-Request-Method") != null;
  }

  /** A preflight's answer: its status, plain-text body and headers. */
  record Preflight(int status, String body) {}

  Preflight preflight(Headers request, Headers response) {
    String origin = request.getFirst("Origin");
    response.set("Access-Control-Allow-Methods", String.join(", ", METHODS));
    response.set("Access-Control-Max-Age", "600");
    response.set("Access-Control-Allow-Credentials", "true");
    response.set("Access-Control-Allow-Headers", String.join(", ", HEADERS));
    response.set("Vary", "Origin");
    List<String> failures = new ArrayList<>();
    if (allowed(origin)) {
      response.set("Access-Control-Allow-Origin", origin);
    } else {
      failures.add("origin");
    }
    if (!METHODS.contains(request.getFirst("Access-Control-Request-Method"))) {
      failures.add("method");
    }
    String requested = request.getFirst("Access-Control-Request-Headers");
    if (requested != null) {
      // Python's split keeps empty pieces ("a," has two), and an empty name is not an allowed header.
      for (String header : requested.split(",", -1)) {
        if (!allowedHeadersLower.contains(header.strip().toLowerCase(Locale.ROOT))) {
          failures.add("headers");
          break;
        }
      }
    }
    return failures.isEmpty() ? new Preflight(200, "OK") : new Preflight(400, "Disallowed CORS " + String.join(", ", failures));
  }

  /** Headers for an ordinary answer to a request that carries an {@code Origin}. */
  void decorate(Headers request, Headers response) {
    String origin = request.getFirst("Origin");
    if (origin == null) {
      return;
    }
    response.set("Access-Control-Allow-Credentials", "true");
    response.set("Access-Control-Expose-Headers", "X-Exosphere-Request-ID");
    if (allowAll) {
      // Starlette answers "*" unless the request carries cookies, whose answer must name the origin.
      if (request.getFirst("Cookie") == null) {
        response.set("Access-Control-Allow-Origin", "*");
      } else {
        response.set("Access-Control-Allow-Origin", origin);
        response.add("Vary", "Origin");
      }
    } else if (origins.contains(origin)) {
      response.set("Access-Control-Allow-Origin", origin);
      response.add("Vary", "Origin");
    }
  }
}
