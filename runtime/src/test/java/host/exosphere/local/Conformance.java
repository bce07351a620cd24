package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.RawHttp.Answer;
import host.exosphere.local.engine.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared set-up of the HTTP conformance tests (docs/state-manager.md §6.4): a server per test class with a clock that
 * only moves when told and a background executor the test can hold back; one fresh namespace per
 * scenario; raw calls that assert the status they expect and return the JSON.
 *
 * <p>Nothing here sleeps: background work is awaited through the engine, delays are crossed by moving
 * the clock.
 */
final class Conformance {
  /** A Monday, 10:02:30 UTC: far from minute and hour boundaries that cron tests cross on purpose. */
  static final Instant START = Instant.parse("2026-01-05T10:02:30Z");
  /** The sample key of the real server's docker-compose file (docs/state-manager.md §4.10). */
  static final String ENCRYPTION_KEY = "YTzpUlBGLSwm-3yKJRJTZnb0_aQuQQHyz64s8qAERVU=";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  final MutableClock clock = MutableClock.at(START);
  final Gate gate = new Gate();
  final LocalStateManagerExtension extension = LocalStateManagerExtension.using(() -> LocalStateManager.builder()
      .clock(clock)
      .encryptionKey(ENCRYPTION_KEY)
      .scheduleCron(false)
      .backgroundExecutor(gate.executor));

  /** One scenario's view: its own namespace on the class's server. */
  Scenario scenario(LocalStateManager server, String name) {
    return new Scenario(server, new RawHttp(server), name + "-" + NAMESPACES.incrementAndGet());
  }

