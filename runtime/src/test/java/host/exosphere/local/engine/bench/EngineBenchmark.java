package host.exosphere.local.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.LocalEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process engine benchmark (README, "Benchmarks"): throughput of trivial states through trigger → enqueue →
 * executed, and the heap a 100,000-way fan-out holds once it has completed. Each figure is printed next
 * to a baseline measured in the same run, and the same throughput with a data directory (every call
 * committed to disk) beside the in-memory figure. Not part of {@code mvn verify}. Run with:
 *
 * <pre>
 * mvn -B -o -q -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx512m -cp runtime/target/classes:runtime/target/test-classes:$(cat /tmp/cp.txt) \
 *     host.exosphere.local.engine.bench.EngineBenchmark
 * </pre>
 */
public final class EngineBenchmark {
  private static final String NS = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int states = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int fanOut = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int durableStates = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;

    // Warm-up, so the JIT has compiled the paths being measured.
    throughput(20_000, 100);
    baseline(200_000);

    double[] batch1 = throughput(states, 1);
    double[] batch100Result = throughput(states, 100);
    double batch100 = batch100Result[0];
    double map = baseline(states);
    Path dir = Files.createTempDirectory("exosphere-engine-bench");
    throughput(durableStates / 10, 100, dir.resolve("warm-up"));
    double[] durable = throughput(durableStates, 100, dir.resolve("measured"));
    deleteTree(dir);
    System.out.printf("throughput, batch 100: %,.0f states/s wall clock, %,.0f states per CPU-second of this"
        + " process (target >= 50,000)%n", batch100, batch100Result[1]);
    System.out.printf("throughput, batch 100, durable (dataDir, a commit per call): %,.0f states/s wall clock,"
        + " %,.0f per CPU-second; durable / in memory: %.3f%n", durable[0], durable[1], durable[0] / batch100);
    System.out.printf("throughput, batch 1:   %,.0f states/s wall clock, %,.0f per CPU-second (one claim per"
        + " enqueue call)%n", batch1[0], batch1[1]);
    System.out.printf("baseline, ConcurrentHashMap put+get+remove of a state-sized record: %,.0f ops/s%n", map);
    System.out.printf("engine / map baseline: %.3f; batch 100 / batch 1: %.2f%n", batch100 / map,
        batch100 / batch1[0]);

