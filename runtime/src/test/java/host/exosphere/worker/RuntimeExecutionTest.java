package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.worker.nodes.EchoNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each kind of node outcome is reported as. */
class RuntimeExecutionTest {
  private final FakeStateManager server = new FakeStateManager("ns");
  private ExosphereRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private void start(NodeAdapter... nodes) {
    ExosphereRuntime.Builder builder = ExosphereRuntime.builder(server).name("test").workers(2).batchSize(4)
        .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    for (NodeAdapter node : nodes) {
      builder.node(node);
    }
    runtime = builder.build();
    runtime.start();
  }

  private void awaitStatus(String id, String status) {
    Await.until(id + " " + status, () -> status.equals(server.status(id)), () -> "status " + server.status(id));
  }

  @Test
  void fanOutOutputsAreReportedInOrder() {
    server.add("s1", "Fan", Map.of("x", "3"));
    start(TestNode.of("Fan", (in, secrets, ctx) -> List.of(Map.of("y", "a"), Map.of("y", "b"), Map.of("y", "c"))));
    awaitStatus("s1", "EXECUTED");
    assertEquals(List.of(Map.of("y", "a"), Map.of("y", "b"), Map.of("y", "c")), server.state("s1").outputs);
    Await.until("metrics", () -> runtime.metrics().inFlight() == 0);
    RuntimeMetrics m = runtime.metrics();
    assertEquals(1, m.claimed());
    assertEquals(1, m.executed());
    assertEquals(1, m.reported());
    assertEquals(0, m.failed());
  }

  @Test
  void generatedAdapterRunsWithItsInputs() {
    server.add("s1", "EchoNode", Map.of("text", "hello"));
    runtime = ExosphereRuntime.builder(server).name("test").nodes(EchoNode.class)
        .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    runtime.start();
    awaitStatus("s1", "EXECUTED");
    assertEquals(List.of(Map.of("echo", "hello")), server.state("s1").outputs);
  }

  @Test
  void voidNodeReportsNoOutputs() {
    server.add("s1", "Void", Map.of("x", "1"));
    start(TestNode.of("Void", (in, secrets, ctx) -> null));
    awaitStatus("s1", "EXECUTED");
    assertEquals(List.of(), server.state("s1").outputs);
  }

  @Test
  void exceptionIsReportedWithItsTypeAndRootCause() {
    server.add("s1", "Boom", Map.of("x", "1"));
    server.add("s2", "Wrapped", Map.of("x", "1"));
    server.add("s3", "Blank", Map.of("x", "1"));
    start(TestNode.of("Boom", (in, secrets, ctx) -> {
          throw new IllegalStateException("boom");
        }),
        TestNode.of("Wrapped", (in, secrets, ctx) -> {
          throw new IllegalStateException("could not load", new RuntimeException(new IOException("disk full")));
        }),
        TestNode.of("Blank", (in, secrets, ctx) -> {
          throw new UnsupportedOperationException();
        }));
    awaitStatus("s1", "ERRORED");
    awaitStatus("s2", "ERRORED");
    awaitStatus("s3", "ERRORED");
    assertEquals("IllegalStateException: boom", server.state("s1").error);
    assertEquals("IllegalStateException: could not load (caused by IOException: disk full)", server.state("s2").error);
    assertEquals("UnsupportedOperationException", server.state("s3").error);
    Await.until("metrics", () -> runtime.metrics().failed() == 3 && runtime.metrics().inFlight() == 0);
    assertEquals(0, runtime.metrics().executed());
  }

  @Test
  void errorsThrownByNodesAreReportedToo() {
    server.add("s1", "Deep", Map.of("x", "1"));
    start(TestNode.of("Deep", (in, secrets, ctx) -> {
      throw new StackOverflowError("too deep");
    }));
    awaitStatus("s1", "ERRORED");
    assertEquals("StackOverflowError: too deep", server.state("s1").error);
  }

  @Test
  void inputMismatchIsAnErroredStateWithTheAdaptersMessage() {
    server.add("s1", "Strict", Map.of("x", "1", "extra", "2"));
    start(TestNode.of("Strict", (in, secrets, ctx) -> {
      throw new NodeInputException("Node Strict got input 'extra', which its Inputs record does not declare");
    }));
    awaitStatus("s1", "ERRORED");
    assertEquals("Node Strict got input 'extra', which its Inputs record does not declare", server.state("s1").error);
  }

  @Test
  void nullOutputValueIsAnErroredStateNotABrokenChild() {
    server.add("s1", "Nully", Map.of("x", "1"));
    java.util.HashMap<String, String> output = new java.util.HashMap<>();
    output.put("y", null);
    start(TestNode.of("Nully", (in, secrets, ctx) -> List.of(output)));
    awaitStatus("s1", "ERRORED");
    assertEquals("Node Nully returned Outputs with y = null; every output field needs a value (children read it as "
        + "text)", server.state("s1").error);
  }

  @Test
  void pruneSignalPrunesWithItsData() {
    server.add("s1", "Pruner", Map.of("x", "1"));
    start(TestNode.of("Pruner", (in, secrets, ctx) -> {
      throw new PruneSignal(Map.of("reason", "empty page"));
    }));
    awaitStatus("s1", "PRUNED");
    assertEquals(Map.of("reason", "empty page"), server.state("s1").data);
    assertEquals(List.of("prune s1"), server.accepted);
  }

