package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime against a failing state manager, and its shutdown. */
class RuntimeFaultTest {
  private final FakeStateManager server = new FakeStateManager("ns");
  private final CountDownLatch release = new CountDownLatch(1);
  private ExosphereRuntime runtime;

  @AfterEach
  void close() {
    release.countDown();
    if (runtime != null) {
      runtime.close();
    }
  }

  private ExosphereRuntime.Builder builder(NodeAdapter node) {
    return ExosphereRuntime.builder(server).name("test").workers(2).batchSize(8).node(node)
        .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(10));
  }

  private static TestNode ok(String name) {
    return TestNode.of(name, (in, secrets, ctx) -> List.of(Map.of("y", in.get("x"))));
  }

  @Test
  void failedReportsAreRetriedUntilDelivered() {
    server.add("s1", "Ok", Map.of("x", "1"));
    AtomicInteger failures = new AtomicInteger(2);
    server.fault = (call, id) -> call.equals("executed") && failures.getAndDecrement() > 0
        ? FakeStateManager.status(503, "Service Unavailable") : null;
    runtime = builder(ok("Ok")).build();
    runtime.start();
    Await.until("executed", () -> "EXECUTED".equals(server.status("s1")));
    Await.until("settled", () -> runtime.metrics().inFlight() == 0);
    assertEquals(3, server.calls("executed"));
    assertEquals(List.of("executed s1"), server.accepted);
    assertEquals(2, runtime.metrics().reportRetries());
    assertEquals(1, runtime.metrics().reported());
  }

  @Test
  void aReportWhoseAnswerWasLostIsNotSentTwice() {
    server.add("s1", "Ok", Map.of("x", "1"));
    server.loseAnswer = true;
    server.fault = (call, id) -> {
      if (call.equals("executed") && server.calls("executed") > 1) {
        server.loseAnswer = false;
      }
      return null;
    };
    runtime = builder(ok("Ok")).build();
    runtime.start();
    Await.until("settled", () -> runtime.metrics().claimed() == 1 && runtime.metrics().inFlight() == 0);
    // The first call took effect; the retry is refused with "State is not queued" and not repeated.
    assertEquals(List.of("executed s1"), server.accepted);
    assertEquals(List.of("executed s1"), server.refused);
    assertEquals(2, server.calls("executed"));
    assertEquals(1, runtime.metrics().reportsRefused());
    assertEquals("EXECUTED", server.status("s1"));
  }

  @Test
  void aRequeueWhoseAnswerWasLostIsDroppedWhenTheStateComesBack() {
    server.add("s1", "Again", Map.of("x", "1"));
    server.loseAnswer = true;
    server.fault = (call, id) -> {
      if (!call.equals("re-enqueue-after") && !call.equals("enqueue") && !call.equals("register")) {
        server.loseAnswer = false;
      }
      return null;
    };
    AtomicInteger runs = new AtomicInteger();
    // A long retry backoff: the state is handed out again long before the outbox would resend the requeue.
    runtime = builder(TestNode.of("Again", (in, secrets, ctx) -> {
      if (runs.incrementAndGet() == 1) {
        throw new RequeueAfterSignal(Duration.ofMillis(1));
      }
      return List.of(Map.of("y", "second run"));
    })).retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
    runtime.start();
    Await.until("executed", () -> "EXECUTED".equals(server.status("s1")));
    Await.until("settled", () -> runtime.metrics().inFlight() == 0 && runtime.metrics().outboxSize() == 0);
    // Sending the requeue again now would push the executed state back to CREATED (docs/state-manager.md §1.2.14).
    assertEquals(List.of("re-enqueue-after s1", "executed s1"), server.accepted);
    assertEquals(1, server.calls("re-enqueue-after"));
    assertEquals(2, runs.get());
  }

  @Test
  void aRefusalIsFinal() {
    server.add("s1", "Ok", Map.of("x", "1"));
    server.fault = (call, id) -> call.equals("executed") ? FakeStateManager.status(404, "State not found") : null;
    runtime = builder(ok("Ok")).build();
    runtime.start();
    Await.until("settled", () -> runtime.metrics().reportsRefused() == 1 && runtime.metrics().inFlight() == 0);
    assertEquals(1, server.calls("executed"));
    assertEquals(0, runtime.metrics().reportRetries());
  }

  @Test
  void resultsAreKeptDuringAnOutageAndDeliveredAfterIt() throws Exception {
    for (int i = 0; i < 6; i++) {
      server.add("s" + i, "Gated", Map.of("x", String.valueOf(i)));
    }
    CountDownLatch allStarted = new CountDownLatch(2);
    runtime = builder(TestNode.of("Gated", (in, secrets, ctx) -> {
      allStarted.countDown();
      release.await();
      return List.of(Map.of("y", in.get("x")));
    })).workers(2).bufferSize(4).build();
    runtime.start();
    allStarted.await();
    server.fault = (call, id) -> FakeStateManager.unreachable();
    release.countDown();
    Await.until("all six results in the outbox", () -> runtime.metrics().outboxSize() == 6,
        () -> runtime.metrics().toString());
    assertEquals(0, server.accepted.size());
    server.fault = (call, id) -> null;
    Await.until("all executed", () -> server.count("EXECUTED") == 6, () -> runtime.metrics().toString());
    Await.until("outbox empty", () -> runtime.metrics().outboxSize() == 0 && runtime.metrics().inFlight() == 0);
    assertEquals(6, server.accepted.size());
    assertEquals(List.of(), server.refused);
    for (int i = 0; i < 6; i++) {
      assertEquals(List.of(Map.of("y", String.valueOf(i))), server.state("s" + i).outputs);
    }
    assertTrue(runtime.metrics().reportRetries() >= 1);
  }

  @Test
  void pollingFailuresAreRetried() {
    server.add("s1", "Ok", Map.of("x", "1"));
    AtomicInteger failures = new AtomicInteger(3);
    server.fault = (call, id) -> call.equals("enqueue") && failures.getAndDecrement() > 0
        ? FakeStateManager.status(500, "internal server error") : null;
    runtime = builder(ok("Ok")).build();
    runtime.start();
    Await.until("executed", () -> "EXECUTED".equals(server.status("s1")));
    assertEquals(3, runtime.metrics().pollFailures());
  }

  @Test
  void closeFinishesAndReportsInFlightStates() throws Exception {
    server.add("s1", "Gated", Map.of("x", "1"));
    CountDownLatch started = new CountDownLatch(1);
    runtime = builder(TestNode.of("Gated", (in, secrets, ctx) -> {
      started.countDown();
      release.await();
      return List.of(Map.of("y", "late but fine"));
    })).build();
    runtime.start();
    started.await();
    Thread closer = new Thread(runtime::close);
    closer.start();
    Await.until("polling stopped", () -> {
      int before = server.calls("enqueue");
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return server.calls("enqueue") == before;
    });
    assertTrue(closer.isAlive(), "close waits for the running state");
    server.add("s2", "Gated", Map.of("x", "2"));
    release.countDown();
    closer.join();
    assertEquals(List.of(Map.of("y", "late but fine")), server.state("s1").outputs);
    assertEquals(List.of(), runtime.abandonedStates());
    assertEquals("CREATED", server.status("s2"), "nothing is claimed after close");
  }

  @Test
  void closeIsBoundedWhenANodeHangs() {
    server.add("s1", "Hang", Map.of("x", "1"));
    server.add("s2", "Hang", Map.of("x", "2"));
    CountDownLatch started = new CountDownLatch(1);
    runtime = builder(TestNode.of("Hang", (in, secrets, ctx) -> {
      started.countDown();
      // Ignores interrupts, like code stuck in a non-interruptible call.
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException ignored) {
          // keep hanging
        }
      }
      return List.of(Map.of("y", "too late"));
    })).workers(1).bufferSize(1).shutdownTimeout(Duration.ofMillis(100)).build();
    runtime.start();
    Await.until("both claimed", () -> server.count("QUEUED") == 2 && started.getCount() == 0);
    runtime.close();
    List<AbandonedState> abandoned = runtime.abandonedStates();
    assertEquals(2, abandoned.size(), abandoned.toString());
    AbandonedState running = abandoned.stream().filter(a -> !a.handedBack()).findFirst().orElseThrow();
    AbandonedState waiting = abandoned.stream().filter(AbandonedState::handedBack).findFirst().orElseThrow();
    assertEquals("still running when the shutdown timeout passed; its thread was interrupted and its result "
        + "will not be reported", running.reason());
    assertEquals("claimed but not started before the shutdown timeout; handed back to the state manager",
        waiting.reason());
    assertEquals("QUEUED", server.status(running.stateId()));
    assertEquals("CREATED", server.status(waiting.stateId()));
    release.countDown();
    Await.until("late result discarded", () -> runtime.metrics().inFlight() == 0);
    assertFalse(server.accepted.contains("executed " + running.stateId()));
    assertEquals("QUEUED", server.status(running.stateId()));
  }

  @Test
  void closeDuringAnOutageListsUndeliveredReports() {
    server.add("s1", "Ok", Map.of("x", "1"));
    server.fault = (call, id) -> call.equals("executed") ? FakeStateManager.unreachable() : null;
    runtime = builder(ok("Ok")).shutdownTimeout(Duration.ofMillis(50)).build();
    runtime.start();
    Await.until("in the outbox", () -> runtime.metrics().outboxSize() == 1);
    runtime.close();
    assertEquals(List.of(new AbandonedState("s1", "Ok", "id-Ok", "its report could not be delivered before the "
        + "shutdown timeout (last failure: unreachable: connection refused)", false)), runtime.abandonedStates());
  }

  @Test
  void executionTimeoutReportsTheStateAsErrored() {
    server.add("s1", "Slow", Map.of("x", "1"));
    runtime = builder(TestNode.of("Slow", (in, secrets, ctx) -> {
      Thread.sleep(60_000);
      return null;
    })).executionTimeout(Duration.ofMillis(50)).build();
    runtime.start();
    Await.until("errored", () -> "ERRORED".equals(server.status("s1")));
    assertEquals("Node Slow did not finish within PT0.05S (execution timeout of runtime 'test'); its thread was "
        + "interrupted", server.state("s1").error);
    Await.until("settled", () -> runtime.metrics().inFlight() == 0);
    assertEquals(List.of("errored s1"), server.accepted);
  }

  @Test
  void aNodesOwnTimeoutOverridesTheRuntimes() {
    server.add("s1", "Slow", Map.of("x", "1"));
    server.add("s2", "Quick", Map.of("x", "1"));
    TestNode slow = TestNode.of("Slow", (in, secrets, ctx) -> {
      Thread.sleep(200);
      return List.of(Map.of("y", "slow but allowed"));
    });
    TestNode quick = TestNode.of("Quick", (in, secrets, ctx) -> {
      Thread.sleep(60_000);
      return null;
    });
    runtime = builder(slow).node(quick).executionTimeout(Duration.ofMillis(30))
        .executionTimeout("Slow", Duration.ofSeconds(30)).build();
    runtime.start();
    Await.until("both reported", () -> "EXECUTED".equals(server.status("s1")) && "ERRORED".equals(server.status("s2")));
    assertEquals("Node Quick did not finish within PT0.03S (execution timeout of runtime 'test'); its thread was "
        + "interrupted", server.state("s2").error);
    assertEquals("An execution timeout is set for node 'Nope', but runtime 'test' has no such node; it runs [Slow]",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> builder(slow).executionTimeout("Nope", Duration.ofSeconds(1)).build()).getMessage());
  }

  @Test
  void secretsAreWaitedForWhileTheServerIsUnreachable() {
    server.secretValues.put("token", "t0k3n");
    server.add("s1", "Sec", Map.of("x", "1"));
    AtomicInteger failures = new AtomicInteger(3);
    server.fault = (call, id) -> call.equals("secrets") && failures.getAndDecrement() > 0
        ? FakeStateManager.unreachable() : null;
    runtime = builder(TestNode.of("Sec", (in, secrets, ctx) -> List.of(Map.of("y", secrets.get("token"))))
        .withSecrets("token")).build();
    runtime.start();
    Await.until("executed", () -> "EXECUTED".equals(server.status("s1")));
    assertEquals(List.of(Map.of("y", "t0k3n")), server.state("s1").outputs);
    assertEquals(4, server.calls("secrets"));
  }

  @Test
  void secretsThatKeepFailingGiveAnErroredState() {
    server.add("s1", "Sec", Map.of("x", "1"));
    server.fault = (call, id) -> call.equals("secrets") ? FakeStateManager.status(500, "internal server error")
        : null;
    runtime = builder(TestNode.of("Sec", (in, secrets, ctx) -> null).withSecrets("token")).build();
    runtime.start();
    Await.until("errored", () -> "ERRORED".equals(server.status("s1")));
    assertEquals("Could not fetch the secrets of node Sec for state s1: HTTP 500: internal server error",
        server.state("s1").error);
    assertEquals(3, server.calls("secrets"));
  }
}
