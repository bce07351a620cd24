package host.exosphere.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets in front of {@link HttpApi}, on Jetty.
 *
 * <p>Why Jetty rather than the JDK's {@code com.sun.net.httpserver}: the JDK server reads each request's
 * line and headers with blocking reads on its worker threads, with no read timeout of its own, so as many
 * half-sent requests as it has threads froze it for every other client. Jetty parses on its selector
 * without holding a thread until a request's headers are complete, and the body is read here without
 * blocking either: a thread runs only a complete request. Stalled connections are closed after the idle
 * timeout, bodies beyond the limit get 413 and broken framing (bad chunking, a malformed request line)
 * gets 400, all before the API sees them.
 */
final class HttpEdge extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(HttpEdge.class);
  private static final ObjectMapper JSON = HttpApi.jsonMapper();

  /** The edge's limits: see {@link LocalStateManager.Builder}. */
  record Limits(int threads, long maxRequestBytes, Duration idleTimeout, Duration readTimeout) {}

  /** How long a stopping server waits for the requests it is handling to be answered. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final HttpApi api;
  private final int maxRequestBytes;

  private HttpEdge(HttpApi api, long maxRequestBytes) {
    this.api = api;
    this.maxRequestBytes = (int) Math.min(maxRequestBytes, Integer.MAX_VALUE - 16);
  }

  /**
   * Starts a server for {@code api} on {@code host:port}.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  static Server start(HttpApi api, String host, int port, Limits limits) {
    QueuedThreadPool threads = new QueuedThreadPool(limits.threads() + 4, 2);
    threads.setName("exosphere-local-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    config.setRequestHeaderSize(16 * 1024);
    // Starlette routes on the decoded path whatever it holds (an encoded slash included), so does the API.
    config.setUriCompliance(UriCompliance.UNSAFE);
    // How long a body may stall mid-request; the connector's idle timeout covers headers and keep-alive.
    config.setIdleTimeout(limits.readTimeout().toMillis());
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    server.addConnector(connector);
    // Stopping first lets the requests being handled finish and be answered (for at most STOP_GRACE), so a
    // call the engine has already carried out is not cut off without its answer.
    server.setHandler(new GracefulHandler(new HttpEdge(api, limits.maxRequestBytes())));
    server.setStopTimeout(STOP_GRACE.toMillis());
    server.setErrorHandler(new JsonErrors());
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // Nothing was served; the bind failure is what matters.
      }
      IOException io = e instanceof IOException ioe ? ioe : new IOException(e.getMessage(), e);
      throw new UncheckedIOException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), io);
    }
    return server;
  }

  /** Requests being handled now (read, run or answered); for tests that must know a call has arrived. */
  static long inFlight(Server server) {
    return ((GracefulHandler) server.getHandler()).getCurrentRequestCount();
  }

  /** The address a started server listens on. */
  static InetSocketAddress address(Server server) {
    ServerConnector connector = (ServerConnector) server.getConnectors()[0];
    String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
    return new InetSocketAddress(host, connector.getLocalPort());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long declared = request.getLength();
    if (declared > maxRequestBytes) {
      // Said up front: answered without reading a byte of it.
      tooLarge(response, callback);
      return true;
    }
    // Blocking: answering may wait for the engine and, with a data directory, for the disk, so Jetty must not
    // run it on a thread that serves other connections.
    Content.Source.asByteArrayAsync(request, maxRequestBytes, Promise.Invocable.from(InvocationType.BLOCKING,
        body -> respond(request, response, callback, body),
        failure -> refuse(request, response, callback, failure)));
    return true;
  }

  private void respond(Request request, Response response, Callback callback, byte[] body) {
    ApiReply reply;
    try {
      HttpFields headers = request.getHeaders();
      ApiRequest apiRequest = new ApiRequest(request.getMethod(), decodePath(request.getHttpURI().getPath()),
          request.getHttpURI().getQuery(), headers::get, body,
          Request.getLocalAddr(request) + ":" + Request.getLocalPort(request));
      reply = api.handle(apiRequest);
    } catch (RuntimeException | Error e) { // NOPMD: the API never throws; should it, the client still gets an answer
      log.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      write(response, callback, request.getMethod(), 500, detail("Internal Server Error"));
      return;
    }
    HttpFields.Mutable out = response.getHeaders();
    reply.forEachHeader(out::add);
    response.setStatus(reply.status());
    byte[] bytes = reply.body();
    if (bytes == null) {
      response.write(true, null, callback);
      return;
    }
    out.put(HttpHeader.CONTENT_TYPE, reply.contentType());
    out.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    if (request.getMethod().equals("HEAD")) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }

  /** The body could not be read: too large, badly framed, or the client went away. */
  private void refuse(Request request, Response response, Callback callback, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
      log.debug("{} {}: unreadable body ({})", request.getMethod(), request.getHttpURI().getPath(), cause.toString());
      write(response, callback, request.getMethod(), http.getCode(),
          detail("The request body is malformed: " + http.getReason()));
    } else if (cause instanceof IllegalStateException || cause instanceof ArithmeticException) {
      // asByteArrayAsync's way of saying the body outgrew the limit.
      tooLarge(response, callback);
    } else if (cause instanceof TimeoutException) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      write(response, callback, request.getMethod(), 408, detail("The request body stalled for longer than the "
          + "embedded state manager's read timeout"));
    } else {
      log.debug("{} {}: the body did not arrive ({})", request.getMethod(), request.getHttpURI().getPath(),
          cause.toString());
      callback.failed(cause);
    }
  }

  private void tooLarge(Response response, Callback callback) {
    // The rest of the body is not read, so the connection cannot carry another request.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    write(response, callback, "POST", 413, detail("Request body larger than the embedded state manager's limit of "
        + maxRequestBytes + " bytes (LocalStateManager.Builder.maxRequestBytes, exosphere serve --max-request-bytes)"));
  }

  private static void write(Response response, Callback callback, String method, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(body), callback);
  }

  static byte[] detail(String text) {
    try {
      return JSON.writeValueAsBytes(java.util.Map.of("detail", text));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Python's {@code urllib.parse.unquote}, which Starlette applies to the path: {@code %XX} becomes that
   * byte, a malformed escape stays as it is, and the bytes are read as UTF-8 with replacement.
   */
  static String decodePath(String raw) {
    if (raw == null) {
      return "/";
    }
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      int hi;
      int lo;
      if (bytes[i] == '%' && i + 2 < bytes.length
          && (hi = Character.digit(bytes[i + 1], 16)) >= 0 && (lo = Character.digit(bytes[i + 2], 16)) >= 0) {
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Jetty's own answers (a malformed request line, headers too large) in the API's JSON shape. */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      String text = message == null || message.isEmpty() ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
      HttpEdge.write(response, callback, request.getMethod(), code, detail(text));
    }
  }
}
