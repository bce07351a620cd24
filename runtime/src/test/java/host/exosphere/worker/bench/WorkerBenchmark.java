package host.exosphere.worker.bench;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.local.LocalStateManager;
import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.InMemoryThroughput;
import host.exosphere.worker.NodeContext;
import host.exosphere.worker.ExosphereRuntime;
import host.exosphere.worker.RuntimeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Worker throughput over loopback HTTP against the embedded state manager: {@code N} trivial states
 * through one runtime, next to the same runtime configured like the Python runtime's defaults (batch 16,
 * 4 workers, a fixed 1 s sleep between polls, docs/state-manager.md §5.3), measured in the same JVM run.
 *
 * <p>Each round creates its states before the clock starts: a seed state fans out into {@code N} CREATED
 * {@code Leaf} states (reported by hand), then a fresh runtime for {@code Leaf} is started and timed until
 * it has reported all of them. The Python-like baseline runs fewer states (it manages about 16 per second)
 * and its rate is extrapolated; the printout says so. A last line measures the runtime alone over an
 * in-memory queue, to show how much of the HTTP figure is the runtime's own cost. Each round also
 * prints the process's CPU time, because on a shared machine the wall-clock rate mostly measures the
 * neighbours.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -B -o -q -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * java -cp "runtime/target/test-classes:runtime/target/classes:$(cat runtime/target/classpath.txt)" \
 *     host.exosphere.worker.bench.WorkerBenchmark [states=10000] [baselineStates=160] [workers=16] [batch=64]
 * </pre>
 *
 * <p>{@code -Dbench.pooledExecutor=true} gives the client's JDK {@code HttpClient} a cached thread pool
 * (the JDK's default, which the SDK's client no longer uses), to measure what the hand-offs between its
 * threads cost. {@code -Dbench.threads=true} prints the CPU time of each group of threads while timed
 * (Linux only), JIT compiler and GC threads included.
 */
public final class WorkerBenchmark {
  private WorkerBenchmark() {}

  /** The trivial node: takes {@code i}, returns nothing. */
  static final class LeafAdapter extends AbstractNodeAdapter {
    LeafAdapter() {
      super("Leaf", "", LeafAdapter.class, true, List.of("i"), List.of(), List.of());
    }

