package host.exosphere.samples;

import host.exosphere.client.StateManager;
import host.exosphere.client.StateManagerException;
import host.exosphere.graph.CronExpressions;
import host.exosphere.graph.CronTrigger;
import host.exosphere.local.LocalStateManager;
import host.exosphere.samples.creategraph.CreateGraphGraph;
import host.exosphere.samples.external.SummaryWorkflowGraph;
import host.exosphere.samples.fanout.FanOutAllDoneWorkflowGraph;
import host.exosphere.samples.fanout.FanOutWorkflowGraph;
import host.exosphere.samples.orders.OrderPipelineGraph;
import host.exosphere.samples.orders.PriceOrder;
import host.exosphere.samples.orders.TaxRates;
import host.exosphere.samples.resilience.ResilientWorkflowGraph;
import host.exosphere.samples.store.InventorySyncGraph;
import host.exosphere.samples.store.NightlyInventorySyncGraph;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.testing.StateResult;
import host.exosphere.worker.ExosphereRuntime;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs every sample graph end to end: starts the embedded state manager (or uses the one named by
 * {@code EXOSPHERE_STATE_MANAGER_URI} and {@code EXOSPHERE_API_KEY}), starts the Java runtime with the
 * sample nodes, uploads every graph through its generated helper, triggers runs, shows progress, prints
 * each run's states and outputs, and exits 0 only if every run ended as expected.
 */
public final class Demo {
  static final String NAMESPACE = "exosphere-samples";
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private final PrintStream out;
  private final long startNanos = System.nanoTime();

