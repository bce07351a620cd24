package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static host.exosphere.local.engine.EngineFixture.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded-only {@code states/await} wait: it answers at once when a state can be claimed, sleeps
 * until one appears (trigger, next state, a delay passing on the test clock) or its bound passes, and
 * claims nothing. A wait that should end on an event is given a bound far beyond the test's own timeout,
 * so only the event can end it.
 */
class AwaitStatesTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = withGraph(new EngineFixture());
  }

  private static EngineFixture withGraph(EngineFixture fixture) {
    fixture.register("Root", List.of("seed"), List.of("x"));
    fixture.register("Work", List.of("x"), List.of());
    fixture.upsertValid("g", graph(node("r", "Root", List.of("a"), "seed", "s"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}")));
    return fixture;
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private CompletableFuture<Boolean> await(List<String> nodes, Duration timeout, String waiter) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return f.engine.awaitStates(NS, nodes, timeout, waiter);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void answersAtOnceWhenAStateIsThereAndClaimsNothing() throws Exception {
    String run = f.trigger("g");
    assertTrue(f.engine.awaitStates(NS, List.of("Root"), LONG, "w"));
    assertEquals(Map.of("r", List.of("CREATED")), f.statuses(run));
    f.claimOne("Root");
  }

  @Test
  void answersNothingWhenItsBoundPasses() throws Exception {
    assertFalse(f.engine.awaitStates(NS, List.of("Root"), Duration.ofMillis(20), "w"));
    assertFalse(f.engine.awaitStates(NS, List.of("Root"), Duration.ZERO, "w"));
  }

  @Test
  void wakesUpOnATrigger() throws Exception {
    CompletableFuture<Boolean> waiting = await(List.of("Root"), LONG, "w");
    Thread.sleep(50); // most likely parked by now; either way it must answer true
    f.trigger("g");
    assertTrue(waiting.get(30, TimeUnit.SECONDS));
  }

  @Test
  void wakesUpWhenANextStateIsCreatedAndNotForOtherNodes() throws Exception {
    String run = f.trigger("g");
    CompletableFuture<Boolean> work = await(List.of("Work"), LONG, "work");
    // A Root state of another run does not end the wait for Work.
    f.trigger("g");
    assertFalse(f.engine.awaitStates(NS, List.of("Work"), Duration.ofMillis(30), "other"));
    assertFalse(work.isDone());
    f.engine.executed(NS, f.claim("Root").get(0).stateId(), new EngineRequests.ExecutedRequest(List.of(out("x", "1"))));
    assertTrue(work.get(30, TimeUnit.SECONDS));
    f.idle();
    assertEquals(List.of("CREATED"), f.statuses(run).get("a"));
  }

  @Test
  void wakesUpWhenTheTestClockPassesADelayedState() throws Exception {
    f.engine.trigger(NS, "g", new TriggerRequestBody(Map.of(), Map.of(), 60_000));
    assertFalse(f.engine.awaitStates(NS, List.of("Root"), Duration.ofMillis(20), "w"));
    CompletableFuture<Boolean> waiting = await(List.of("Root"), LONG, "w");
    Thread.sleep(50);
    assertFalse(waiting.isDone());
    f.clock.advanceMillis(60_000);
    assertTrue(waiting.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aNewerCallWithTheSameIdEndsTheOlderOne() throws Exception {
    CompletableFuture<Boolean> older = await(List.of("Root"), LONG, "runtime-1");
    CompletableFuture<Boolean> unrelated = await(List.of("Root"), LONG, "runtime-2");
    // The older call may not have registered yet: repeat the zero-timeout call until it has ended.
    while (!older.isDone()) {
      assertFalse(f.engine.awaitStates(NS, List.of("Root"), Duration.ZERO, "runtime-1"));
      Thread.sleep(10);
    }
    assertFalse(older.get());
    assertFalse(unrelated.isDone());
    f.engine.releaseWaits();
    assertFalse(unrelated.get(30, TimeUnit.SECONDS));
    // Once released (the server is stopping), every wait ends at once.
    assertFalse(f.engine.awaitStates(NS, List.of("Root"), LONG, "late"));
  }

  @Test
  void aDurableEngineWakesWaitersOnItsWritesAndOffersWhatItReloaded(@TempDir Path dir) throws Exception {
    try (EngineFixture durable = withGraph(new EngineFixture(LocalEngine.builder().dataDir(dir)))) {
      CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return durable.engine.awaitStates(NS, List.of("Root"), LONG, "w");
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(50); // most likely parked by now; either way it must answer true
      durable.trigger("g");
      assertTrue(waiting.get(30, TimeUnit.SECONDS));
    }
    // The CREATED state came back from disk into the claim index: a wait sees it without any new arrival.
    try (EngineFixture reopened = new EngineFixture(LocalEngine.builder().dataDir(dir))) {
      assertTrue(reopened.engine.awaitStates(NS, List.of("Root"), Duration.ZERO, "w"));
      assertFalse(reopened.engine.awaitStates(NS, List.of("Work"), Duration.ZERO, "w"));
      reopened.claimOne("Root");
    }
  }
}
