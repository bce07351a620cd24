package host.exosphere.worker.bench;

import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.local.LocalStateManager;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.worker.ExosphereRuntime;
import host.exosphere.worker.nodes.ChainStep;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Latency of a run that starts while everything is idle: a 3-step chain ({@code s1 → s2 → s3}) triggered
 * {@code runs} times, each after a random idle gap, timed from the trigger until the run reads SUCCESS.
 * Every runtime runs in its own process behind a {@link CountingRelay}, so the Java and the official Python
 * runtime are measured the same way: requests counted at the relay, CPU read from {@code /proc}, and the
 * end of a run noticed from the server's answer to the third {@code executed} report (the server is only
 * asked for the run's status after that, so the timing adds no load). Rows:
 * <ul>
 *   <li>the embedded state manager: the Java runtime (which waits on {@code states/await} there), the
 *       Python runtime at its defaults (1 s poll, batch 16) and tuned ({@code poll_interval=0.05});
 *   <li>Exosphere's state manager from {@code ../shared/realserver} when it is there: the Java runtime at
 *       its defaults, with an idle poll cap of 50 ms (the tuned Python runtime's request budget), and the
 *       Python runtime at its defaults and tuned;
 *   <li>what a JUnit test pays: runtime start, upsert, trigger, {@code Runs.await}, close, in one JVM,
 *       against the embedded server, first test and the ones after it.
 * </ul>
 *
 * <p>Run (from the repository root, after building the class path as the README says):
 * <pre>
 * source ../shared/realserver/python-sdk.sh   # optional: the Python rows
 * java -cp "$CP" -Dbench.realPort=18150 host.exosphere.worker.bench.LatencyBenchmark [runs=20] [gapMs=1000]
 * </pre>
 * {@code -Dexosphere.shared=DIR} points at the shared folder (default {@code ../shared}).
 */
public final class LatencyBenchmark {
  private static final List<String> STEPS = ChainStep.STEPS;
  private static final String KEY = "latency-bench-key";

  private LatencyBenchmark() {}

  /** One row: latencies in ms, idle requests per second and idle CPU ms per second of the runtime's process. */
  record Row(String label, List<Double> millis, double idleRequestsPerSecond, double idleCpuMillisPerSecond) {
    double percentile(double p) {
      List<Double> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
  }

  /** The Java runtime as its own process: {@code uri key namespace idleMaxMs}; stops when stdin closes. */
  public static final class RuntimeProcess {
    private RuntimeProcess() {}

    public static void main(String[] args) throws IOException {
      StateManager client = StateManager.builder().uri(args[0]).apiKey(args[1]).namespace(args[2]).build();
      ExosphereRuntime.Builder builder = ExosphereRuntime.builder(client).name("java-" + args[2]);
      STEPS.forEach(step -> builder.node(new ChainStep(step)));
      if (args.length > 3) {
        builder.idleBackoff(Duration.ofMillis(10), Duration.ofMillis(Long.parseLong(args[3])));
      }
      try (ExosphereRuntime runtime = builder.build()) {
        runtime.start();
        while (System.in.read() >= 0) {
          // Runs until the benchmark closes our stdin.
        }
      }
    }
  }

  /** A JVM that only waits for its stdin to close: the floor under the Java runtime's idle CPU. */
  public static final class IdleProcess {
    private IdleProcess() {}

    public static void main(String[] args) throws IOException {
      while (System.in.read() >= 0) {
        // Nothing: the benchmark closes our stdin.
      }
    }
  }

  /** CPU ms per second of a JVM doing nothing, over the same window as the idle rows. */
  private static double idleJvmCpu() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), IdleProcess.class.getName()).start();
    try {
      Thread.sleep(5_000);
      long before = cpuMillis(process.pid());
      long start = System.nanoTime();
      Thread.sleep(10_000);
      return (cpuMillis(process.pid()) - before) / ((System.nanoTime() - start) / 1e9);
    } finally {
      process.getOutputStream().close();
      process.waitFor(15, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    long gapMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
    Path shared = Path.of(System.getProperty("exosphere.shared", "../shared")).toAbsolutePath().normalize();
    String python = pythonSdk(shared);
    List<Row> rows = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%d runs per row, each after an idle gap of %d-%d ms; runtimes idle 5 s before "
        + "the idle window is measured%n", runs, gapMillis, gapMillis * 3 / 2);

    if (selected("tests")) {
      testsPay();
    }
    if (selected("reference")) {
      System.out.printf(Locale.ROOT, "for reference, a JVM doing nothing uses %.2f ms CPU/s%n", idleJvmCpu());
    }

    try (LocalStateManager server = LocalStateManager.builder().apiKey(KEY).start()) {
      measure(rows, server.uri(), "embedded", "Java runtime, defaults (waits on states/await)", java(null), runs, gapMillis);
      if (python != null) {
        measure(rows, server.uri(), "embedded", "Python runtime, defaults (batch 16, 1 s poll)", python(python, "1"), runs,
            gapMillis);
        measure(rows, server.uri(), "embedded", "Python runtime, poll_interval 0.05", python(python, "0.05"), runs,
            gapMillis);
      }
    }
    Path start = shared.resolve("realserver/start.sh");
    if (!System.getProperty("bench.only", "real").contains("real")) {
      System.out.println("real state manager: not selected");
    } else if (!Files.isRegularFile(start)) {
      System.out.println("real state manager: skipped, " + start + " is not there");
    } else {
      int port = Integer.getInteger("bench.realPort", 18150);
      run(List.of("bash", start.toString(), Integer.toString(port), KEY), true);
      try {
        URI uri = URI.create("http://127.0.0.1:" + port);
        measure(rows, uri, "real", "Java runtime, defaults (idle poll cap 500 ms)", java(null), runs, gapMillis);
        measure(rows, uri, "real", "Java runtime, idleBackoff(10 ms, 50 ms)", java("50"), runs, gapMillis);
        if (python != null) {
          measure(rows, uri, "real", "Python runtime, defaults (batch 16, 1 s poll)", python(python, "1"), runs, gapMillis);
          measure(rows, uri, "real", "Python runtime, poll_interval 0.05", python(python, "0.05"), runs, gapMillis);
        }
      } finally {
        run(List.of("bash", shared.resolve("realserver/stop.sh").toString(), Integer.toString(port)), false);
      }
    }
    if (python == null) {
      System.out.println("Python runtime: skipped, no EXOSPHERE_PYSDK_PYTHON and " + shared
          + "/realserver/python-sdk.sh did not provide one");
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-62s %9s %9s %9s %14s %16s%n", "3-step chain from idle, trigger -> SUCCESS",
        "p50 ms", "p95 ms", "max ms", "idle req/s", "idle CPU ms/s");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "%-62s %9.1f %9.1f %9.1f %14.2f %16.2f%n", row.label(), row.percentile(50),
          row.percentile(95), row.percentile(100), row.idleRequestsPerSecond(), row.idleCpuMillisPerSecond());
    }
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf(Locale.ROOT, "cores: %d, load average: %.1f%n", java.lang.Runtime.getRuntime().availableProcessors(),
        load);
  }

  /** What a test with {@code LocalStateManagerExtension} pays for a 3-step graph, the first time and after. */
  private static void testsPay() throws Exception {
    List<Double> times = new ArrayList<>();
    try (LocalStateManager server = LocalStateManager.start()) {
      for (int test = 0; test < 21; test++) {
        long started = System.nanoTime();
        StateManager client = server.client("tests");
        ExosphereRuntime.Builder builder = ExosphereRuntime.builder(client).name("test-" + test);
        STEPS.forEach(step -> builder.node(new ChainStep(step)));
        try (ExosphereRuntime runtime = builder.build()) {
          runtime.start();
          long t1 = System.nanoTime();
          client.upsertGraph(ChainStep.graph("tests"));
          long t2 = System.nanoTime();
          String runId = client.trigger(ChainStep.GRAPH, new TriggerRequest(Map.of(), Map.of(), Duration.ZERO));
          RunResult result = Runs.await(client, ChainStep.GRAPH, runId, Duration.ofSeconds(30));
          long t3 = System.nanoTime();
          if (Boolean.getBoolean("bench.phases")) {
            System.out.printf(Locale.ROOT, "  start %.1f upsert %.1f run %.1f%n", (t1 - started) / 1e6, (t2 - t1) / 1e6,
                (t3 - t2) / 1e6);
          }
          if (!"SUCCESS".equals(result.status())) {
            throw new IllegalStateException("test run ended " + result.status());
          }
        }
        times.add((System.nanoTime() - started) / 1e6);
      }
    }
    Row row = new Row("tests", times.subList(1, times.size()), 0, 0);
    System.out.printf(Locale.ROOT, "a JUnit-style test (start runtime, upsert, trigger, Runs.await, close) on the embedded "
        + "server: first %.1f ms, then p50 %.1f ms, max %.1f ms over %d tests (target < 100 ms after the first)%n",
        times.get(0), row.percentile(50), row.percentile(100), row.millis().size());
  }

  private interface Launcher {
    Process start(URI uri, String namespace) throws IOException;
  }

  private static Launcher java(String idleMaxMillis) {
    return (uri, namespace) -> {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("bench.runtimeLogLevel", "info"),
          "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", System.getProperty("java.class.path"),
          RuntimeProcess.class.getName(), uri.toString(), KEY,
          namespace));
      if (idleMaxMillis != null) {
        command.add(idleMaxMillis);
      }
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile(namespace)).start();
    };
  }

  private static Launcher python(String interpreter, String pollInterval) {
    return (uri, namespace) -> {
      Path script = Files.createTempFile("latency-bench", ".py");
      script.toFile().deleteOnExit();
      StringBuilder code = new StringBuilder("import sys\nfrom pydantic import BaseModel\n"
          + "from exospherehost import Runtime, BaseNode\n");
      for (String step : STEPS) {
        code.append("class ").append(step).append("(BaseNode):\n")
            .append("    class Inputs(BaseModel):\n        x: str\n")
            .append("    class Outputs(BaseModel):\n        x: str\n")
            .append("    async def execute(self):\n        return self.Outputs(x=self.inputs.x + '.").append(step)
            .append("')\n");
      }
      code.append("Runtime(namespace=sys.argv[3], name='python-' + sys.argv[3], nodes=[")
          .append(String.join(", ", STEPS)).append("], state_manager_uri=sys.argv[1], key=sys.argv[2], ")
          .append("poll_interval=float(sys.argv[4])).start()\n");
      Files.writeString(script, code, StandardCharsets.UTF_8);
      return new ProcessBuilder(interpreter, script.toString(), uri.toString(), KEY, namespace, pollInterval)
          .redirectErrorStream(true).redirectOutput(logFile(namespace)).start();
    };
  }

  private static File logFile(String namespace) {
    File file = new File(System.getProperty("java.io.tmpdir"), "latency-bench-" + namespace + ".log");
    if (!Boolean.getBoolean("bench.keepLogs")) {
      file.deleteOnExit();
    }
    return file;
  }

  /**
   * Whether {@code -Dbench.only=a,b} (substrings of row labels such as {@code embedded: Java} or {@code real:
   * Python}, or {@code tests}, {@code reference}) selects this part; everything runs without it. The real
   * server is started only when a part names it.
   */
  private static boolean selected(String label) {
    String only = System.getProperty("bench.only", "");
    return only.isBlank() || Arrays.stream(only.split(",")).anyMatch(part -> label.contains(part.strip()));
  }

  private static void measure(List<Row> rows, URI server, String where, String label, Launcher launcher, int runs,
      long gapMillis) throws Exception {
    if (selected(where + ": " + label)) {
      rows.add(measure(server, where, label, launcher, runs, gapMillis));
    }
  }

  private static Row measure(URI server, String where, String label, Launcher launcher, int runs, long gapMillis)
      throws Exception {
    String namespace = "lat-" + where + "-" + Long.toHexString(System.nanoTime());
    StateManager client = StateManager.builder().uri(server).apiKey(KEY).namespace(namespace).build();
    try (CountingRelay relay = new CountingRelay(server)) {
      Process process = launcher.start(relay.uri(), namespace);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.listNodes().size() < STEPS.size()) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            throw new IllegalStateException(label + ": the runtime did not register (see " + logFile(namespace) + ")");
          }
          Thread.sleep(50);
        }
        client.upsertGraph(ChainStep.graph(namespace));
        for (int i = 0; i < Integer.getInteger("bench.warmups", 3); i++) {
          timeOneRun(client, relay, label); // warm-up, not idle
        }
        Thread.sleep(5_000);
        long requestsBefore = relay.requests.get();
        long cpuBefore = cpuMillis(process.pid());
        long windowStart = System.nanoTime();
        Thread.sleep(10_000);
        double window = (System.nanoTime() - windowStart) / 1e9;
        double idleRate = (relay.requests.get() - requestsBefore) / window;
        double idleCpu = (cpuMillis(process.pid()) - cpuBefore) / window;
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          Thread.sleep(gapMillis + ThreadLocalRandom.current().nextLong(gapMillis / 2 + 1));
          millis.add(timeOneRun(client, relay, label));
        }
        Row row = new Row(where + ": " + label, millis, idleRate, idleCpu);
        System.out.printf(Locale.ROOT, "%-62s p50 %7.1f ms, p95 %7.1f ms; idle %.2f req/s, %.2f ms CPU/s%n", row.label(),
            row.percentile(50), row.percentile(95), idleRate, idleCpu);
        return row;
      } finally {
        process.getOutputStream().close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      }
    }
  }

  /** Trigger → the server's answer to the third executed report → the run read as SUCCESS, in ms. */
  private static double timeOneRun(StateManager client, CountingRelay relay, String label) throws Exception {
    long answersBefore = relay.executedAnswers();
    long started = System.nanoTime();
    String runId = client.trigger(ChainStep.GRAPH, new TriggerRequest(Map.of(), Map.of(), Duration.ZERO));
    long triggered = System.nanoTime();
    StringBuilder phases = new StringBuilder();
    for (int step = 1; step <= STEPS.size(); step++) {
      if (!relay.awaitExecutedAnswers(answersBefore + step, 60_000)) {
        throw new IllegalStateException(label + ": run " + runId + " did not finish within 60 s");
      }
      phases.append(String.format(Locale.ROOT, " step %d %.1f", step, (System.nanoTime() - started) / 1e6));
    }
    while (true) {
      RunGraph graph = client.graphStructure(runId);
      if (graph.nodes().size() == STEPS.size() && graph.nodes().stream().allMatch(n -> "SUCCESS".equals(n.status()))) {
        double millis = (System.nanoTime() - started) / 1e6;
        if (Boolean.getBoolean("bench.phases")) {
          System.out.printf(Locale.ROOT, "  trigger %.1f%s, SUCCESS read %.1f ms%n", (triggered - started) / 1e6, phases,
              millis);
        }
        return millis;
      }
      Thread.sleep(1);
    }
  }


  /** CPU time of a process in ms, from {@code /proc} (10 ms ticks). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /** The SDK's interpreter from the environment, or from {@code python-sdk.sh}; null when neither works. */
  private static String pythonSdk(Path shared) {
    String fromEnvironment = System.getenv("EXOSPHERE_PYSDK_PYTHON");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    Path script = shared.resolve("realserver/python-sdk.sh");
    if (!Files.isRegularFile(script)) {
      return null;
    }
    try {
      Process p = new ProcessBuilder("bash", "-c", "source \"$0\" >/dev/null 2>&1 && printf %s \"$EXOSPHERE_PYSDK_PYTHON\"",
          script.toString()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && !out.isEmpty() ? out : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static void run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 && mustSucceed) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
  }
}
