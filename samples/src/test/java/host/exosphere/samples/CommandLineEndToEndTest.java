package host.exosphere.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.cli.Main;
import host.exosphere.local.LocalStateManager;
import host.exosphere.samples.creategraph.DataLoaderNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user's whole path with the {@code exosphere} command alone, on what this module's build produced:
 * validate offline, run the nodes with {@code worker}, {@code upsert} the generated template,
 * {@code trigger}, and read the run back with {@code runs show}. The connection comes from the
 * environment variables, as in the README.
 */
class CommandLineEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String NAMESPACE = "exosphere-samples";

  record Result(int exit, String out, String err) {}

  static Result exosphere(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** The classes directory the processor wrote this module's graphs and nodes to. */
  static Path classes() throws Exception {
    return Path.of(DataLoaderNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void everySampleGraphIsValidOfflineFromTheClassesDirectory() throws Exception {
    long graphs;
    try (Stream<Path> files = Files.list(classes().resolve("META-INF/exosphere/graphs/" + NAMESPACE))) {
      graphs = files.count();
    }
    Result r = exosphere(Map.of(), "validate", classes().toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().endsWith(graphs + " graphs in " + classes() + ": " + graphs + " valid, 0 invalid\n"), r.out());
    assertEquals(graphs, r.out().lines().filter(l -> l.endsWith("is valid: the state manager would accept it (201)"
        + " and mark it VALID")).count(), r.out());
  }

  @Test
  void aGraphRunsEndToEndWithTheCommandLineAlone() throws Exception {
    try (LocalStateManager server = LocalStateManager.start()) {
      Map<String, String> env = Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
          "EXOSPHERE_API_KEY", server.apiKey());
      AtomicReference<Result> workerResult = new AtomicReference<>();
      Thread worker = new Thread(() -> workerResult.set(exosphere(env, "worker", "--classpath", classesPath(),
          "--namespace", NAMESPACE)));
      worker.start();
      try {
        Path template = classes().resolve("META-INF/exosphere/graphs/" + NAMESPACE + "/create-graph.json");
        awaitValidAgainstTheServer(env, template);

        Result upsert = exosphere(env, "upsert", template.toString(), "--secret", "api_key=sample-key-42",
            "--poll-interval", "20");
        assertEquals(0, upsert.exit(), upsert.err());
        assertEquals("Graph exosphere-samples/create-graph is VALID\n", upsert.out());

        Result trigger = exosphere(env, "trigger", "create-graph", "--namespace", NAMESPACE);
        assertEquals(0, trigger.exit(), trigger.err());
        String[] lines = trigger.out().strip().split("\n");
        String runId = lines[lines.length - 1];

        Result watched = exosphere(env, "runs", "show", runId, "--namespace", NAMESPACE, "--watch", "--interval", "20",
            "--timeout", "120");
        assertEquals(0, watched.exit(), watched.err());
        Result shown = exosphere(env, "runs", "show", runId, "--namespace", NAMESPACE, "--json");
        assertEquals(0, shown.exit(), shown.err());
        JsonNode run = JSON.readTree(shown.out());
        assertEquals("SUCCESS", run.get("status").asText());
        assertEquals("create-graph", run.get("graph_name").asText());
        JsonNode loader = run.get("states").get(0);
        assertEquals("loader", loader.get("identifier").asText());
        assertEquals("SUCCESS", loader.get("status").asText());
        assertEquals("{\"data\":\"rows from initial\"}", loader.get("outputs").toString());
        JsonNode processor = run.get("states").get(1);
        assertEquals("processor", processor.get("identifier").asText());
        assertEquals("SUCCESS", processor.get("status").asText());
        assertEquals("{\"data\":\"rows from initial\"}", processor.get("inputs").toString());
        assertEquals(2, run.get("states").size());
        assertFalse(shown.out().contains("sample-key-42") || upsert.err().contains("sample-key-42"));
      } finally {
        worker.interrupt();
        worker.join();
      }
      Result stopped = workerResult.get();
      assertEquals(0, stopped.exit(), stopped.err());
      assertTrue(stopped.err().contains("Skipped: Summarizer (a @Node interface: another runtime runs it)"),
          stopped.err());
      // PriceOrder needs its TaxRates: only application code can construct it, so the CLI worker leaves it.
      assertTrue(stopped.err().contains("PriceOrder (its constructor takes collaborators: run it in your application"
          + " with ExosphereRuntime.builder(…).node(new PriceOrder(…)))"), stopped.err());
      assertTrue(stopped.err().endsWith("; stopped cleanly\n"), stopped.err());
    }
  }

  static String classesPath() {
    try {
      return classes().toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits with the CLI itself until the worker has registered the graph's nodes: validate --uri says so. */
  static void awaitValidAgainstTheServer(Map<String, String> env, Path template) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (exosphere(env, "validate", template.toString(), "--uri", env.get("EXOSPHERE_STATE_MANAGER_URI")).exit() != 0) {
      if (System.nanoTime() > deadline) {
        fail("the worker never registered the nodes of " + template);
      }
      Thread.sleep(50);
    }
  }
}
