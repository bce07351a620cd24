package host.exosphere.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange with the state manager, with the retry policy applied: the single place that knows
 * about headers, timeouts, backoff and how a failure turns into a {@link StateManagerException}.
 *
 * <p>Shared by every {@link StateManager} made from the same builder ({@link StateManager#withNamespace}).
 * Request and response bodies are never logged: the upsert body and the secrets response carry secret
 * values, and logging only some bodies would make that rule easy to break.
 */
final class HttpTransport {
  private static final Logger log = LoggerFactory.getLogger(StateManager.class);

  /** Request header carrying the API key (docs/state-manager.md §1.1). */
  static final String API_KEY_HEADER = "x-api-key";
  /** Request id the server echoes and logs (docs/state-manager.md §1.1); one per call, kept across its retries. */
  static final String REQUEST_ID_HEADER = "x-exosphere-request-id";
  /** A server-supplied Retry-After above this is clamped, so a bad header cannot park a caller for hours. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private final HttpClient http;
  private final boolean ownsHttp;
  private final URI base;
  private final String apiKey;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration backoffBase;
  private final Duration backoffCap;
  private final Sleeper sleeper;
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpTransport(
      HttpClient http,
      boolean ownsHttp,
      URI base,
      String apiKey,
      Duration requestTimeout,
      int maxRetries,
      Duration backoffBase,
      Duration backoffCap,
      Sleeper sleeper) {
    this.http = http;
    this.ownsHttp = ownsHttp;
    this.base = base;
    this.apiKey = apiKey;
    this.requestTimeout = requestTimeout;
    this.maxRetries = maxRetries;
    this.backoffBase = backoffBase;
    this.backoffCap = backoffCap;
    this.sleeper = sleeper;
  }

  URI base() {
    return base;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  void close() {
    if (closed.getAndSet(true) || !ownsHttp) {
      return;
    }
    // HttpClient is AutoCloseable from Java 21 on; the test keeps this compiling for --release 17.
    if (http instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("Closing the HTTP client failed", e);
      }
    }
  }

  /**
   * What to send.
   *
   * @param method HTTP method
   * @param path the path below the base URI, already encoded (e.g. {@code /v0/namespace/ns/nodes/})
   * @param body JSON text, or {@code null} for none
   * @param idempotent whether repeating the call is harmless, which is what allows retries
   * @param secrets values to blank out of any error text (secret values of an upsert)
   * @param waitsForAnswer whether the call waits for its answer however long it takes, instead of giving up
   *     after the request timeout: for a call whose answer carries something that is lost if dropped
   */
  record Call(String method, String path, String body, boolean idempotent, Collection<String> secrets,
      boolean waitsForAnswer) {
    Call(String method, String path, String body, boolean idempotent, Collection<String> secrets) {
      this(method, path, body, idempotent, secrets, false);
    }

    static Call get(String path) {
      return new Call("GET", path, null, true, List.of());
    }

    String label() {
      return method + " " + path;
    }
  }

  /** The server's final answer to a call; {@code headers} empty where a test built it by hand. */
  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    Response(int status, String body) {
      this(status, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (name, value) -> true));
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** Sends {@code call} and returns its 2xx response, or throws with the status and the server's detail. */
  Response send(Call call) {
    Response response = exchange(call);
    if (!response.ok()) {
      throw failure(call, response);
    }
    return response;
  }

  /**
   * Sends {@code call}, retrying connection failures, timeouts, 429 and 5xx when the call is idempotent,
   * and returns the final response whatever its status. Throws only when no answer came at all.
   */
  Response exchange(Call call) {
    if (closed.get()) {
      throw new IllegalStateException("This StateManager client is closed");
    }
    HttpRequest request = request(call);
    int attempts = call.idempotent() ? maxRetries + 1 : 1;
    for (int attempt = 1; ; attempt++) {
      long started = System.nanoTime();
      HttpResponse<String> answer;
      try {
        answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        String reason = describe(e);
        if (attempt < attempts) {
          Duration delay = backoff(attempt);
          log.warn("{} failed: {}; retrying in {} ms (attempt {} of {})",
              call.label(), reason, delay.toMillis(), attempt + 1, attempts);
          pause(call, delay);
          continue;
        }
        throw new StateManagerException(
            redact(call.label() + " failed: " + reason + attemptsNote(attempts), call), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateManagerException(call.label() + " was interrupted", e);
      }
      int status = answer.statusCode();
      if (log.isDebugEnabled()) {
        // Guarded: the label and the header lookup would otherwise be built for every call.
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.debug("{} -> {} in {} ms (request id {})", call.label(), status, millis, requestId(request));
      }
      if (attempt < attempts && retryable(status)) {
        int failedAttempt = attempt;
        Duration delay = retryAfter(answer).orElseGet(() -> backoff(failedAttempt));
        log.warn("{} answered {}; retrying in {} ms (attempt {} of {})",
            call.label(), status, delay.toMillis(), attempt + 1, attempts);
        pause(call, delay);
        continue;
      }
      return new Response(status, answer.body(), answer.headers());
    }
  }

  /** The exception for a non-2xx answer: "{METHOD} {path} failed: {status} {detail}". */
  StateManagerException failure(Call call, Response response) {
    String detail = ErrorBodies.detail(response.body());
    String text = call.label() + " failed: " + response.status();
    if (detail != null && !detail.isEmpty()) {
      text += " " + detail;
    }
    if (response.status() / 100 == 3) {
      // Starlette answers a path with the wrong trailing slash with a 307 the client must not follow
      // (docs/state-manager.md §1.1); say so instead of leaving a bare 307.
      text += " (the state manager redirected the request: its paths are exact, including trailing slashes)";
    }
    return new StateManagerException(redact(text, call), response.status(), redact(detail, call));
  }

  /** Blanks out the API key and the call's secret values, wherever a server or exception echoed them. */
  String redact(String text, Call call) {
    if (text == null) {
      return null;
    }
    String result = Redaction.redact(text, apiKey);
    for (String secret : call.secrets()) {
      result = Redaction.redact(result, secret);
    }
    return result;
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + call.path()))
        .header(API_KEY_HEADER, apiKey)
        .header(REQUEST_ID_HEADER, requestId())
        .header("Accept", "application/json");
    if (!call.waitsForAnswer()) {
      builder.timeout(requestTimeout);
    }
    if (call.body() == null) {
      builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", "application/json")
          .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /**
   * A fresh version-4 UUID from a thread-local generator: a request id only correlates log lines, and
   * {@code UUID.randomUUID()} would make every call of every thread take turns on one SecureRandom.
   */
  static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static String requestId(HttpRequest request) {
    return request.headers().firstValue(REQUEST_ID_HEADER).orElse("-");
  }

  /** 429 and server errors may pass; 501 and 505 never will, so retrying them only wastes time. */
  static boolean retryable(int status) {
    return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
  }

  /**
   * Exponential backoff with "equal jitter": half the step is fixed, half random, so many clients that
   * failed together do not retry together, yet each one still waits a predictable minimum.
   */
  Duration backoff(int attempt) {
    long baseMillis = Math.max(1, backoffBase.toMillis());
    long capMillis = Math.max(baseMillis, backoffCap.toMillis());
    long step = baseMillis << Math.min(attempt - 1, 30);
    if (step <= 0 || step > capMillis) {
      step = capMillis;
    }
    long half = step / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
  }

  /** The server's Retry-After (delta seconds or an HTTP date) on a 429 or 503, clamped to a minute. */
  static Optional<Duration> retryAfter(HttpResponse<?> answer) {
    if (answer.statusCode() != 429 && answer.statusCode() != 503) {
      return Optional.empty();
    }
    return answer.headers().firstValue("Retry-After").flatMap(HttpTransport::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String text = value.trim();
    Duration delay;
    try {
      delay = Duration.ofSeconds(Long.parseLong(text));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        delay = Duration.between(ZonedDateTime.now(when.getZone()), when);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    if (delay.isNegative()) {
      delay = Duration.ZERO;
    }
    return Optional.of(delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay);
  }

  private void pause(Call call, Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateManagerException(call.label() + " was interrupted while waiting to retry", e);
    }
  }

  private String describe(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "could not connect to " + base + " (connect timeout)";
    }
    if (e instanceof HttpTimeoutException) {
      return "no response within " + seconds(requestTimeout) + " (request timeout)";
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return "could not connect to " + base + " (connection refused)";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String attemptsNote(int attempts) {
    return attempts > 1 ? " (gave up after " + attempts + " attempts)" : "";
  }

  static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
