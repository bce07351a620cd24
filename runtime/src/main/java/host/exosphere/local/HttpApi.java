package host.exosphere.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.ModelReader.Bound;
import host.exosphere.local.engine.ApiException;
import host.exosphere.local.engine.LocalEngine;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state manager's HTTP API (docs/state-manager.md §1) in front of a {@link LocalEngine}: a whole request in, a
 * whole answer out ({@link HttpEdge} does the sockets).
 *
 * <p>Every request goes through the real server's layers in the real order (docs/state-manager.md §1.1): request id;
 * routing (404, 405, trailing-slash 307); for routes that take a body, reading it as JSON (a malformed
 * body is a 422 even without an API key); the API key (401 before any validation); path and body
 * validation (422 with FastAPI's items); the controller (the engine). Anything unexpected becomes the
 * generic 500 of the unhandled-exceptions middleware, logged here and never shown to the client.
 */
final class HttpApi {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final LocalEngine engine;
  private final byte[] apiKey;
  private final ObjectMapper mapper;
  private final Router<Endpoint> router;
  private final Cors cors;

  /** What a route needs from the request once it passed routing, JSON reading and the key check. */
  private record Call(Map<String, String> params, JsonNode body) {
    String ns() {
      return params.get("namespace_name");
    }
  }

  @FunctionalInterface
  private interface Handler {
    Object handle(Call call) throws RequestValidationException;
  }

  /**
   * A route's behaviour: whether FastAPI reads a JSON body for it (only routes with a body parameter
   * do), whether it needs the key, and its success status.
   */
  private record Endpoint(boolean readsBody, boolean authenticated, int status, Handler handler, String headerName,
      String headerValue) {
    Endpoint(boolean readsBody, boolean authenticated, int status, Handler handler) {
      this(readsBody, authenticated, status, handler, null, null);
    }
  }

  /**
   * On every enqueue answer: tells a runtime that this server offers {@code states/await}. The real server
   * never sends it, so a runtime talking to the real server never calls anything it does not serve.
   */
  static final String AWAIT_HEADER = "x-exosphere-await";
  /** The longest wait one {@code states/await} call may ask for; the caller simply calls again. */
  static final long MAX_AWAIT_MS = 60_000;

  /** Waits held at once: each holds a thread of the server, and answers must keep flowing beside them. */
  private final Semaphore awaitPermits;

  HttpApi(LocalEngine engine, String apiKey, ObjectMapper mapper, Cors cors, int maxHeldAwaits) {
    this.engine = engine;
    this.awaitPermits = new Semaphore(Math.max(0, maxHeldAwaits));
    this.cors = cors;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    this.mapper = mapper;
    this.router = routes();
  }

  /**
   * The mapper for answers. FastAPI renders with {@code json.dumps(..., allow_nan=False)}, so a NaN or an
   * infinity a client once sent (Python's JSON reader accepts them) and that an answer would echo fails
   * the render: the generic 500, after whatever the controller already stored (docs/state-manager.md §1.1). Jackson
   * would write a bare {@code NaN} instead; the decorator makes it fail the same way.
   */
  static ObjectMapper jsonMapper() {
    JsonFactory factory = JsonFactory.builder()
        .addDecorator((f, generator) -> new JsonGeneratorDelegate(generator, true) {
          @Override
          public void writeNumber(double v) throws IOException {
            if (!Double.isFinite(v)) {
              throw new JsonGenerationException("Out of range float values are not JSON compliant", this);
            }
            super.writeNumber(v);
          }

          @Override
          public void writeNumber(float v) throws IOException {
            if (!Float.isFinite(v)) {
              throw new JsonGenerationException("Out of range float values are not JSON compliant", this);
            }
            super.writeNumber(v);
          }
        })
        .build();
    return new ObjectMapper(factory);
  }

  /** The routes of docs/state-manager.md §1.2, with the exact trailing slashes, plus the embedded-only diagnostics and await. */
  private Router<Endpoint> routes() {
    String ns = "/v0/namespace/{namespace_name}";
    Router<Endpoint> r = new Router<>();
    // FastAPI's documentation routes come first in the app's route table, without a key (§1.1).
    r.addStarlette("GET", "/openapi.json", new Endpoint(false, false, 200, call -> OpenApi.openApiJson()));
    r.addStarlette("GET", "/docs", new Endpoint(false, false, 200, call -> OpenApi.swaggerUi()));
    r.addStarlette("GET", "/docs/oauth2-redirect", new Endpoint(false, false, 200, call -> OpenApi.oauth2Redirect()));
    r.addStarlette("GET", "/redoc", new Endpoint(false, false, 200, call -> OpenApi.redoc()));
    r.add("GET", "/health", new Endpoint(false, false, 200, call -> NODES.objectNode().put("message", "OK")));
    r.add("GET", "/v0/namespaces", get(call -> engine.listNamespaces()));
    r.add("PUT", ns + "/nodes/", post(call -> engine.registerNodes(call.ns(), RequestModels.registerNodes(call.body))));
    r.add("GET", ns + "/nodes/", get(call -> engine.listNodes(call.ns())));
    r.add("PUT", ns + "/graph/{graph_name}",
        new Endpoint(true, true, 201, this::upsertGraph));
    r.add("GET", ns + "/graph/{graph_name}", get(call -> engine.getGraph(call.ns(), call.params.get("graph_name"))));
    r.add("GET", ns + "/graphs/", get(call -> engine.listGraphs(call.ns())));
    r.add("POST", ns + "/graph/{graph_name}/trigger",
        post(call -> engine.trigger(call.ns(), call.params.get("graph_name"), RequestModels.trigger(call.body))));
    r.add("POST", ns + "/states/enqueue", new Endpoint(true, true, 200,
        call -> engine.enqueue(call.ns(), RequestModels.enqueue(call.body)), AWAIT_HEADER, "states/await"));
    // Embedded-only extension, not part of Exosphere's API: waits for a claimable state (see awaitStates).
    r.add("POST", ns + "/states/await", post(this::awaitStates));
    r.add("GET", ns + "/state/{state_id}/secrets", get(call -> engine.secrets(call.ns(), call.params.get("state_id"))));
    r.add("POST", ns + "/state/{state_id}/executed",
        post(call -> engine.executed(call.ns(), call.params.get("state_id"), RequestModels.executed(call.body, mapper))));
    r.add("POST", ns + "/state/{state_id}/errored",
        post(call -> engine.errored(call.ns(), call.params.get("state_id"), RequestModels.errored(call.body))));
    r.add("POST", ns + "/state/{state_id}/prune",
        post(call -> engine.prune(call.ns(), call.params.get("state_id"), RequestModels.prune(call.body, mapper))));
    r.add("POST", ns + "/state/{state_id}/re-enqueue-after",
        post(call -> engine.reEnqueueAfter(call.ns(), call.params.get("state_id"), RequestModels.reEnqueue(call.body))));
    r.add("POST", ns + "/state/{state_id}/manual-retry",
        post(call -> engine.manualRetry(call.ns(), call.params.get("state_id"), RequestModels.manualRetry(call.body))));
    r.add("GET", ns + "/runs/{page}/{size}", get(this::runs));
    r.add("GET", ns + "/states/run/{run_id}/graph", get(call -> engine.graphStructure(call.ns(), call.params.get("run_id"))));
    r.add("GET", ns + "/graph/{graph_name}/run/{run_id}/node/{node_id}",
        get(call -> engine.nodeRunDetails(
            call.ns(), call.params.get("graph_name"), call.params.get("run_id"), call.params.get("node_id"))));
    // Embedded-only extension, not part of Exosphere's API: why a run cannot finish (docs/state-manager.md §4.5, §7).
    // Beside the graph-structure route: under /runs/ it would shadow /runs/{page}/{size}.
    r.add("GET", ns + "/states/run/{run_id}/diagnostics",
        get(call -> engine.runDiagnostics(call.ns(), call.params.get("run_id"))));
    return r;
  }

  private Object upsertGraph(Call call) throws RequestValidationException {
    return engine.upsertGraph(call.ns(), call.params.get("graph_name"), ModelReader.present(call.body));
  }

  private static Endpoint get(Handler handler) {
    return new Endpoint(false, true, 200, handler);
  }

  private static Endpoint post(Handler handler) {
    return new Endpoint(true, true, 200, handler);
  }

  /**
   * {@code {"nodes": [...], "timeout_ms": n, "waiter": "id"}} → {@code {"available": bool}}. When as many
   * waits as allowed are already held, it only looks once and answers: the caller then falls back to
   * polling, and the server's threads stay free for the calls that make progress. The wait blocks its
   * request thread, one of {@link HttpEdge}'s pool, which is why the permits are counted against it.
   */
  private Object awaitStates(Call call) throws RequestValidationException {
    RequestModels.AwaitRequest request = RequestModels.awaitStates(call.body);
    Duration wait = Duration.ofMillis(Math.min(MAX_AWAIT_MS, request.timeoutMs()));
    boolean held = !wait.isZero() && awaitPermits.tryAcquire();
    boolean available;
    try {
      available = engine.awaitStates(call.ns(), request.nodes(), held ? wait : Duration.ZERO, request.waiter());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      available = false;
    } finally {
      if (held) {
        awaitPermits.release();
      }
    }
    return NODES.objectNode().put("available", available);
  }

  private Object runs(Call call) throws RequestValidationException {
    ArrayNode errors = NODES.arrayNode();
    BigInteger page = ModelReader.pathInteger("page", call.params.get("page"), errors);
    BigInteger size = ModelReader.pathInteger("size", call.params.get("size"), errors);
    if (!errors.isEmpty()) {
      throw new RequestValidationException(errors);
    }
    return engine.runs(call.ns(), page, size);
  }

  // ---- the request pipeline ------------------------------------------------------------------------

  /** Answers one request; never throws (whatever goes wrong is the generic 500). */
  ApiReply handle(ApiRequest request) {
    ApiReply reply = new ApiReply();
    String method = request.method();
    String path = request.path();
    if (Cors.isPreflight(method, request.headers())) {
      // The outermost layer answers preflights itself: no routing, no key, no request id.
      Cors.Preflight preflight = cors.preflight(request.headers(), reply);
      return reply.answer(preflight.status(), preflight.body().getBytes(StandardCharsets.UTF_8),
          "text/plain; charset=utf-8");
    }
    String requestId = RequestIds.of(request.header(RequestIds.HEADER));
    long started = System.nanoTime();
    cors.decorate(request.headers(), reply);
    reply.set(RequestIds.HEADER, requestId);
    answer(request, reply, requestId);
    if (log.isDebugEnabled()) {
      log.debug("{} {} -> {} in {} us (request id {})", method, path, reply.status(),
          (System.nanoTime() - started) / 1000, requestId);
    }
    return reply;
  }

  /** Runs the pipeline and serializes its answer; whatever goes wrong on the way is the generic 500. */
  private void answer(ApiRequest request, ApiReply reply, String requestId) {
    String method = request.method();
    String path = request.path();
    try {
      Outcome outcome;
      try {
        outcome = dispatch(request);
      } catch (RequestValidationException e) {
        outcome = Outcome.of(422, detail(e.items()));
      } catch (ApiException e) {
        if (e.unhandled()) {
          log.error("{} {} failed (request id {}): {}", method, path, requestId, e.getMessage());
        }
        outcome = Outcome.of(e.status(), e.body());
      }
      if (outcome.headerName != null) {
        reply.set(outcome.headerName, outcome.headerValue);
      }
      if (outcome.body instanceof OpenApi.Raw raw) {
        reply.answer(outcome.status, raw.body(), raw.contentType());
        return;
      }
      byte[] body = outcome.body == null ? null : mapper.writeValueAsBytes(outcome.body);
      reply.answer(outcome.status, body, "application/json");
    } catch (Exception | StackOverflowError e) {
      log.error("{} {} failed (request id {})", method, path, requestId, e);
      try {
        reply.answer(500, mapper.writeValueAsBytes(ApiException.internalError("unexpected").body()), "application/json");
      } catch (IOException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /** What the pipeline decided, before serialization. */
  private record Outcome(int status, Object body, String headerName, String headerValue) {
    static Outcome of(int status, Object body) {
      return new Outcome(status, body, null, null);
    }
  }

  private Outcome dispatch(ApiRequest request) throws Exception {
    Router.Match<Endpoint> match = router.match(request.method(), request.path());
    if (match instanceof Router.NotFound<Endpoint>) {
      return Outcome.of(404, detail(NODES.textNode("Not Found")));
    }
    if (match instanceof Router.MethodNotAllowed<Endpoint> notAllowed) {
      return new Outcome(405, detail(NODES.textNode("Method Not Allowed")), "Allow",
          String.join(", ", new TreeSet<>(notAllowed.allowed())));
    }
    if (match instanceof Router.Redirect<Endpoint> redirect) {
      return new Outcome(307, null, "Location", redirectUrl(request, redirect.path()));
    }
    Router.Found<Endpoint> found = (Router.Found<Endpoint>) match;
    Endpoint endpoint = found.route().handler();
    JsonNode body = endpoint.readsBody ? readBody(request) : null;
    if (endpoint.authenticated && !keyMatches(request.header("x-api-key"))) {
      return Outcome.of(401, detail(NODES.textNode("Invalid API key")));
    }
    Object answer = endpoint.handler.handle(new Call(found.params(), body));
    return new Outcome(endpoint.status, answer, endpoint.headerName, endpoint.headerValue);
  }

  private static ObjectNode detail(JsonNode detail) {
    ObjectNode body = NODES.objectNode();
    body.set("detail", detail);
    return body;
  }

  /**
   * FastAPI's body reading: no bytes means no body (a later "Field required"); a JSON content type, or
   * none, is parsed as JSON; any other content type hands the raw text to validation, which rejects it.
   */
  private static JsonNode readBody(ApiRequest request) throws RequestValidationException, ApiException {
    byte[] raw = request.body();
    if (raw.length == 0) {
      return null;
    }
    String contentType = request.header("content-type");
    if (contentType != null && !contentType.isEmpty() && !isJson(contentType)) {
      return NODES.textNode(new String(raw, StandardCharsets.UTF_8));
    }
    try {
      return PythonJsonDecoder.decode(raw);
    } catch (PythonJsonDecoder.DecodeException e) {
      throw RequestValidationException.jsonInvalid(e);
    } catch (PythonJsonDecoder.UnreadableException e) {
      throw new ApiException(400, "There was an error parsing the body");
    }
  }

  /** {@code application/json} or {@code application/*+json}, parameters ignored (FastAPI's test). */
  static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    int slash = type.indexOf('/');
    if (slash < 0 || type.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    String sub = type.substring(slash + 1);
    return type.substring(0, slash).equals("application") && (sub.equals("json") || sub.endsWith("+json"));
  }

  /** Exact, case- and whitespace-sensitive, in constant time; an empty header counts as none. */
  private boolean keyMatches(String provided) {
    if (provided == null || provided.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(provided.getBytes(StandardCharsets.UTF_8), apiKey);
  }

  /** Starlette builds the target from the Host header, the toggled path and the query string. */
  private static String redirectUrl(ApiRequest request, String path) {
    String host = request.header("Host");
    if (host == null || host.isEmpty()) {
      host = request.localAuthority();
    }
    String query = request.rawQuery();
    try {
      String encodedPath = new URI(null, null, path, null).getRawPath();
      return "http://" + host + encodedPath + (query == null ? "" : "?" + query);
    } catch (URISyntaxException e) {
      return "http://" + host + path;
    }
  }
}