    @Override
    protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
      return null;
    }
  }

  /** {@code cpuSeconds}: CPU time of the whole process (runtime, client and server) while it was timed. */
  record Result(String label, int states, double seconds, double cpuSeconds, RuntimeMetrics metrics) {
    double rate() {
      return states / seconds;
    }

    double perCpuSecond() {
      return states / cpuSeconds;
    }
  }

  /**
   * CPU time per native thread of this process (Linux {@code /proc/self/task}), total and kernel in
   * nanoseconds, keyed by thread name and id: it includes the JIT compiler and GC threads, which the
   * JMX thread bean does not list. Empty elsewhere. Threads that end while timed are missed.
   */
  private static Map<String, long[]> threadCpu() {
    Map<String, long[]> byThread = new java.util.TreeMap<>();
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return byThread;
    }
    long nanosPerTick = 10_000_000L; // USER_HZ is 100 on Linux
    for (java.io.File task : tasks) {
      try {
        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).split(" ");
        long user = Long.parseLong(fields[11]) * nanosPerTick;
        long kernel = Long.parseLong(fields[12]) * nanosPerTick;
        String group = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
        byThread.put(group + "#" + task.getName(), new long[] {user + kernel, kernel});
      } catch (java.io.IOException | RuntimeException ended) {
        // The thread ended between listing and reading.
      }
    }
    return byThread;
  }

  private static void printThreadCpu(Map<String, long[]> before, Map<String, long[]> after, int states) {
    Map<String, long[]> groups = new java.util.TreeMap<>();
    after.forEach((key, sums) -> {
      long[] start = before.getOrDefault(key, new long[2]);
      long[] group = groups.computeIfAbsent(key.substring(0, key.indexOf('#')), k -> new long[3]);
      group[0] += sums[0] - start[0];
      group[1] += sums[1] - start[1];
      group[2]++;
    });
    groups.entrySet().stream().filter(e -> e.getValue()[0] > 0)
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(e -> System.out.printf(Locale.ROOT, "    %-45s %3d thread(s) %7.1f us CPU/state (%4.1f us kernel)%n",
            e.getKey(), e.getValue()[2], e.getValue()[0] / 1e3 / states, e.getValue()[1] / 1e3 / states));
  }

  private static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  public static void main(String[] args) throws Exception {
    int states = arg(args, 0, 10_000);
    int baselineStates = arg(args, 1, 160);
    int workers = arg(args, 2, 16);
    int batch = arg(args, 3, 64);
    org.slf4j.LoggerFactory.getLogger(WorkerBenchmark.class).debug("benchmark starting");
    try (LocalStateManager server = LocalStateManager.builder()
        .httpThreads(Integer.getInteger("bench.httpThreads", 16)).start()) {
      // Warm-up: JIT the client, server and runtime paths before anything is timed. On a small, shared
      // machine the compilers need several seconds of CPU, which would otherwise land in the timed round
      // (a long-running runtime pays it once), so warm up until a round no longer keeps them busy.
      java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
      for (int round = 1; round <= 8; round++) {
        long jitBefore = jit.getTotalCompilationTime();
        measure(server, "warmup" + round, Math.min(5_000, states), "warm-up " + round,
            b -> b.workers(workers).batchSize(batch));
        long jitMillis = jit.getTotalCompilationTime() - jitBefore;
        if (jitMillis < 100) {
          break;
        }
      }
      Result fast = measure(server, "bench-java", states,
          "Java runtime (" + workers + " workers, batch " + batch + ", polls again at once while there is work)",
          b -> b.workers(workers).batchSize(batch));
      Result python = measure(server, "bench-python", baselineStates,
          "Python-like defaults (4 workers, batch 16, fixed 1 s sleep between polls)",
          b -> b.workers(4).batchSize(16).bufferSize(16).fixedPollInterval(Duration.ofSeconds(1)));
      System.out.println();
      print(fast);
      print(python);
      System.out.printf(Locale.ROOT, "  baseline ran %d states and is extrapolated: %d states would take %.0f s%n",
          baselineStates, states, states / python.rate());
      System.out.printf(Locale.ROOT, "ratio: %.1fx the Python-like defaults; target >= 5000 states/s: %s%n",
          fast.rate() / python.rate(), fast.rate() >= 5000 ? "met" : "NOT met");
      InMemoryThroughput.statesPerSecond(states, workers, batch); // warm-up
      System.out.printf(Locale.ROOT, "for reference, the runtime alone over an in-memory queue (no HTTP, no "
          + "engine): %.0f states/s%n", InMemoryThroughput.statesPerSecond(Math.max(states, 100_000), workers, batch));
      int cores = java.lang.Runtime.getRuntime().availableProcessors();
      double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.out.printf(Locale.ROOT, "cores available: %d, system load average: %.1f%s%n", cores, load,
          load > cores ? String.format(Locale.ROOT, " (the machine is shared: states/s understates an idle machine; "
              + "runtime, client and server together need %.0f CPU seconds per 10,000 states, so %d idle cores "
              + "would allow about %.0f states/s)", 10_000 / fast.perCpuSecond(), cores, cores * fast.perCpuSecond())
              : "");
    }
  }

  private static void print(Result r) {
    System.out.printf(Locale.ROOT, "%-95s %6d states in %7.3f s = %8.1f states/s; %.2f CPU s in this process = "
        + "%.3f ms CPU/state (reports %d, retries %d, polls failed %d)%n", r.label(), r.states(),
        r.seconds(), r.rate(), r.cpuSeconds(), 1000 / r.perCpuSecond(), r.metrics().reported(),
        r.metrics().reportRetries(), r.metrics().pollFailures());
  }

  private static Result measure(LocalStateManager server, String namespace, int n, String label,
      UnaryOperator<ExosphereRuntime.Builder> config) throws Exception {
    StateManager client = Boolean.getBoolean("bench.pooledExecutor")
        ? StateManager.builder().uri(server.uri()).apiKey(server.apiKey()).namespace(namespace)
            .executor(java.util.concurrent.Executors.newCachedThreadPool()).build()
        : server.client(namespace);
    client.registerNodes("bench-setup", List.of(
        new NodeRegistration("Seed", NodeSchemas.pydanticSchema("Inputs", List.of()),
            NodeSchemas.pydanticSchema("Outputs", List.of("i")), List.of()),
        new NodeRegistration("Leaf", NodeSchemas.pydanticSchema("Inputs", List.of("i")),
            NodeSchemas.pydanticSchema("Outputs", List.of()), List.of())));
    String body = ("{\"secrets\":{},\"nodes\":["
        + "{\"node_name\":\"Seed\",\"namespace\":\"NS\",\"identifier\":\"seed\",\"inputs\":{},\"next_nodes\":[\"leaf\"]},"
        + "{\"node_name\":\"Leaf\",\"namespace\":\"NS\",\"identifier\":\"leaf\",\"inputs\":{\"i\":\"${{ seed.outputs.i }}\"},"
        + "\"next_nodes\":[]}]}").replace("NS", namespace);
    client.upsertGraph(GraphJson.fromJson(GraphJson.mapper().readTree(body), "bench", namespace));
    client.trigger("bench", TriggerRequest.EMPTY);
    List<EnqueuedState> seed = client.enqueue(List.of("Seed"), 1);
    List<Map<String, String>> outputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      outputs.add(Map.of("i", Integer.toString(i)));
    }
    client.executed(seed.get(0).stateId(), outputs);
    if (!server.awaitIdle(Duration.ofMinutes(2))) {
      throw new IllegalStateException("the server did not create the leaf states in time");
    }

    ExosphereRuntime runtime = config.apply(ExosphereRuntime.builder(client).name(namespace).node(new LeafAdapter())).build();
    boolean threadBreakdown = Boolean.getBoolean("bench.threads");
    Map<String, long[]> threadsBefore = threadBreakdown ? threadCpu() : null;
    double cpuStart = processCpuSeconds();
    long start = System.nanoTime();
    runtime.start();
    while (runtime.metrics().reported() < n) {
      Thread.sleep(1);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = processCpuSeconds() - cpuStart;
    if (threadBreakdown) {
      System.out.println(label + ": CPU by thread group while timed (" + java.time.Instant.now()
          .minusNanos(System.nanoTime() - start) + " to " + java.time.Instant.now() + ")");
      printThreadCpu(threadsBefore, threadCpu(), n);
    }
    runtime.close();
    RuntimeMetrics metrics = runtime.metrics();
    if (!server.awaitIdle(Duration.ofMinutes(1))) {
      throw new IllegalStateException("the server did not settle");
    }
    // Fan-out keeps one seed state per output (docs/state-manager.md §4.3), each with its leaf: 2n states in all.
    long success = client.runs(1, 1).runs().get(0).successCount();
    if (success != 2L * n) {
      throw new IllegalStateException(label + ": expected " + 2 * n + " SUCCESS states, the server counts " + success);
    }
    return new Result(label, n, seconds, cpuSeconds, metrics);
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
