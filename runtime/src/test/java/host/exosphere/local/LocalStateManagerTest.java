package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.engine.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Starting, configuring and stopping the embedded state manager. */
class LocalStateManagerTest {

  @Test
  void startsOnAFreeLoopbackPortWithARandomKey() {
    try (LocalStateManager first = LocalStateManager.start(); LocalStateManager second = LocalStateManager.start()) {
      assertEquals("http", first.uri().getScheme());
      assertEquals("127.0.0.1", first.uri().getHost());
      assertNotEquals(first.port(), second.port());
      assertNotEquals(first.apiKey(), second.apiKey());
      assertTrue(first.apiKey().length() >= 32, "a key nobody guesses");
      assertTrue(!first.toString().contains(first.apiKey()), "toString never shows the key");
      assertEquals("ns", first.client("ns").namespace());
      assertEquals(first.uri(), first.client("ns").uri());
    }
  }

  @Test
  void builderChoosesPortKeyAndClock() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-05T10:02:30Z"));
    try (LocalStateManager server = LocalStateManager.builder().port(port).apiKey("k-123").clock(clock).start()) {
      assertEquals(port, server.port());
      assertEquals("k-123", server.apiKey());
      assertEquals(clock, server.clock());
      assertEquals(clock, server.engine().clock());
      RawHttp http = new RawHttp(server);
      assertEquals(422, http.post("/v0/namespace/ns/states/enqueue", "{}").status(), "the chosen key is accepted");
    }
  }

  @Test
  void aTakenPortIsAClearErrorAndBadSettingsAreRefusedUpFront() {
    try (LocalStateManager taken = LocalStateManager.start()) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> LocalStateManager.builder().port(taken.port()).start());
      assertTrue(e.getMessage().startsWith("Cannot listen on 127.0.0.1:" + taken.port()), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> LocalStateManager.builder().apiKey(""));
    assertThrows(IllegalArgumentException.class, () -> LocalStateManager.builder().port(70000));
    assertThrows(IllegalArgumentException.class, () -> LocalStateManager.builder().httpThreads(0));
  }

  @Test
  void closeStopsListeningAndIsIdempotent() {
    LocalStateManager server = LocalStateManager.start();
    HttpRequest health = HttpRequest.newBuilder(server.uri().resolve("/health")).build();
    server.close();
    server.close();
    assertThrows(ConnectException.class,
        () -> HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void cronTicksLandOnSecondZeroOfTheClock() {
    assertEquals(29_500, CronTicks.millisToNextMinute(MutableClock.at(Instant.parse("2026-01-05T10:02:30.500Z"))));
    assertEquals(60_000, CronTicks.millisToNextMinute(MutableClock.at(Instant.parse("2026-01-05T10:03:00Z"))));
    assertEquals(1, CronTicks.millisToNextMinute(MutableClock.at(Instant.parse("2026-01-05T10:03:59.999Z"))));
  }
}
