package host.exosphere.local.bench;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Memory of a long-lived {@code exosphere serve}: a separate server JVM (default heap, as a user starts
 * it) runs one-step runs driven over HTTP (trigger, enqueue, executed); after 20,000 and 100,000 runs the
 * server's resident set (VmRSS) and its heap after a full GC (jstat) are printed. The same run measures
 * the baseline, a server keeping every run ({@code --retain-runs} at its maximum, the behaviour before the
 * retention), to 20,000 runs.
 *
 * <pre>
 * java [-Dsoak.serverJvm=-Xmx256m] -cp "$CP" host.exosphere.local.bench.ServeSoakBenchmark [runs=20000,100000] [baselineRuns=20000]
 * </pre>
 * {@code soak.serverJvm} holds the server JVM's options; on the default heap the RSS mostly shows how far
 * the JVM chose to grow its heap, not what the server keeps (the heap after a full GC shows that).
 * Linux only (it reads {@code /proc}); needs {@code jcmd} and {@code jstat} beside {@code java}.
 */
public final class ServeSoakBenchmark {
  private static final String KEY = "soak-key";
  private static final String NS = "soak";
  private static final int BATCH = 200;

  private ServeSoakBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] marks = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {20_000, 100_000};
    int baselineRuns = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    List<String> lines = new ArrayList<>();
    lines.addAll(soak("retention: default (10,000 finished runs kept)", null, marks));
    lines.addAll(soak("baseline: every run kept", String.valueOf(Integer.MAX_VALUE), new int[] {baselineRuns}));
    System.out.println();
    lines.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "cores: %d, load average: %.1f%n", Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static List<String> soak(String label, String retainRuns, int[] marks) throws Exception {
    Path javaHome = Path.of(System.getProperty("java.home"));
    List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
    String jvmOptions = System.getProperty("soak.serverJvm", "");
    if (!jvmOptions.isBlank()) {
      command.addAll(List.of(jvmOptions.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "host.exosphere.cli.Main", "serve", "--port",
        "0", "--api-key", KEY));
    if (retainRuns != null) {
      command.addAll(List.of("--retain-runs", retainRuns));
    }
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> results = new ArrayList<>();
    try {
      String uri = awaitUri(server);
      StateManager client = StateManager.builder().uri(uri).apiKey(KEY).namespace(NS).build();
      client.registerNodes("soak", List.of(new NodeRegistration("Soak", NodeSchemas.pydanticSchema("Inputs",
          List.of("x")), NodeSchemas.pydanticSchema("Outputs", List.of("y")), List.of())));
      client.upsertGraph(GraphJson.fromJson(GraphJson.mapper().readTree("{\"secrets\":{},\"nodes\":[{\"node_name\":"
          + "\"Soak\",\"namespace\":\"soak\",\"identifier\":\"step\",\"inputs\":{\"x\":\"in\"},\"next_nodes\":[]}]}"),
          "soak", NS));
      long done = 0;
      long started = System.nanoTime();
      for (int mark : marks) {
        while (done < mark) {
          int n = (int) Math.min(BATCH, mark - done);
          for (int i = 0; i < n; i++) {
            client.trigger("soak");
          }
          int claimed = 0;
          while (claimed < n) {
            for (EnqueuedState state : client.enqueue(List.of("Soak"), n - claimed)) {
              client.executed(state.stateId(), List.of(Map.of("y", "done")));
              claimed++;
            }
          }
          done += n;
        }
        Thread.sleep(1_000); // the server marks the last states SUCCESS in the background
        long kept = client.runs(1, 1).total();
        double seconds = (System.nanoTime() - started) / 1e9;
        String line = String.format(Locale.ROOT, "%-48s after %,7d runs (%,7d kept): RSS %,5d MB, heap after full GC "
            + "%,5d MB (%.0f runs/s)", label, done, kept, rssMb(server.pid()), heapAfterGcMb(javaHome, server.pid()),
            done / seconds);
        System.out.println(line);
        results.add(line);
      }
      client.close();
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
    return results;
  }

  private static String awaitUri(Process server) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      int at = line.indexOf("listening on ");
      if (at >= 0) {
        String uri = line.substring(at + "listening on ".length()).strip();
        // Keep draining the server's output so it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            out.lines().forEach(l -> { });
          } catch (java.io.UncheckedIOException closed) {
            // The server was stopped.
          }
        }, "soak-drain");
        drain.setDaemon(true);
        drain.start();
        return uri;
      }
    }
    throw new IllegalStateException("the server ended before it listened");
  }

  private static long rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  /** Forces a full GC, then sums the used columns of {@code jstat -gc} (survivors, eden, old), in MB. */
  private static long heapAfterGcMb(Path javaHome, long pid) throws Exception {
    run(javaHome.resolve("bin/jcmd").toString(), String.valueOf(pid), "GC.run");
    List<String> out = run(javaHome.resolve("bin/jstat").toString(), "-gc", String.valueOf(pid));
    String[] names = out.get(0).trim().split("\\s+");
    String[] values = out.get(1).trim().split("\\s+");
    double kb = 0;
    for (int i = 0; i < names.length; i++) {
      if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
        kb += Double.parseDouble(values[i]);
      }
    }
    return Math.round(kb / 1024);
  }

  private static List<String> run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines()
        .toList();
    p.waitFor(60, TimeUnit.SECONDS);
    return lines;
  }
}
