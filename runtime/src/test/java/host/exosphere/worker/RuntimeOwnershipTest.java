package host.exosphere.worker;

import static host.exosphere.worker.EndToEnd.graph;
import static host.exosphere.worker.EndToEnd.node;
import static host.exosphere.worker.EndToEnd.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's defects 2, 3, 4 and 5 (SIGTERM) over real HTTP: the runtime must own every state it claims,
 * whatever the server does in between.
 */
class RuntimeOwnershipTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final String KEY = "ownership-key";
  private static final String NO_RETRIES =
      "\"retry_policy\":{\"max_retries\":0,\"strategy\":\"FIXED\",\"backoff_factor\":1,\"exponent\":2}";

  private static String oneStep(String nodeName) {
    return "{\"secrets\":{},\"nodes\":[" + node("step", nodeName, "{\"x\":\"in\"}", "[]") + "]," + NO_RETRIES + "}";
  }

  /** Defect 2: after a restart the server had no nodes, and every graph using them was INVALID for good. */
  @Test
  void nodesAreRegisteredAgainWhenTheServerComesBackWithoutThem() throws Exception {
    String ns = "rel";
    LocalStateManager first = LocalStateManager.builder().apiKey(KEY).start();
    int port = first.port();
    StateManager client = EndToEnd.client(first.uri(), KEY, ns);
    TestNode echo = EndToEnd.node("Echo", List.of("x"), List.of("y"), (in, s, c) -> one("y", "echo " + in.get("x")));
    // A long refresh: only the outage may bring the registration back.
    try (ExosphereRuntime runtime = EndToEnd.runtime(client, echo).registrationRefresh(Duration.ofHours(1)).build()) {
      runtime.start();
      first.close();
      Await.until("the runtime noticed the outage", () -> runtime.metrics().pollFailures() > 0);
      try (LocalStateManager second = startOn(port)) {
        StateManager fresh = second.client(ns);
        Await.until("nodes registered again", () -> !fresh.listNodes().isEmpty());
        fresh.upsertGraph(graph("rel", ns, oneStep("Echo")));
        RunResult run = Runs.await(second, ns, "rel", fresh.trigger("rel", TriggerRequest.EMPTY), RUN_TIMEOUT);
        assertEquals("SUCCESS", run.status(), run.toString());
        assertEquals(List.of("echo in"), run.outputs("step", "y"));
      }
    }
  }

  /** Defect 3: a 20 M-character output got its child created, but the enqueue answer could not be read. */
  @Test
  void aTwentyFiveMegabyteOutputIsDelivered() {
    String ns = "big";
    try (LocalStateManager server = LocalStateManager.builder().apiKey(KEY).start()) {
      // Generous limits: 25 MB crosses the wire four times, which a loaded machine makes slow.
      StateManager client = StateManager.builder().uri(server.uri()).apiKey(KEY).namespace(ns)
          .requestTimeout(Duration.ofMinutes(2)).build();
      TestNode producer = EndToEnd.node("Producer", List.of(), List.of("blob"),
          (in, s, c) -> one("blob", "x".repeat(25_000_000)));
      TestNode consumer = EndToEnd.node("Consumer", List.of("blob"), List.of("size"),
          (in, s, c) -> one("size", String.valueOf(in.get("blob").length())));
      try (ExosphereRuntime runtime = EndToEnd.runtime(client, producer, consumer).build()) {
        runtime.start();
        client.upsertGraph(graph("big", ns, "{\"secrets\":{},\"nodes\":["
            + node("produce", "Producer", "{}", "[\"consume\"]") + ","
            + node("consume", "Consumer", "{\"blob\":\"${{ produce.outputs.blob }}\"}", "[]") + "]," + NO_RETRIES + "}"));
        RunResult run = Runs.await(server, ns, "big", client.trigger("big", TriggerRequest.EMPTY),
            Duration.ofMinutes(5));
        assertEquals("SUCCESS", run.status(), run.toString());
        assertEquals(List.of("25000000"), run.outputs("consume", "size"));
      }
    }
  }

  /** Defect 4: an enqueue answered after the client's request timeout stranded every state it claimed. */
  @Test
  void aStalledEnqueueLosesNothing() throws Exception {
    String ns = "stall";
    try (LocalStateManager server = LocalStateManager.builder().apiKey(KEY).start();
        FaultProxy proxy = new FaultProxy(server.uri());
        StateManager viaProxy = StateManager.builder().uri(proxy.uri()).apiKey(KEY).namespace(ns)
            .requestTimeout(Duration.ofMillis(300)).build()) {
      TestNode echo = EndToEnd.node("Echo", List.of("x"), List.of("y"), (in, s, c) -> one("y", in.get("x")));
      try (ExosphereRuntime runtime = EndToEnd.runtime(viaProxy, echo).build()) {
        runtime.start();
        StateManager client = server.client(ns);
        client.upsertGraph(graph("stall", ns, oneStep("Echo")));
        // The proxy answers the next enqueue calls (which claimed their states at once) only after the
        // client's request timeout has passed.
        proxy.slowNext(3, Duration.ofMillis(1_000), path -> path.endsWith("/states/enqueue"));
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          runIds.add(client.trigger("stall", TriggerRequest.EMPTY));
        }
        for (String runId : runIds) {
          RunResult run = Runs.await(server, ns, "stall", runId, RUN_TIMEOUT);
          assertEquals("SUCCESS", run.status(), run.toString());
        }
        assertEquals(0, proxy.slowLeft.get(), "every stall happened");
        assertEquals(0, runtime.metrics().pollFailures(), "no enqueue gave up");
      }
    }
  }

  /**
   * Defect 5: SIGTERM lost the states in flight (8 of 16). Another JVM runs a runtime whose nodes hang;
   * once it is busy it gets SIGTERM, and every state it claimed must end ERRORED with the reason, none QUEUED.
   */
  @Test
  void sigtermHandsBackEveryClaimedState() throws Exception {
    String ns = "sigterm";
    try (LocalStateManager server = LocalStateManager.builder().apiKey(KEY).start()) {
      StateManager client = server.client(ns);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          SigtermChild.class.getName(), server.uri().toString(), KEY, ns)
          .redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        awaitLine(out, SigtermChild.READY);
        client.upsertGraph(graph("hang", ns, "{\"secrets\":{},\"nodes\":["
            + node("fan", "Fan", "{}", "[\"hang\"]") + ","
            + node("hang", "Hang", "{\"x\":\"${{ fan.outputs.x }}\"}", "[]") + "]," + NO_RETRIES + "}"));
        client.trigger("hang", TriggerRequest.EMPTY);
        awaitLine(out, SigtermChild.BUSY);
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits within its shutdown timeout");
      } finally {
        child.destroyForcibly();
      }
      server.awaitIdle(Duration.ofSeconds(10));
      // Not awaited to the end: the states nobody claimed stay CREATED for the next runtime, as they should.
      List<RunGraph.StateNode> hangs = client.graphStructure(lastRun(client)).nodes().stream()
          .filter(n -> n.identifier().equals("hang")).toList();
      Map<String, Long> counts = new java.util.TreeMap<>();
      hangs.forEach(n -> counts.merge(n.status(), 1L, Long::sum));
      assertFalse(counts.containsKey("QUEUED"), "a claimed state was left QUEUED: " + counts);
      assertEquals(SigtermChild.WIDTH, hangs.size(), counts.toString());
      assertEquals(SigtermChild.WIDTH, counts.getOrDefault("ERRORED", 0L) + counts.getOrDefault("CREATED", 0L),
          counts.toString());
      assertTrue(counts.getOrDefault("ERRORED", 0L) >= SigtermChild.WORKERS, counts.toString());
      for (RunGraph.StateNode hang : hangs) {
        if (hang.status().equals("ERRORED")) {
          assertTrue(hang.error().startsWith("runtime shut down: runtime 'sigterm-child' "), hang.error());
        }
      }
    }
  }

  private static String lastRun(StateManager client) {
    return client.runs(1, 1).runs().get(0).runId();
  }

  private static void awaitLine(BufferedReader out, String wanted) throws java.io.IOException {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.contains(wanted)) {
        return;
      }
    }
    throw new AssertionError("the child ended before printing " + wanted);
  }

  private static LocalStateManager startOn(int port) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return LocalStateManager.builder().apiKey(KEY).port(port).start();
      } catch (UncheckedIOException e) {
        if (attempt > 100) {
          throw e;
        }
        Thread.sleep(50); // the old socket may linger a moment
      }
    }
  }
}
