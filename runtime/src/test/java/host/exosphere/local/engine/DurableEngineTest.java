package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static host.exosphere.local.engine.EngineFixture.out;
import static host.exosphere.local.engine.EngineFixture.unites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine closed and opened again on the same data directory carries on where it stopped. */
class DurableEngineTest {
  @TempDir Path dir;

  private EngineFixture open() {
    return new EngineFixture(LocalEngine.builder().dataDir(dir));
  }

  private static ObjectNode joinGraph() {
    ObjectNode body = graph(node("r", "Root", List.of("a", "b"), "seed", "${{ store.seed }}"),
        node("a", "Work", List.of(), "x", "${{ r.outputs.x }}"),
        node("b", "Work", List.of("m"), "x", "${{ r.outputs.x }}"),
        unites(node("m", "Join", List.of(), "x", "${{ r.outputs.x }}"), "r", "ALL_SUCCESS"));
    body.putObject("store_config").putArray("required_keys").add("seed");
    EngineFixture.retry(body, 0, "EXPONENTIAL", 2000, 2, null);
    return body;
  }

  private static void registerAll(EngineFixture f) {
    f.register("Root", List.of("seed"), List.of("x"));
    f.register("Work", List.of("x"), List.of("y"));
    f.register("Join", List.of("x"), List.of());
  }

  @Test
  void runsInFlightFinishAfterARestart() {
    String run;
    String claimedB;
    String waiting;
    try (EngineFixture f = open()) {
      registerAll(f);
      f.upsertValid("join", joinGraph());
      run = f.trigger("join", Map.of(), Map.of("seed", "s1"));
      f.run("Root", out("x", "root-x"));
      Map<String, String> work = new java.util.HashMap<>();
      f.claim("Work").forEach(s -> work.put(s.identifier(), s.stateId()));
      f.executed(work.get("a"), out("y", "a"));
      claimedB = work.get("b");
      waiting = f.trigger("join", Map.of(), Map.of("seed", "s2"));
    }
    try (EngineFixture f = open()) {
      assertEquals("VALID", f.engine.getGraph(NS, "join").validationStatus());
      assertEquals(Map.of("a", List.of("SUCCESS"), "b", List.of("QUEUED"), "r", List.of("SUCCESS")), f.statuses(run),
          "what a runtime had claimed stays claimed");
      assertEquals(Map.of("r", List.of("CREATED")), f.statuses(waiting));
      // The runtime that claimed b before the restart reports it; the join fires as if nothing happened.
      f.executed(claimedB, out("y", "b"));
      EnqueuedStateBody join = f.claimOne("Join");
      assertEquals(Map.of("x", "root-x"), join.inputs());
      f.executed(join.stateId(), out());
      assertEquals("SUCCESS", summary(f, run).status());
      // The CREATED root of the second run is served again, with its store.
      EnqueuedStateBody root = f.claimOne("Root");
      assertEquals(Map.of("seed", "s2"), root.inputs());
      assertEquals("PENDING", summary(f, waiting).status());
    }
    try (EngineFixture f = open()) {
      assertEquals(2, f.engine.runs(NS, 1, 10).runs().size());
      assertEquals("SUCCESS", summary(f, run).status());
      assertEquals(Map.of("a", List.of("SUCCESS"), "b", List.of("SUCCESS"), "m", List.of("SUCCESS"),
          "r", List.of("SUCCESS")), f.statuses(run));
    }
  }