  /**
   * The engine's background executor, which a test can hold so that work queued after an answer
   * (verification, next states) visibly has not happened yet.
   */
  static final class Gate {
    final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "conformance-background");
      thread.setDaemon(true);
      return thread;
    });
    private CountDownLatch held;

    /** Occupies the single background thread until {@link #release()}. */
    void hold() throws InterruptedException {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch latch = new CountDownLatch(1);
      held = latch;
      executor.execute(() -> {
        running.countDown();
        try {
          latch.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      running.await();
    }

    void release() {
      held.countDown();
    }
  }

  /** The pydantic {@code model_json_schema()} of a model whose fields are all required strings (§2.2). */
  static ObjectNode schema(String title, String... fields) {
    ObjectNode schema = RawHttp.object();
    ObjectNode properties = schema.putObject("properties");
    for (String field : fields) {
      properties.putObject(field).put("title", Character.toUpperCase(field.charAt(0)) + field.substring(1)).put("type", "string");
    }
    if (fields.length > 0) {
      ArrayNode required = schema.putArray("required");
      for (String field : fields) {
        required.add(field);
      }
    }
    schema.put("title", title).put("type", "object");
    return schema;
  }

  /** A registration entry: name, input fields, output fields, secret names. */
  static ObjectNode node(String name, List<String> inputs, List<String> outputs, List<String> secrets) {
    ObjectNode node = RawHttp.object().put("name", name);
    node.set("inputs_schema", schema("Inputs", inputs.toArray(String[]::new)));
    node.set("outputs_schema", schema("Outputs", outputs.toArray(String[]::new)));
    ArrayNode names = node.putArray("secrets");
    secrets.forEach(names::add);
    return node;
  }

  /** Calls against one namespace; every helper asserts the status it needs. */
  static final class Scenario {
    final LocalStateManager server;
    final RawHttp http;
    final String ns;
    final String base;

    Scenario(LocalStateManager server, RawHttp http, String ns) {
      this.server = server;
      this.http = http;
      this.ns = ns;
      this.base = "/v0/namespace/" + ns;
    }

    /** JSON written with single quotes; {@code NS} stands for this scenario's namespace. */
    JsonNode json(String singleQuoted) {
      return RawHttp.json(singleQuoted.replace("NS", ns));
    }

    void idle() {
      try {
        assertTrue(server.awaitIdle(Duration.ofSeconds(30)), "background work did not finish");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    JsonNode register(ObjectNode... nodes) {
      ObjectNode body = RawHttp.object().put("runtime_name", "conformance-runtime");
      ArrayNode list = body.putArray("nodes");
      for (ObjectNode node : nodes) {
        list.add(node);
      }
      return expect(200, http.put(base + "/nodes/", body));
    }

    /** The usual nodes: Start(x → y), Step(y → z), Leaf(v → nothing). */
    void registerStandardNodes() {
      register(node("Start", List.of("x"), List.of("y"), List.of()),
          node("Step", List.of("y"), List.of("z"), List.of()),
          node("Leaf", List.of("v"), List.of(), List.of()));
    }

    Answer upsert(String graph, JsonNode body) {
      return http.put(base + "/graph/" + graph, body);
    }

    /** PUT, let verification run, and check the graph came out as {@code status}. */
    JsonNode upsertAndVerify(String graph, JsonNode body, String status) {
      expect(201, upsert(graph, body));
      idle();
      JsonNode got = expect(200, http.get(base + "/graph/" + graph));
      assertEquals(status, got.get("validation_status").textValue(), got.toString());
      return got;
    }

    void upsertValid(String graph, JsonNode body) {
      upsertAndVerify(graph, body, "VALID");
    }

    String trigger(String graph, JsonNode body) {
      JsonNode answer = expect(200, http.post(base + "/graph/" + graph + "/trigger", body));
      return answer.get("run_id").textValue();
    }

    String trigger(String graph) {
      return trigger(graph, RawHttp.object());
    }

    /** Claims up to {@code batch} states of these nodes. */
    List<JsonNode> enqueue(int batch, String... nodes) {
      ObjectNode body = RawHttp.object().put("batch_size", batch);
      ArrayNode names = body.putArray("nodes");
      for (String node : nodes) {
        names.add(node);
      }
      JsonNode answer = expect(200, http.post(base + "/states/enqueue", body));
      List<JsonNode> states = new ArrayList<>();
      answer.get("states").forEach(states::add);
      assertEquals(states.size(), answer.get("count").intValue());
      return states;
    }

    /** Claims exactly one state of {@code node}. */
    JsonNode claimOne(String node) {
      List<JsonNode> states = enqueue(10, node);
      assertEquals(1, states.size(), "expected exactly one " + node + " state, got " + states);
      return states.get(0);
    }

    /** Reports outputs (each a single-quoted JSON object) and waits for the next states. */
    void executed(JsonNode state, String... outputs) {
      executedNoWait(state, outputs);
      idle();
    }

    void executedNoWait(JsonNode state, String... outputs) {
      ObjectNode body = RawHttp.object();
      ArrayNode list = body.putArray("outputs");
      for (String output : outputs) {
        list.add(json(output));
      }
      JsonNode answer = expect(200, http.post(stateUrl(state) + "/executed", body));
      assertEquals(RawHttp.json("{'status':'EXECUTED'}"), answer);
    }

    JsonNode errored(JsonNode state, String error) {
      JsonNode answer = expect(200, http.post(stateUrl(state) + "/errored", RawHttp.object().put("error", error)));
      idle();
      return answer;
    }

    String stateUrl(JsonNode state) {
      return base + "/state/" + state.get("state_id").textValue();
    }

    /** Statuses of the run's states by identifier (sorted), from the graph-structure endpoint. */
    Map<String, List<String>> statuses(String runId) {
      JsonNode structure = expect(200, http.get(base + "/states/run/" + runId + "/graph"));
      Map<String, List<String>> out = new TreeMap<>();
      for (JsonNode node : structure.get("nodes")) {
        out.computeIfAbsent(node.get("identifier").textValue(), k -> new ArrayList<>()).add(node.get("status").textValue());
      }
      out.values().forEach(Collections::sort);
      return out;
    }

    /** This run's line in {@code /runs/1/1000}. */
    JsonNode run(String runId) {
      JsonNode runs = expect(200, http.get(base + "/runs/1/1000"));
      for (JsonNode run : runs.get("runs")) {
        if (run.get("run_id").textValue().equals(runId)) {
          return run;
        }
      }
      throw new AssertionError("run " + runId + " not listed in " + runs);
    }

    /** The run's counts as {@code success/pending/errored/retried/total status}. */
    String counts(String runId) {
      JsonNode run = run(runId);
      return run.get("success_count") + "/" + run.get("pending_count") + "/" + run.get("errored_count") + "/"
          + run.get("retried_count") + "/" + run.get("total_count") + " " + run.get("status").textValue();
    }

    JsonNode details(String graph, String runId, String stateId) {
      return expect(200, http.get(base + "/graph/" + graph + "/run/" + runId + "/node/" + stateId));
    }
  }

  /** Asserts the status and returns the JSON body. */
  static JsonNode expect(int status, Answer answer) {
    assertEquals(status, answer.status(), () -> "unexpected answer: " + answer.text());
    return answer.json();
  }

  /** Asserts an error answer: status and exact {@code detail} text. */
  static void expectDetail(int status, String detail, Answer answer) {
    assertEquals(status, answer.status(), () -> "unexpected answer: " + answer.text());
    assertEquals(detail, answer.detail());
  }

  /** The generic 500 of the unhandled-exceptions middleware (docs/state-manager.md §1.1). */
  static void expectInternalError(Answer answer) {
    assertEquals(500, answer.status(), answer::text);
    assertEquals(RawHttp.json("{'success':false,'detail':'internal server error, please reach out to support team at "
        + "nivedit@exosphere.host'}"), answer.json());
  }
}