    fanOutMemory(fanOut);
  }

  /**
   * Single-node runs: trigger {@code count} runs, then claim in batches and report each executed. Returns
   * states per wall-clock second and per CPU-second of the process (fair on a loaded machine).
   */
  private static double[] throughput(int count, int batch) throws Exception {
    return throughput(count, batch, null);
  }

  /** As above; with a data directory, every call commits to disk before it returns. */
  private static double[] throughput(int count, int batch, Path dataDir) throws Exception {
    LocalEngine.Builder builder = LocalEngine.builder();
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    try (LocalEngine engine = builder.build()) {
      setUp(engine, false);
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      int done = 0;
      List<Map<String, Object>> none = List.of();
      while (done < count) {
        int n = Math.min(batch, count - done);
        for (int i = 0; i < n; i++) {
          engine.trigger(NS, "single", TriggerRequestBody.empty());
        }
        List<EnqueuedStateBody> claimed = engine.enqueue(NS, new EnqueueRequest(List.of("Trivial"), n)).states();
        for (EnqueuedStateBody s : claimed) {
          engine.executed(NS, s.stateId(), new ExecutedRequest(none));
        }
        done += claimed.size();
      }
      engine.awaitIdle(Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      long success = engine.runs(NS, 1, 1).runs().get(0).successCount();
      if (success != 1) {
        throw new IllegalStateException("run did not succeed");
      }
      return new double[] {count / seconds, count / cpuSeconds};
    }
  }

  /** The floor: the same number of inserts, lookups and removals in a plain concurrent map. */
  private static double baseline(int count) {
    ConcurrentHashMap<String, Map<String, Object>> map = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < count; i++) {
      String key = Integer.toHexString(i);
      Map<String, Object> record = new HashMap<>();
      record.put("status", "CREATED");
      map.put(key, record);
      sink += map.get(key).size();
      map.remove(key);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink != count) {
      throw new IllegalStateException();
    }
    return count / seconds;
  }

  /** r → c; r returns {@code width} outputs; every c-state is then claimed and executed. */
  private static void fanOutMemory(int width) throws Exception {
    long before = usedHeapAfterGc();
    List<Map<String, Object>> outputs = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      outputs.add(Map.of("x", Integer.toString(i)));
    }
    long payload = usedHeapAfterGc() - before;
    try (LocalEngine engine = LocalEngine.builder().build()) {
      setUp(engine, true);
      long start = System.nanoTime();
      engine.trigger(NS, "fan", TriggerRequestBody.empty());
      String root = engine.enqueue(NS, new EnqueueRequest(List.of("Fan"), 1)).states().get(0).stateId();
      engine.executed(NS, root, new ExecutedRequest(outputs));
      engine.awaitIdle(Duration.ofMinutes(5));
      int done = 0;
      while (true) {
        List<EnqueuedStateBody> claimed = engine.enqueue(NS, new EnqueueRequest(List.of("Child"), 1_000)).states();
        if (claimed.isEmpty()) {
          break;
        }
        for (EnqueuedStateBody s : claimed) {
          engine.executed(NS, s.stateId(), new ExecutedRequest(List.of()));
        }
        done += claimed.size();
      }
      engine.awaitIdle(Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - start) / 1e9;
      var run = engine.runs(NS, 1, 1).runs().get(0);
      long used = usedHeapAfterGc() - before;
      System.out.printf("fan-out %,d: %s with %,d states (%,d children run) in %.2f s%n", width, run.status(),
          run.totalCount(), done, seconds);
      System.out.printf("fan-out heap held by the engine and the request: %,d MB (target <= 512 MB, max heap %,d MB)%n",
          used >> 20, Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("baseline, the executed request's %,d output maps alone: %,d MB; ratio %.1f%n", width,
          payload >> 20, used / (double) Math.max(1, payload));
    }
  }

  private static void setUp(LocalEngine engine, boolean fan) throws InterruptedException {
    engine.registerNodes(NS, new RegisterNodesRequest("bench", List.of(
        new NodeBody("Trivial", schema(), schema(), List.of()),
        new NodeBody("Fan", schema(), schemaWith("x"), List.of()),
        new NodeBody("Child", schemaWith("x"), schema(), List.of()))));
    ObjectNode body = JSON.createObjectNode();
    body.putObject("secrets");
    ObjectNode root = body.putArray("nodes").addObject();
    root.put("node_name", fan ? "Fan" : "Trivial").put("namespace", NS).put("identifier", "r").putObject("inputs");
    if (fan) {
      root.putArray("next_nodes").add("c");
      ObjectNode child = ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("nodes")).addObject();
      child.put("node_name", "Child").put("namespace", NS).put("identifier", "c");
      child.putObject("inputs").put("x", "${{ r.outputs.x }}");
      child.putArray("next_nodes");
    } else {
      root.putArray("next_nodes");
    }
    engine.upsertGraph(NS, fan ? "fan" : "single", body);
    engine.awaitIdle(Duration.ofSeconds(30));
    String status = engine.getGraph(NS, fan ? "fan" : "single").validationStatus();
    if (!status.equals("VALID")) {
      throw new IllegalStateException("benchmark graph is " + status + ": "
          + engine.getGraph(NS, fan ? "fan" : "single").validationErrors());
    }
  }

  private static ObjectNode schema() {
    ObjectNode s = JSON.createObjectNode();
    s.putObject("properties");
    return s.put("title", "Model").put("type", "object");
  }

  private static ObjectNode schemaWith(String field) {
    ObjectNode s = JSON.createObjectNode();
    s.putObject("properties").putObject(field).put("title", field).put("type", "string");
    s.putArray("required").add(field);
    return s.put("title", "Inputs").put("type", "object");
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return System.nanoTime();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
