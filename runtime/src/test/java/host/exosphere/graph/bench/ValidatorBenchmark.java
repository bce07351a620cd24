package host.exosphere.graph.bench;

import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.ValidationReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@link GraphValidator#validate} (all layers, with a registry) on layered DAGs of 1,000, 10,000
 * and 100,000 nodes and prints each median and the 10×-ratios. Targets (README, "Benchmarks"): at most 100 ms warm
 * at 10,000 nodes, and at most 12× the time per 10× the graph. Not part of the test suite: timings are
 * printed, never asserted. Wall time and the thread's CPU time are both printed: validation is
 * single-threaded, so they agree on an idle machine, and the CPU time stays meaningful on a busy one.
 *
 * <p>Run from the repository root (the reactor build resolves the annotations module from its
 * {@code target/classes}, so nothing needs to be installed):
 * <pre>
 * mvn -B -q -pl runtime -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=$PWD/target/bench.cp -Dmdep.includeScope=test
 * java -cp "$(cat target/bench.cp):runtime/target/classes:runtime/target/test-classes" \
 *     host.exosphere.graph.bench.ValidatorBenchmark
 * </pre>
 */
public final class ValidatorBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ValidatorBenchmark() {}

  public static void main(String[] args) {
    int[] sizes = {1_000, 10_000, 100_000};
    NodeRegistry registry = LayeredDag.registry();
    double[] medians = new double[sizes.length];
    double[] cpuMedians = new double[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      GraphTemplate graph = LayeredDag.build(sizes[s], 42);
      int edges = graph.nodes().stream().mapToInt(n -> n.nextNodes().size()).sum();
      ValidationReport report = GraphValidator.validate(graph, registry);
      if (!report.valid()) {
        throw new IllegalStateException("benchmark graph is invalid: " + report.errors().get(0));
      }
      int warmups = sizes[s] >= 100_000 ? 5 : 20;
      for (int i = 0; i < warmups; i++) {
        GraphValidator.validate(graph, registry);
      }
      int runs = sizes[s] >= 100_000 ? 7 : 15;
      double[] wall = new double[runs];
      double[] cpu = new double[runs];
      for (int i = 0; i < runs; i++) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        GraphValidator.validate(graph, registry);
        wall[i] = (System.nanoTime() - start) / 1e6;
        cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
      }
      medians[s] = median(wall);
      cpuMedians[s] = median(cpu);
      System.out.printf(Locale.ROOT,
          "%,9d nodes %,9d edges: %9.2f ms wall, %9.2f ms cpu (medians of %d runs; %,d warnings)%n",
          graph.nodes().size(), edges, medians[s], cpuMedians[s], runs, report.warnings().size());
    }
    for (int s = 1; s < sizes.length; s++) {
      System.out.printf(Locale.ROOT, "%,d -> %,d nodes: %.1fx wall, %.1fx cpu (target <= 12x)%n",
          sizes[s - 1], sizes[s], medians[s] / medians[s - 1], cpuMedians[s] / cpuMedians[s - 1]);
    }
    System.out.printf(Locale.ROOT, "10,000 nodes: %.2f ms wall, %.2f ms cpu (target <= 100 ms)%n",
        medians[1], cpuMedians[1]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
