package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's HTTP edge against clients that are slow, broken or hostile, over real sockets:
 * they must neither stall other clients nor get anything but a clear 4xx.
 */
class HttpEdgeTest {
  private static final String NS = "/v0/namespace/edge";
  private static LocalStateManager server;

  @BeforeAll
  static void start() {
    server = LocalStateManager.builder().apiKey("edge-key").maxRequestBytes(64 * 1024)
        .idleTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Issue 12, defect 1: 16 half-sent requests held all 16 request threads and /health hung. */
  @Test
  void halfSentAndJunkRequestsDoNotStallOtherClients() throws Exception {
    HttpClient client = HttpClient.newBuilder().build();
    client.send(HttpRequest.newBuilder(server.uri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
    List<Socket> hostile = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        hostile.add(open("GET /he".getBytes(StandardCharsets.US_ASCII)));
      }
      hostile.add(open(new byte[0]));                                           // connects, sends nothing
      hostile.add(open("POST /v0/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{".getBytes(StandardCharsets.US_ASCII)));
      hostile.add(open(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03})); // TLS hello
      hostile.add(open(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 7, 8, 9}));  // binary junk

      for (int i = 0; i < 5; i++) {
        long started = System.nanoTime();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.uri().resolve("/health"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("{\"message\":\"OK\"}", health.body());
        System.out.printf("/health with %d hostile connections open: %d ms%n", hostile.size(),
            (System.nanoTime() - started) / 1_000_000);
      }
      // And none of them is kept forever: each gets an answer or is closed once the timeouts pass.
      for (Socket socket : hostile) {
        socket.setSoTimeout(20_000);
        String answer = readAll(socket.getInputStream());
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4"), answer);
      }
    } finally {
      for (Socket socket : hostile) {
        socket.close();
      }
    }
  }

  @Test
  void aBareLfRequestIsAnsweredNotHeld() throws Exception {
    String answer = exchange("GET /health HTTP/1.1\nHost: x\n\n");
    assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 "), answer);
  }

  /** Issue 12, defect 6: a malformed chunked body was a 500 with a logged stack trace. */
  @Test
  void badChunkingIs400() throws Exception {
    String answer = exchange(enqueueWith("Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));
    assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
    assertTrue(answer.contains("application/json"), answer);
    assertTrue(answer.contains("\"detail\""), answer);
  }

  /**
   * A request Jetty cannot parse at all is refused before any handler runs, still with a JSON detail (Jetty
   * 12.1 answers it through the error handler's {@code generateResponse}, like every other error).
   */
  @Test
  void anUnparsableRequestLineIs400WithAJsonDetail() throws Exception {
    String answer = exchange("GET /health HTTP/1.1 trailing junk\r\nHost: x\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
    assertTrue(answer.contains("application/json"), answer);
    assertTrue(answer.contains("{\"detail\":"), answer);
  }

  /** Issue 12, defect 7: no body limit, so one large body could exhaust the heap. */
  @Test
  void aDeclaredBodyBeyondTheLimitIs413WithoutReadingIt() throws Exception {
    String answer = exchange(enqueueWith("Content-Length: 50000000\r\n\r\n{\"nodes\": ["));
    assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
    assertTrue(answer.contains("limit of 65536 bytes"), answer);
  }

  @Test
  void aChunkedBodyThatOutgrowsTheLimitIs413() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] big = ("{\"error\": \"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    // A publisher of unknown length makes the JDK client send the body chunked.
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve(NS + "/state/s1/errored"))
        .header("x-api-key", "edge-key").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
    HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(413, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("maxRequestBytes"), answer.body());
  }

  @Test
  void aBodyWithinTheLimitStillReachesTheApi() throws Exception {
    RawHttp http = new RawHttp(server);
    RawHttp.Answer answer = http.post(NS + "/states/enqueue", "{\"nodes\": [\"" + "n".repeat(60_000) + "\"], \"batch_size\": 1}");
    assertEquals(200, answer.status(), answer.text());
    assertEquals(0, answer.json().get("count").asInt());
  }

  /** A raw enqueue call with the key, its body framed by {@code framing} (the last headers and what follows). */
  private static String enqueueWith(String framing) {
    return "POST " + NS + "/states/enqueue HTTP/1.1\r\nHost: x\r\nx-api-key: edge-key\r\n"
        + "Content-Type: application/json\r\n" + framing;
  }

  /** Sends {@code request} on a new connection and returns everything the server sends back. */
  private static String exchange(String request) throws IOException {
    try (Socket socket = open(request.getBytes(StandardCharsets.US_ASCII))) {
      socket.setSoTimeout(20_000);
      return readAll(socket.getInputStream());
    }
  }

  private static Socket open(byte[] sent) throws IOException {
    URI uri = server.uri();
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    if (sent.length > 0) {
      socket.getOutputStream().write(sent);
      socket.getOutputStream().flush();
    }
    return socket;
  }

  /** Everything until the server closes the connection (or the read timeout passes, which fails the test). */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        String sofar = out.toString(StandardCharsets.ISO_8859_1);
        int headerEnd = sofar.indexOf("\r\n\r\n");
        if (headerEnd >= 0 && sofar.contains("Content-Length: ")) {
          int from = sofar.indexOf("Content-Length: ") + 16;
          int length = Integer.parseInt(sofar.substring(from, sofar.indexOf('\r', from)).strip());
          if (out.size() >= headerEnd + 4 + length) {
            break;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed the connection", e);
    } catch (java.net.SocketException reset) {
      // Closed with a reset: also not held.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