  @Test
  void workQueuedBehindAnAnswerIsDoneAfterARestart() {
    ManualExecutor held = new ManualExecutor();
    String run;
    try (EngineFixture f = new EngineFixture(LocalEngine.builder().dataDir(dir).executor(held))) {
      registerAll(f);
      f.engine.upsertGraph(NS, "join", joinGraph());
      held.runAll();
      run = f.trigger("join", Map.of(), Map.of("seed", "s"));
      EnqueuedStateBody root = f.claimOne("Root");
      f.engine.executed(NS, root.stateId(), new ExecutedRequest(List.of(out("x", "1"))));
      // A new version of a graph, answered PENDING, whose verification never ran.
      f.engine.upsertGraph(NS, "later", graph(node("only", "Root", List.of(), "seed", "v")));
      assertEquals(Map.of("r", List.of("EXECUTED")), f.statuses(run));
    }
    try (EngineFixture f = open()) {
      f.idle();
      assertEquals(Map.of("a", List.of("CREATED"), "b", List.of("CREATED"), "r", List.of("SUCCESS")), f.statuses(run),
          "the next states of a state executed before the restart are created after it");
      assertEquals("VALID", f.engine.getGraph(NS, "later").validationStatus());
    }
  }

  @Test
  void secretsStayReadableWithTheKeyKeptInTheDataDirectory() throws Exception {
    String stateId;
    try (LocalEngine engine = LocalEngine.builder().dataDir(dir).build()) {
      engine.registerNodes(NS, new RegisterNodesRequest("rt", List.of(new NodeBody("Root",
          EngineFixture.schema("Inputs", List.of("seed")), EngineFixture.schema("Outputs", List.of()),
          List.of("api_key")))));
      ObjectNode body = graph(node("only", "Root", List.of(), "seed", "v"));
      body.putObject("secrets").put("api_key", "sk-kept");
      engine.upsertGraph(NS, "g", body);
      assertTrue(engine.awaitIdle(Duration.ofSeconds(30)));
      engine.trigger(NS, "g", TriggerRequestBody.empty());
      stateId = engine.enqueue(NS, new EnqueueRequest(List.of("Root"), 1)).states().get(0).stateId();
      assertEquals(Map.of("api_key", "sk-kept"), engine.secrets(NS, stateId).secrets());
    }
    assertTrue(Files.exists(dir.resolve("secrets.key")));
    assertFalse(Files.readString(dir.resolve(DurableJournal.STORE_FILE), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains("sk-kept"), "secrets are encrypted at rest");
    try (LocalEngine engine = LocalEngine.builder().dataDir(dir).build()) {
      assertEquals(Map.of("api_key", "sk-kept"), engine.secrets(NS, stateId).secrets());
    }
  }

  /**
   * A graph is kept as the validator's model: after a restart the graph endpoints show exactly what
   * they showed before, including what the model alone does not say (a node that left next_nodes out
   * shows null, one that sent null shows []) and the secrets' ciphertexts.
   */
  @Test
  void graphsReadBackAsTheyWereShown() throws Exception {
    ObjectNode body = graph(node("r", "Root", List.of("m"), "seed", "${{ store.seed }}"),
        unites(node("m", "Join", List.of(), "x", "${{ r.outputs.x }}"), "r", "ALL_DONE"));
    ((ObjectNode) body.get("nodes").get(1)).remove("next_nodes");
    body.putObject("store_config").putObject("default_values").put(" seed ", "s");
    EngineFixture.retry(body, 2, "LINEAR_FULL_JITTER", 1500, 3, 60_000L);
    body.putArray("triggers").addObject().put("type", "CRON").putObject("value").put("expression", "0 9 * * 1-5");
    body.putObject("secrets").put("api_key", "sk-kept");
    ObjectNode nullNext = graph(node("only", "Root", List.of(), "seed", "v"));
    ((ObjectNode) nullNext.get("nodes").get(0)).putNull("next_nodes");
    String listed;
    String got;
    try (EngineFixture f = open()) {
      registerAll(f);
      f.engine.upsertGraph(NS, "g", body);
      f.engine.upsertGraph(NS, "n", nullNext);
      assertTrue(f.engine.awaitIdle(Duration.ofSeconds(30)));
      listed = EngineFixture.JSON.writeValueAsString(f.engine.listGraphs(NS));
      got = EngineFixture.JSON.writeValueAsString(f.engine.getGraph(NS, "g"));
    }
    assertTrue(listed.contains("\"next_nodes\":null"), listed);
    assertTrue(listed.contains("\"next_nodes\":[]"), listed);
    assertTrue(listed.contains("\"default_values\":{\"seed\":\"s\"}"), "store keys are stored trimmed: " + listed);
    assertTrue(listed.contains("\"strategy\":\"LINEAR_FULL_JITTER\""), listed);
    assertTrue(listed.contains("0 9 * * 1-5"), listed);
    assertFalse(listed.contains("sk-kept"), "secrets are shown as ciphertexts: " + listed);
    try (EngineFixture f = open()) {
      assertEquals(listed, EngineFixture.JSON.writeValueAsString(f.engine.listGraphs(NS)));
      assertEquals(got, EngineFixture.JSON.writeValueAsString(f.engine.getGraph(NS, "g")));
    }
  }

  @Test
  void aDirectoryWrittenInAnotherFormatIsRefusedAndLeftAsItWas() throws Exception {
    Path file = dir.resolve(DurableJournal.STORE_FILE);
    MVStore old = new MVStore.Builder().fileName(file.toString()).open();
    old.openMap("graphs").put(NS + "\u0000g", "{\"body\":{}}");
    old.close();
    long size = Files.size(file);

    IllegalStateException refused = assertThrows(IllegalStateException.class, this::open);

    assertEquals("The data directory " + dir + " holds data in format 1, which this version of the embedded "
        + "server cannot read (it reads format " + DurableJournal.FORMAT + "). Use the version that wrote it, "
        + "or start this one with a new directory.", refused.getMessage());
    assertEquals(size, Files.size(file));
    MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    assertEquals("{\"body\":{}}", reopened.openMap("graphs").get(NS + "\u0000g"));
    reopened.close();
    assertEquals(refused.getMessage(), assertThrows(IllegalStateException.class, this::open).getMessage());
  }

  @Test
  void aNewDirectoryIsStampedAndReopens() {
    try (EngineFixture f = open()) {
      f.register("Root", List.of("seed"), List.of());
    }
    try (EngineFixture f = open()) {
      assertEquals(1, f.engine.listNodes(NS).count());
    }
  }

  @Test
  void aGivenKeyIsNotWrittenToTheDataDirectory() {
    try (EngineFixture f = open()) {
      f.register("Root", List.of("seed"), List.of());
    }
    assertFalse(Files.exists(dir.resolve("secrets.key")));
  }

  @Test
  void cronTriggersKeepTheirScheduleAcrossARestart() {
    try (EngineFixture f = open()) {
      f.register("Root", List.of("seed"), List.of());
      ObjectNode body = graph(node("only", "Root", List.of(), "seed", "v"));
      body.putArray("triggers").addObject().put("type", "CRON").putObject("value").put("expression", "*/5 * * * *");
      f.upsertValid("cron", body);
      f.clock.advance(Duration.ofMinutes(5));
      assertEquals(1, f.engine.tickCron(), "10:05");
    }
    try (EngineFixture f = open()) {
      f.clock.advance(Duration.ofMinutes(5));
      assertEquals(0, f.engine.tickCron(), "10:05 fired before the restart and does not fire again");
      f.clock.advance(Duration.ofMinutes(11));
      assertEquals(2, f.engine.tickCron(), "10:10 and 10:15, both missed while stopped, one run each");
      assertEquals(3, f.engine.runs(NS, 1, 10).runs().size());
    }
  }

  @Test
  @SuppressWarnings("try") // the first engine is held only for the directory's lock
  void aSecondEngineOnTheSameDirectoryIsRefused() {
    try (EngineFixture f = open()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
  }

  private static EngineResponses.RunSummary summary(EngineFixture f, String runId) {
    return f.engine.runs(NS, 1, 100).runs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
  }
}