  @Test
  void requeueSignalRunsTheSameStateAgainLater() {
    server.add("s1", "Poller", Map.of("x", "1"));
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    start(TestNode.of("Poller", (in, secrets, ctx) -> {
      if (runs.merge(ctx.stateId(), 1, Integer::sum) == 1) {
        throw new RequeueAfterSignal(Duration.ofMillis(20));
      }
      return List.of(Map.of("y", "done"));
    }));
    awaitStatus("s1", "EXECUTED");
    assertEquals(Duration.ofMillis(20), server.state("s1").requeueDelay);
    assertEquals(List.of("re-enqueue-after s1", "executed s1"), server.accepted);
    assertEquals(2, server.state("s1").executions);
    Await.until("metrics", () -> runtime.metrics().requeued() == 1 && runtime.metrics().executed() == 1);
  }

  @Test
  void secretsAreFetchedOnlyForNodesThatDeclareThem() {
    server.secretValues.put("api_key", "s3cr3t");
    server.add("s1", "WithSecret", Map.of("x", "1"));
    server.add("s2", "Plain", Map.of("x", "1"));
    Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    start(TestNode.of("WithSecret", (in, secrets, ctx) -> {
          seen.put(ctx.stateId(), secrets);
          return null;
        }).withSecrets("api_key"),
        TestNode.of("Plain", (in, secrets, ctx) -> {
          seen.put(ctx.stateId(), secrets);
          return null;
        }));
    awaitStatus("s1", "EXECUTED");
    awaitStatus("s2", "EXECUTED");
    assertEquals(Map.of("api_key", "s3cr3t"), seen.get("s1"));
    assertEquals(Map.of(), seen.get("s2"));
    assertEquals(1, server.calls("secrets"));
  }

  @Test
  void secretValuesNeverReachTheLog() throws Exception {
    server.secretValues.put("api_key", "s3cr3t-value");
    server.add("s1", "Leaky", Map.of("x", "1"));
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      start(TestNode.of("Leaky", (in, secrets, ctx) -> {
        throw new IllegalStateException("failed with a key of length " + secrets.get("api_key").length());
      }).withSecrets("api_key"));
      awaitStatus("s1", "ERRORED");
      runtime.close();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(log.contains("Leaky/id-Leaky state s1 failed"), log);
    assertTrue(!log.contains("s3cr3t-value"), "the secret value was logged");
    assertEquals("IllegalStateException: failed with a key of length 12", server.state("s1").error);
  }

  @Test
  void contextDescribesTheState() {
    server.add("s1", "Ctx", Map.of("x", "1"));
    Map<String, NodeContext> seen = new ConcurrentHashMap<>();
    start(TestNode.of("Ctx", (in, secrets, ctx) -> {
      seen.put("ctx", ctx);
      return null;
    }));
    awaitStatus("s1", "EXECUTED");
    NodeContext ctx = seen.get("ctx");
    assertEquals("s1", ctx.stateId());
    assertEquals("id-Ctx", ctx.identifier());
    assertEquals("Ctx", ctx.nodeName());
    assertEquals("ns", ctx.namespace());
  }

  @Test
  void stateOfAnUnknownNodeIsErrored() {
    server.handOutAnyNode = true;
    server.add("s1", "Stranger", Map.of());
    start(TestNode.of("Known", (in, secrets, ctx) -> null));
    awaitStatus("s1", "ERRORED");
    assertEquals("Runtime 'test' has no node named 'Stranger'; it runs [Known]", server.state("s1").error);
  }

  @Test
  void claimsNeverExceedFreeWorkersPlusBuffer() {
    for (int i = 0; i < 60; i++) {
      server.add("s" + i, "Slow", Map.of("x", "1"));
    }
    runtime = ExosphereRuntime.builder(server).name("test").workers(2).bufferSize(1).batchSize(16)
        .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .node(TestNode.of("Slow", (in, secrets, ctx) -> {
          Thread.sleep(1);
          return null;
        })).build();
    runtime.start();
    Await.until("all executed", () -> server.count("EXECUTED") == 60);
    assertTrue(server.maxQueued <= 3, "at most 3 claimed at once, saw " + server.maxQueued);
  }

  @Test
  void workerThreadsSurviveEverything() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 40; i++) {
      server.add("s" + i, "Chaos", Map.of("x", String.valueOf(i)));
    }
    // Every fourth report call fails with something that is not even a StateManagerException.
    int[] n = {0};
    server.fault = (call, id) -> !call.equals("enqueue") && !call.equals("register") && n[0]++ % 4 == 0
        ? new IllegalStateException("transport broke") : null;
    start(TestNode.of("Chaos", (in, secrets, ctx) -> {
      threads.add(Thread.currentThread().getName());
      int i = Integer.parseInt(in.get("x"));
      switch (i % 4) {
        case 0:
          throw new AssertionError("assert " + i);
        case 1:
          throw new PruneSignal();
        case 2:
          throw new OutOfMemoryError("pretend");
        default:
          return List.of(Map.of("y", "ok"));
      }
    }));
    Await.until("all settled", () -> server.count("CREATED") + server.count("QUEUED") == 0
        && runtime.metrics().inFlight() == 0, () -> runtime.metrics().toString());
    assertEquals(20, server.count("ERRORED"));
    assertEquals(10, server.count("PRUNED"));
    assertEquals(10, server.count("EXECUTED"));
    assertEquals(40, server.accepted.size());
    assertTrue(threads.size() <= 2, "the same two worker threads ran every state: " + threads);
  }
}