  private Demo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out));
  }

  /**
   * Runs the demo and returns the process exit code: 0 when every run ended as expected, 1 when one did
   * not, 2 when the demo could not run (e.g. the configured state manager is unreachable).
   */
  static int run(Map<String, String> environment, PrintStream out) {
    Demo demo = new Demo(out);
    String uri = environment.get("EXOSPHERE_STATE_MANAGER_URI");
    String apiKey = environment.get("EXOSPHERE_API_KEY");
    try {
      if (uri != null && !uri.isBlank() && apiKey != null && !apiKey.isBlank()) {
        demo.say("Using the state manager at " + uri + " (from EXOSPHERE_STATE_MANAGER_URI)");
        return demo.runAgainst(StateManager.builder().uri(uri).apiKey(apiKey).namespace(NAMESPACE).build());
      }
      try (LocalStateManager local = LocalStateManager.start()) {
        demo.say("Started the embedded state manager at " + local.uri()
            + " (set EXOSPHERE_STATE_MANAGER_URI and EXOSPHERE_API_KEY to use another)");
        return demo.runAgainst(local.client(NAMESPACE));
      }
    } catch (StateManagerException e) {
      out.println("The demo could not talk to the state manager: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      // The runtime could not register its nodes, or a graph was refused: say why, without a stack trace.
      out.println("The demo could not run: " + e.getMessage());
      return 2;
    }
  }

  // The summarizer stand-in only has to stay open while the runs go; the body never names it.
  @SuppressWarnings("try")
  private int runAgainst(StateManager client) {
    // Fail fast with one clear line when the server is not there, before a runtime retries registration.
    client.namespaces();
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(client)
            .name("exosphere-samples-java")
            .nodes(allNodeClasses())
            .node(new PriceOrder(TaxRates.sample())) // a node with a collaborator: given as an instance
            .workers(8)
            .batchSize(32)
            .build();
        ExternalRuntime other = startAfter(runtime, client)) {
      say("Runtime '" + runtime.name() + "' registered " + runtime.nodeNames().size() + " nodes: "
          + String.join(", ", runtime.nodeNames()) + "; the stand-in for another runtime registered "
          + String.join(", ", other.nodeNames()));

      upsertAll(client);
      showSchedules();

      List<SampleRun> runs = sampleRuns();
      Map<SampleRun, String> runIds = new LinkedHashMap<>();
      for (SampleRun run : runs) {
        String runId = run.trigger().apply(client);
        runIds.put(run, runId);
        say("Triggered " + run.title() + " (" + run.graphName() + ", run " + runId + ")");
      }

      int failures = 0;
      List<String> report = new ArrayList<>();
      for (Map.Entry<SampleRun, String> entry : runIds.entrySet()) {
        SampleRun run = entry.getKey();
        RunResult result;
        List<String> problems;
        try {
          result = Runs.await(client, run.graphName(), entry.getValue(), RUN_TIMEOUT);
          problems = run.mismatches(result);
        } catch (AssertionError e) {
          result = null;
          problems = List.of(e.getMessage());
        }
        if (problems.isEmpty()) {
          say("Finished " + run.title() + ": " + result.status() + ", " + result.states().size()
              + " states, as expected");
        } else {
          failures++;
          say("Finished " + run.title() + ": NOT as expected");
        }
        report.addAll(table(run, result, problems));
      }
      out.println();
      report.forEach(out::println);
      out.println();
      if (failures == 0) {
        say("All " + runs.size() + " runs ended as expected.");
        return 0;
      }
      say(failures + " of " + runs.size() + " runs did not end as expected.");
      return 1;
    }
  }

  /** The other runtime registers once this one has registered the Java nodes, before any upsert. */
  private static ExternalRuntime startAfter(ExosphereRuntime runtime, StateManager client) {
    runtime.start();
    return ExternalRuntime.start(client);
  }

  private static List<Class<?>> allNodeClasses() {
    Set<Class<?>> nodes = new LinkedHashSet<>();
    nodes.addAll(CreateGraphGraph.NODES);
    nodes.addAll(FanOutWorkflowGraph.NODES);
    nodes.addAll(FanOutAllDoneWorkflowGraph.NODES);
    nodes.addAll(InventorySyncGraph.NODES);
    nodes.addAll(NightlyInventorySyncGraph.NODES);
    nodes.addAll(ResilientWorkflowGraph.NODES);
    nodes.addAll(SummaryWorkflowGraph.NODES);
    nodes.addAll(OrderPipelineGraph.NODES); // PriceOrder among them: the instance given to node(…) replaces it
    return List.copyOf(nodes);
  }

  private void upsertAll(StateManager client) {
    // Secret values come from the environment or a vault in real use; never from source.
    CreateGraphGraph.upsert(client, CreateGraphGraph.secrets().apiKey(demoSecret()).build());
    FanOutWorkflowGraph.upsert(client);
    FanOutAllDoneWorkflowGraph.upsert(client);
    InventorySyncGraph.upsert(client);
    NightlyInventorySyncGraph.upsert(client);
    ResilientWorkflowGraph.upsert(client);
    SummaryWorkflowGraph.upsert(client);
    OrderPipelineGraph.upsert(client);
    say("Uploaded 8 graphs; the state manager verified each as VALID");
  }

  private static String demoSecret() {
    String fromEnvironment = System.getenv("SAMPLES_API_KEY");
    return fromEnvironment != null ? fromEnvironment : "demo-" + Long.toHexString(System.nanoTime());
  }

  private void showSchedules() {
    LocalDateTime now = LocalDateTime.now();
    for (CronTrigger trigger : NightlyInventorySyncGraph.template().triggers()) {
      String next = CronExpressions.nextFireTime(trigger.expression(), now).map(LocalDateTime::toString)
          .orElse("never");
      say(NightlyInventorySyncGraph.NAME + " is scheduled by cron '" + trigger.expression() + "', next at " + next);
    }
  }

  private static List<SampleRun> sampleRuns() {
    // FlakyFetch counts attempts per URL in this JVM: a URL unique to this demo makes every demo alike,
    // also against a long-lived state manager.
    String unique = Long.toHexString(System.currentTimeMillis());
    return List.of(
        SampleRun.of("the create-graph example", CreateGraphGraph.NAME,
                client -> CreateGraphGraph.newTrigger().inputSource("s3://bucket/orders.csv").trigger(client))
            .expect("loader", "SUCCESS", 1)
            .expect("processor", "SUCCESS", 1)
            .output("processor", "result", "ROWS FROM S3://BUCKET/ORDERS.CSV")
            .build(),
        SampleRun.of("a fan-out of 4 joined with ALL_SUCCESS", FanOutWorkflowGraph.NAME,
                client -> FanOutWorkflowGraph.newTrigger().inputBatchCount("4").trigger(client))
            .expect("load", "SUCCESS", 1)
            .expect("split", "SUCCESS", 4)
            .expect("process", "SUCCESS", 4)
            .expect("merge", "SUCCESS", 1)
            .output("process", "result", "INITIAL#4")
            .output("merge", "summary", "merged 4 batches of initial")
            .build(),
        SampleRun.of("a fan-out of 5 joined with ALL_DONE", FanOutAllDoneWorkflowGraph.NAME,
                FanOutAllDoneWorkflowGraph::trigger)
            .expect("load", "SUCCESS", 1)
            .expect("split", "SUCCESS", 5)
            .expect("process", "SUCCESS", 5)
            .expect("merge", "SUCCESS", 1)
            .output("merge", "summary", "merged 5 batches of initial")
            .build(),
        SampleRun.of("a store-driven sync (cursor 100, default page size)", InventorySyncGraph.NAME,
                client -> InventorySyncGraph.trigger(client, "100"))
            .expect("fetch", "SUCCESS", 1)
            .expect("write", "SUCCESS", 1)
            .output("write", "written", "items 100..149 -> inventory")
            .build(),
        SampleRun.of("the scheduled sync, started by hand with its defaults", NightlyInventorySyncGraph.NAME,
                NightlyInventorySyncGraph::trigger)
            .expect("fetch", "SUCCESS", 1)
            .expect("write", "SUCCESS", 1)
            .output("write", "written", "items 0..499 -> inventory_nightly")
            .build(),
        SampleRun.of("a flaky fetch retried with backoff, then published", ResilientWorkflowGraph.NAME,
                client -> ResilientWorkflowGraph.trigger(client, "https://example.test/a-" + unique))
            .expect("fetch", "RETRY_CREATED", 2)
            .expect("fetch", "SUCCESS", 1)
            .expect("gate", "SUCCESS", 1)
            .expect("publish", "SUCCESS", 1)
            .build(),
        SampleRun.of("the same fetch in skip mode: the gate prunes the branch", ResilientWorkflowGraph.NAME,
                client -> ResilientWorkflowGraph.newTrigger("https://example.test/b-" + unique)
                    .storeMode("skip").trigger(client))
            .expect("fetch", "RETRY_CREATED", 2)
            .expect("fetch", "SUCCESS", 1)
            .expect("gate", "PRUNED", 1)
            .build(),
        SampleRun.of("a Java node feeding a node another runtime executes", SummaryWorkflowGraph.NAME,
                client -> SummaryWorkflowGraph.newTrigger().inputText("  Exosphere  runs   GRAPHS of nodes ")
                    .trigger(client))
            .expect("tokenize", "SUCCESS", 1)
            .expect("summarize", "SUCCESS", 1)
            .output("summarize", "summary", "5 words, starting with \"exosphere\"")
            .build(),
        SampleRun.of("typed values through a Python-style node and back", OrderPipelineGraph.NAME,
                client -> OrderPipelineGraph.newTrigger().inputOrderId("A-1").inputDiscount("5.00")
                    .inputShipping("EXPRESS").inputItems("[{\"sku\":\"pen\",\"unit_price\":2.50,\"quantity\":4}]")
                    .trigger(client))
            .expect("price", "SUCCESS", 1)
            .expect("label", "SUCCESS", 1)
            .expect("confirm", "SUCCESS", 1)
            .output("confirm", "charged", "15.90")
            .output("label", "label", "EXPRESS parcel for A-1: 4 items (pen x4), goods 10.00, paid 15.90")
            .build());
  }

  private List<String> table(SampleRun run, RunResult result, List<String> problems) {
    List<String> lines = new ArrayList<>();
    lines.add("== " + run.title() + " [" + run.graphName() + "]"
        + (result == null ? "" : " run " + result.runId() + ": " + result.status())
        + (problems.isEmpty() ? ", as expected" : ", NOT as expected"));
    if (result != null) {
      lines.add(String.format("   %-10s %-34s %s", "step", "states", "outputs"));
      for (String identifier : result.identifiers()) {
        String statuses = result.statusCounts(identifier).entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String outputs = result.states(identifier).stream().filter(s -> !s.outputs().isEmpty())
            .map(Demo::outputsOf).distinct().collect(Collectors.joining(" | "));
        lines.add(String.format("   %-10s %-34s %s", identifier, statuses, shorten(outputs, 90)));
      }
    }
    problems.forEach(p -> lines.add("   problem: " + p));
    return lines;
  }

  private static String outputsOf(StateResult state) {
    return state.outputs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  private void say(String message) {
    out.printf("[%5.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
  }
}
