package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import host.exosphere.local.engine.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One configured server per test class, the same one wherever it is injected, closed after the class. */
class LocalStateManagerExtensionTest {
  static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-01-05T10:02:30Z"));

  @RegisterExtension
  static final LocalStateManagerExtension SERVER =
      LocalStateManagerExtension.using(() -> LocalStateManager.builder().clock(CLOCK).apiKey("extension-key"));

  static LocalStateManager fromBeforeAll;
  private final LocalStateManager fromConstructor;
  private LocalStateManager fromBeforeEach;

  LocalStateManagerExtensionTest(LocalStateManager server) {
    this.fromConstructor = server;
  }

  @BeforeAll
  static void beforeAll(LocalStateManager server) {
    fromBeforeAll = server;
  }

  @BeforeEach
  void beforeEach(LocalStateManager server) {
    fromBeforeEach = server;
  }

  @Test
  void everyInjectionPointGetsTheSameConfiguredServer(LocalStateManager server) {
    assertSame(fromBeforeAll, server);
    assertSame(fromConstructor, server);
    assertSame(fromBeforeEach, server);
    assertEquals("extension-key", server.apiKey());
    assertSame(CLOCK, server.clock());
    assertEquals(200, new RawHttp(server).get("/health").status());
  }

  @Test
  void aSecondTestSeesTheSameServer(LocalStateManager server) {
    assertSame(fromBeforeAll, server);
  }

  @Nested
  class NestedTests {
    @Test
    void nestedClassesShareTheOuterServer(LocalStateManager server) {
      assertSame(fromBeforeAll, server);
    }
  }

  @AfterAll
  static void stillRunningUntilTheClassIsDone(LocalStateManager server) {
    assertEquals(200, new RawHttp(server).get("/health").status());
  }
}
