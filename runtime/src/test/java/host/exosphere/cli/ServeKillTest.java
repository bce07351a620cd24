package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.RunGraph;
import host.exosphere.client.RunSummary;
import host.exosphere.client.StateManager;
import host.exosphere.client.StateManagerException;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exosphere serve --data-dir} in a child JVM, killed with SIGKILL in the middle of a load of runs
 * and started again on the same directory: every run whose trigger was answered finishes, each with
 * exactly its two states, so nothing the server acknowledged was lost or done twice. The number of runs
 * is {@code -Dexosphere.kill.runs} (default 200; the README reports a by-hand run of 1,000).
 */
class ServeKillTest {
  private static final String NS = "kill-test";
  private static final String GRAPH = "two-steps";
  private static final String KEY = "kill-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void killedMidLoadThenRestartedEveryAcknowledgedRunFinishes() throws Exception {
    int runs = Integer.getInteger("exosphere.kill.runs", 200);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Map<String, Map<String, String>> owed = new ConcurrentHashMap<>();
    AtomicInteger reported = new AtomicInteger();
    long started = System.nanoTime();

    Process first = serve();
    URI uri = uriOf(first);
    try (StateManager client = client(uri)) {
      client.registerNodes("kill-test-runtime", List.of(node("Root", "seed", "x"), node("Leaf", "x", "y")));
      client.upsertGraph(new GraphTemplate(GRAPH, NS, Map.of(), List.of(
          NodeTemplate.of("Root", NS, "root", Map.of("seed", "s"), List.of("leaf")),
          NodeTemplate.of("Leaf", NS, "leaf", Map.of("x", "${{ root.outputs.x }}"), List.of())), null, null, List.of()));
      Thread triggers = new Thread(() -> trigger(client, runs, acknowledged));
      Thread worker = new Thread(() -> work(client, owed, reported, false));
      triggers.start();
      worker.start();
      while (reported.get() < runs / 2 && first.isAlive()) {
        Thread.sleep(5);
      }
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the store
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      triggers.join();
      worker.join();
    }
    int beforeKill = reported.get();
    System.out.printf("first server: %.1f s%n", (System.nanoTime() - started) / 1e9);
    int triggeredBeforeKill = acknowledged.size();

    Process second = serve();
    try (StateManager client = client(uriOf(second))) {
      int requeued = requeueLostClaims(client, owed.keySet());
      // The worker delivers the reports the kill interrupted; a 400 means the server had saved it.
      owed.forEach((id, outputs) -> {
        try {
          client.executed(id, List.of(outputs));
        } catch (StateManagerException e) {
          assertEquals(400, e.status(), e.getMessage());
        }
      });
      trigger(client, runs - acknowledged.size(), acknowledged);
      Map<String, Map<String, String>> failed = new ConcurrentHashMap<>();
      work(client, failed, reported, true);
      assertEquals(Map.of(), failed, "no report fails while the server is up");
      Map<String, RunSummary> byId = new java.util.HashMap<>();
      for (RunSummary run : allRuns(client)) {
        byId.put(run.runId(), run);
      }
      assertTrue(byId.keySet().containsAll(acknowledged), "every acknowledged run is there after the kill");
      for (String runId : acknowledged) {
        RunSummary run = byId.get(runId);
        assertEquals("SUCCESS", run.status(), () -> "run " + run);
        assertEquals(2, run.totalCount(), () -> "run " + run);
        assertEquals(2, run.successCount(), () -> "run " + run);
      }
      System.out.printf("kill -9 after %d of %d runs triggered and %d states reported; %d reports interrupted and"
          + " delivered after the restart; %d claims lost with the kill re-queued; %d runs finished in %.1f s%n",
          triggeredBeforeKill, runs, beforeKill, owed.size(), requeued, acknowledged.size(),
          (System.nanoTime() - started) / 1e9);
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static List<RunSummary> allRuns(StateManager client) {
    List<RunSummary> all = new java.util.ArrayList<>();
    for (int page = 1; ; page++) {
      List<RunSummary> runs = client.runs(page, 500).runs();
      all.addAll(runs);
      if (runs.size() < 500) {
        return all;
      }
    }
  }

  private static void trigger(StateManager client, int count, Set<String> acknowledged) {
    try {
      for (int i = 0; i < count; i++) {
        acknowledged.add(client.trigger(GRAPH));
      }
    } catch (StateManagerException e) {
      // The server was killed: a trigger in flight may or may not have created its run.
    }
  }

  /**
   * Claims and completes states until the server stops answering, or with {@code untilDone} until no run
   * is pending; a report that failed is kept in {@code owed}, as a runtime keeps what it owes.
   */
  private static void work(StateManager client, Map<String, Map<String, String>> owed, AtomicInteger reported,
      boolean untilDone) {
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (System.nanoTime() < deadline) {
        List<EnqueuedState> states = client.enqueue(List.of("Root", "Leaf"), 50);
        if (states.isEmpty()) {
          if (untilDone && allRuns(client).stream().allMatch(r -> r.pendingCount() == 0)) {
            return;
          }
          Thread.sleep(2);
          continue;
        }
        for (EnqueuedState s : states) {
          Map<String, String> outputs = s.nodeName().equals("Root") ? Map.of("x", "x-" + s.stateId())
              : Map.of("y", s.inputs().get("x") + "!");
          try {
            client.executed(s.stateId(), List.of(outputs));
            reported.incrementAndGet();
          } catch (StateManagerException e) {
            owed.put(s.stateId(), outputs);
          }
        }
      }
    } catch (StateManagerException e) {
      // The server was killed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A claim whose answer was lost in the kill stays QUEUED, as on the real server (there is no lease);
   * the worker never saw it, so it puts it back to CREATED the way an operator would.
   */
  private static int requeueLostClaims(StateManager client, Set<String> known) {
    int requeued = 0;
    for (RunSummary run : allRuns(client)) {
      if (run.pendingCount() == 0) {
        continue;
      }
      RunGraph graph = client.graphStructure(run.runId());
      for (RunGraph.StateNode node : graph.nodes()) {
        if (node.status().equals("QUEUED") && !known.contains(node.id())) {
          client.reEnqueueAfter(node.id(), Duration.ZERO);
          requeued++;
        }
      }
    }
    return requeued;
  }

  private Process serve() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve", "--port", "0", "--api-key", KEY, "--data-dir", dir.resolve("data").toString());
    builder.environment().remove("SECRETS_ENCRYPTION_KEY");
    builder.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("serve.log").toFile()));
    return builder.start();
  }

  private static URI uriOf(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      int at = line.indexOf("listening on ");
      if (at >= 0) {
        URI uri = URI.create(line.substring(at + "listening on ".length()).strip());
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            // The process ended.
          }
        });
        drain.setDaemon(true);
        drain.start();
        return uri;
      }
    }
    throw new AssertionError("exosphere serve ended before listening, exit " + process.exitValue());
  }

  private static StateManager client(URI uri) {
    return StateManager.builder().uri(uri).apiKey(KEY).namespace(NS).maxRetries(0).build();
  }

  private static NodeRegistration node(String name, String input, String output) {
    return new NodeRegistration(name, schema("Inputs", input), schema("Outputs", output), List.of());
  }

  private static ObjectNode schema(String title, String field) {
    ObjectNode schema = JSON.createObjectNode();
    schema.putObject("properties").putObject(field).put("title", field).put("type", "string");
    schema.putArray("required").add(field);
    return schema.put("title", title).put("type", "object");
  }
}
