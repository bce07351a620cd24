package host.exosphere.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import host.exosphere.local.ModelReader.Bound;
import host.exosphere.local.engine.ApiException;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.ManualRetryRequest;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineRequests.ReEnqueueRequest;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.LocalEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state manager's HTTP API (docs/state-manager.md §1) in front of a {@link LocalEngine}, on the JDK's
 * {@code com.sun.net.httpserver}.
 *
 * <p>Every request goes through the real server's layers in the real order (docs/state-manager.md §1.1): request id;
 * routing (404, 405, trailing-slash 307); for routes that take a body, reading it as JSON (a malformed
 * body is a 422 even without an API key); the API key (401 before any validation); path and body
 * validation (422 with FastAPI's items); the controller (the engine). Anything unexpected becomes the
 * generic 500 of the unhandled-exceptions middleware, logged here and never shown to the client.
 */
final class HttpApi implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String REQUEST_ID = "x-exosphere-request-id";
  private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {};

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

  /** The routes of docs/state-manager.md §1.2, with the exact trailing slashes, plus the embedded-only diagnostics. */
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
    r.add("PUT", ns + "/nodes/", post(call -> engine.registerNodes(call.ns(), registerNodes(call.body))));
    r.add("GET", ns + "/nodes/", get(call -> engine.listNodes(call.ns())));
    r.add("PUT", ns + "/graph/{graph_name}",
        new Endpoint(true, true, 201, this::upsertGraph));
    r.add("GET", ns + "/graph/{graph_name}", get(call -> engine.getGraph(call.ns(), call.params.get("graph_name"))));
    r.add("GET", ns + "/graphs/", get(call -> engine.listGraphs(call.ns())));
    r.add("POST", ns + "/graph/{graph_name}/trigger",
        post(call -> engine.trigger(call.ns(), call.params.get("graph_name"), trigger(call.body))));
    r.add("POST", ns + "/states/enqueue", new Endpoint(true, true, 200,
        call -> engine.enqueue(call.ns(), enqueue(call.body)), AWAIT_HEADER, "states/await"));
    // Embedded-only extension, not part of Exosphere's API: waits for a claimable state (see awaitStates).
    r.add("POST", ns + "/states/await", post(this::awaitStates));
    r.add("GET", ns + "/state/{state_id}/secrets", get(call -> engine.secrets(call.ns(), call.params.get("state_id"))));
    r.add("POST", ns + "/state/{state_id}/executed",
        post(call -> engine.executed(call.ns(), call.params.get("state_id"), executed(call.body))));
    r.add("POST", ns + "/state/{state_id}/errored",
        post(call -> engine.errored(call.ns(), call.params.get("state_id"), errored(call.body))));
    r.add("POST", ns + "/state/{state_id}/prune",
        post(call -> engine.prune(call.ns(), call.params.get("state_id"), prune(call.body))));
    r.add("POST", ns + "/state/{state_id}/re-enqueue-after",
        post(call -> engine.reEnqueueAfter(call.ns(), call.params.get("state_id"), reEnqueue(call.body))));
    r.add("POST", ns + "/state/{state_id}/manual-retry",
        post(call -> engine.manualRetry(call.ns(), call.params.get("state_id"), manualRetry(call.body))));
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

  /**
   * The shared reader words a non-object where a model belongs as {@code model_validate} does
   * ({@code model_type}); FastAPI validates bodies with {@code from_attributes=True}, which says
   * {@code model_attributes_type} instead, so the HTTP answer is reworded here.
   */
  private Object upsertGraph(Call call) throws RequestValidationException {
    JsonNode body = ModelReader.present(call.body);
    try {
      return engine.upsertGraph(call.ns(), call.params.get("graph_name"), body);
    } catch (ApiException e) {
      JsonNode detail = e.detail();
      if (e.status() != 422 || !detail.isArray()) {
        throw e;
      }
      ArrayNode items = NODES.arrayNode();
      for (JsonNode item : detail) {
        if ("model_type".equals(item.path("type").textValue())) {
          List<Object> loc = new ArrayList<>();
          item.get("loc").forEach(part -> loc.add(part.isInt() ? (Object) part.intValue() : part.asText()));
          items.add(RequestValidationException.item("model_attributes_type", loc,
              "Input should be a valid dictionary or object to extract fields from", item.get("input"), null));
        } else {
          items.add(item);
        }
      }
      throw new RequestValidationException(items);
    }
  }

  private static Endpoint get(Handler handler) {
    return new Endpoint(false, true, 200, handler);
  }

  private static Endpoint post(Handler handler) {
    return new Endpoint(true, true, 200, handler);
  }

  // ---- request models (docs/state-manager.md §1.2) ------------------------------------------------------------

  private static RegisterNodesRequest registerNodes(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    String runtimeName = model.string("runtime_name");
    List<NodeBody> nodes = model.modelList("nodes", node -> {
      String name = node.string("name");
      ObjectNode inputs = node.dict("inputs_schema");
      ObjectNode outputs = node.dict("outputs_schema");
      List<String> secrets = node.stringList("secrets");
      boolean complete = name != null && inputs != null && outputs != null && secrets != null;
      return complete ? new NodeBody(name, inputs, outputs, secrets) : null;
    });
    model.finish();
    return new RegisterNodesRequest(runtimeName, nodes);
  }

  private static TriggerRequestBody trigger(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    Map<String, String> inputs = model.stringMap("inputs", false);
    Map<String, String> store = model.stringMap("store", false);
    BigInteger startDelay = model.integer("start_delay", BigInteger.ZERO, Bound.AT_LEAST_ZERO);
    model.finish();
    return new TriggerRequestBody(inputs, store, int64(startDelay));
  }

  private static EnqueueRequest enqueue(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    List<String> nodes = model.stringList("nodes");
    BigInteger batchSize = model.integer("batch_size", null, Bound.NONE);
    model.finish();
    // No range check upstream (§1.2.9); beyond int the answer is the same as at Integer.MAX_VALUE.
    return new EnqueueRequest(nodes, clampToInt(batchSize));
  }

  /**
   * {@code {"nodes": [...], "timeout_ms": n, "waiter": "id"}} → {@code {"available": bool}}. When as many
   * waits as allowed are already held, it only looks once and answers: the caller then falls back to
   * polling, and the server's threads stay free for the calls that make progress.
   */
  private Object awaitStates(Call call) throws RequestValidationException {
    ModelReader model = ModelReader.body(call.body);
    List<String> nodes = model.stringList("nodes");
    BigInteger timeout = model.integer("timeout_ms", null, Bound.AT_LEAST_ZERO);
    String waiter = model.string("waiter");
    model.finish();
    Duration wait = Duration.ofMillis(Math.min(MAX_AWAIT_MS, int64(timeout)));
    boolean held = !wait.isZero() && awaitPermits.tryAcquire();
    boolean available;
    try {
      available = engine.awaitStates(call.ns(), nodes, held ? wait : Duration.ZERO, waiter);
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

  private ExecutedRequest executed(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    List<ObjectNode> outputs = model.dictList("outputs");
    model.finish();
    List<Map<String, Object>> converted = new ArrayList<>(outputs.size());
    for (ObjectNode output : outputs) {
      converted.add(mapper.convertValue(output, JSON_MAP));
    }
    return new ExecutedRequest(converted);
  }

  private static ErroredRequest errored(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    String error = model.string("error");
    model.finish();
    return new ErroredRequest(error);
  }

  private PruneRequest prune(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    ObjectNode data = model.dict("data");
    model.finish();
    return new PruneRequest(mapper.convertValue(data, JSON_MAP));
  }

  private static ReEnqueueRequest reEnqueue(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    BigInteger delay = model.integer("enqueue_after", null, Bound.GREATER_THAN_ZERO);
    model.finish();
    return new ReEnqueueRequest(int64(delay));
  }

  private static ManualRetryRequest manualRetry(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    String fanoutId = model.string("fanout_id");
    model.finish();
    return new ManualRetryRequest(fanoutId);
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

  /**
   * Python ints are unbounded but Mongo stores 64 bits: a delay that large makes the controller's final
   * write fail (the generic 500) only after every check before it passed (404, 400, ...). Saturating keeps
   * that order: the engine's overflow check on {@code now + delay} then fails at the same point.
   */
  private static long int64(BigInteger value) {
    return value.bitLength() >= 64 ? Long.MAX_VALUE : value.longValue();
  }

  private static int clampToInt(BigInteger value) {
    if (value.bitLength() >= 32) {
      return value.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }
    return value.intValue();
  }

  // ---- the request pipeline ------------------------------------------------------------------------

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = requestId(exchange.getRequestHeaders().getFirst(REQUEST_ID));
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    long started = System.nanoTime();
    int status = 0;
    try (exchange) {
      if (Cors.isPreflight(method, exchange.getRequestHeaders())) {
        // The outermost layer answers preflights itself: no routing, no key, no request id.
        Cors.Preflight preflight = cors.preflight(exchange.getRequestHeaders(), exchange.getResponseHeaders());
        status = preflight.status();
        byte[] text = preflight.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, text.length);
        exchange.getResponseBody().write(text);
        return;
      }
      cors.decorate(exchange.getRequestHeaders(), exchange.getResponseHeaders());
      exchange.getResponseHeaders().set(REQUEST_ID, requestId);
      Reply reply = answer(exchange, method, path, requestId);
      status = reply.status;
      send(exchange, method, reply);
    } catch (IOException e) {
      // The client went away mid-answer; nothing left to tell it.
      log.debug("{} {}: could not send the answer (request id {}): {}", method, path, requestId, e.toString());
    } finally {
      if (log.isDebugEnabled()) {
        log.debug("{} {} -> {} in {} us (request id {})", method, path, status,
            (System.nanoTime() - started) / 1000, requestId);
      }
    }
  }

  /** A response: status, serialized body (null for none) and its type, optional extra header. */
  private record Reply(int status, byte[] body, String contentType, String headerName, String headerValue) {
    Reply(int status, byte[] body, String headerName, String headerValue) {
      this(status, body, "application/json", headerName, headerValue);
    }
  }

  /** Runs the pipeline and serializes its answer; whatever goes wrong on the way is the generic 500. */
  private Reply answer(HttpExchange exchange, String method, String path, String requestId) {
    try {
      Outcome outcome;
      try {
        outcome = dispatch(exchange, method, path);
      } catch (RequestValidationException e) {
        outcome = Outcome.of(422, detail(e.items()));
      } catch (ApiException e) {
        if (e.unhandled()) {
          log.error("{} {} failed (request id {}): {}", method, path, requestId, e.getMessage());
        }
        outcome = Outcome.of(e.status(), e.body());
      }
      if (outcome.body instanceof OpenApi.Raw raw) {
        return new Reply(outcome.status, raw.body(), raw.contentType(), outcome.headerName, outcome.headerValue);
      }
      byte[] body = outcome.body == null ? null : mapper.writeValueAsBytes(outcome.body);
      return new Reply(outcome.status, body, outcome.headerName, outcome.headerValue);
    } catch (Exception | StackOverflowError e) {
      log.error("{} {} failed (request id {})", method, path, requestId, e);
      try {
        return new Reply(500, mapper.writeValueAsBytes(ApiException.internalError("unexpected").body()), null, null);
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

  private Outcome dispatch(HttpExchange exchange, String method, String path) throws Exception {
    Router.Match<Endpoint> match = router.match(method, path);
    if (match instanceof Router.NotFound<Endpoint>) {
      return Outcome.of(404, detail(NODES.textNode("Not Found")));
    }
    if (match instanceof Router.MethodNotAllowed<Endpoint> notAllowed) {
      return new Outcome(405, detail(NODES.textNode("Method Not Allowed")), "Allow",
          String.join(", ", new TreeSet<>(notAllowed.allowed())));
    }
    if (match instanceof Router.Redirect<Endpoint> redirect) {
      return new Outcome(307, null, "Location", redirectUrl(exchange, redirect.path()));
    }
    Router.Found<Endpoint> found = (Router.Found<Endpoint>) match;
    Endpoint endpoint = found.route().handler();
    JsonNode body = endpoint.readsBody ? readBody(exchange) : null;
    if (endpoint.authenticated && !keyMatches(exchange.getRequestHeaders().getFirst("x-api-key"))) {
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
  private static JsonNode readBody(HttpExchange exchange) throws IOException, RequestValidationException, ApiException {
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = readAll(in, exchange.getRequestHeaders().getFirst("content-length"));
    }
    if (raw.length == 0) {
      return null;
    }
    String contentType = exchange.getRequestHeaders().getFirst("content-type");
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

  /**
   * The whole body. With a Content-Length (the JDK server has already checked it and stops the stream
   * there) it is read into an array of that size: {@code readAllBytes} would allocate and clear 8 KiB
   * buffers for every small request. A chunked body, or a length too big for one array, goes the
   * general way.
   */
  private static byte[] readAll(InputStream in, String contentLength) throws IOException {
    long length;
    try {
      length = contentLength == null ? -1 : Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0 || length > 1 << 20) {
      return in.readAllBytes();
    }
    byte[] raw = new byte[(int) length];
    int read = in.readNBytes(raw, 0, raw.length);
    if (read < raw.length) {
      return java.util.Arrays.copyOf(raw, read);
    }
    // The JDK's stream ends at the length; should anything follow anyway, it is kept as readAllBytes would.
    int next = in.read();
    if (next < 0) {
      return raw;
    }
    byte[] more = in.readAllBytes();
    byte[] all = java.util.Arrays.copyOf(raw, raw.length + 1 + more.length);
    all[raw.length] = (byte) next;
    System.arraycopy(more, 0, all, raw.length + 1, more.length);
    return all;
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

  /** The caller's id when Python's {@code uuid.UUID()} would accept it, else a fresh UUID4. */
  static String requestId(String header) {
    if (isCanonicalUuid(header)) {
      // What every SDK sends; the general check below would accept it too, with more work.
      return header;
    }
    if (header != null && !header.isEmpty()) {
      String hex = header.replace("urn:", "").replace("uuid:", "");
      int from = 0;
      int to = hex.length();
      while (from < to && (hex.charAt(from) == '{' || hex.charAt(from) == '}')) {
        from++;
      }
      while (to > from && (hex.charAt(to - 1) == '{' || hex.charAt(to - 1) == '}')) {
        to--;
      }
      if (HEX32.matcher(hex.substring(from, to).replace("-", "")).matches()) {
        return header;
      }
    }
    return randomUuid4();
  }

  /** {@code 8-4-4-4-12} hex digits, as {@code str(uuid.uuid4())} and {@code UUID.toString()} write them. */
  private static boolean isCanonicalUuid(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * A version-4 UUID from a thread-local generator: a request id only correlates log lines, and
   * {@code UUID.randomUUID()} would serialize every request on one shared SecureRandom.
   */
  static String randomUuid4() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** Starlette builds the target from the Host header, the toggled path and the query string. */
  private static String redirectUrl(HttpExchange exchange, String path) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || host.isEmpty()) {
      host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
    }
    String query = exchange.getRequestURI().getRawQuery();
    try {
      String encodedPath = new URI(null, null, path, null).getRawPath();
      return "http://" + host + encodedPath + (query == null ? "" : "?" + query);
    } catch (URISyntaxException e) {
      return "http://" + host + path;
    }
  }

  private static void send(HttpExchange exchange, String method, Reply reply) throws IOException {
    if (reply.headerName != null) {
      exchange.getResponseHeaders().set(reply.headerName, reply.headerValue);
    }
    if (reply.body == null) {
      exchange.sendResponseHeaders(reply.status, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", reply.contentType);
    if (method.equals("HEAD")) {
      exchange.sendResponseHeaders(reply.status, -1);
      return;
    }
    exchange.sendResponseHeaders(reply.status, reply.body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(reply.body);
    }
  }
}
