package host.exosphere.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One scenario's calls against one server, in one fresh namespace, each recorded in a {@link Transcript}.
 * Raw HTTP on purpose: the oracle compares the wire, not what the project's client makes of it.
 *
 * <p>Where the server works in the background (verification after an upload, next states after a
 * report), the helpers wait for the outcome the scenario names, so both servers are compared at the same
 * point of their work.
 */
final class ScenarioClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** How long a run must stay unchanged to count as settled. */
  private static final Duration QUIET = Duration.ofMillis(400);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final OracleServer server;
  final String ns;
  final String base;
  private final Normalizer normalizer;
  private final Transcript transcript = new Transcript();

  ScenarioClient(OracleServer server, String scenario) {
    this.server = server;
    this.ns = "oracle-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.base = "/v0/namespace/" + ns;
    this.normalizer = new Normalizer(ns);
  }

  Transcript transcript() {
    return transcript;
  }

  /** JSON written with single quotes; {@code NS} stands for this scenario's namespace. */
  JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"').replace("NS", ns));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad scenario JSON: " + singleQuoted, e);
    }
  }

  /** A raw answer: status and JSON body (null when there is none or it is not JSON). */
  record Answer(int status, JsonNode body) {
    String text(String field) {
      return body.get(field).textValue();
    }
  }

  /** Sends a call without recording it. */
  Answer send(String method, String path, JsonNode body) {
    return send(method, path, body, server.apiKey());
  }

  /** Sends a body-less call with another API key ({@code null}: none), without recording it. */
  Answer sendAs(String method, String path, String apiKey) {
    return send(method, path, null, apiKey);
  }

  private Answer send(String method, String path, JsonNode body, String apiKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (apiKey != null) {
      request.header("x-api-key", apiKey);
    }
    if (body != null) {
      request.header("content-type", "application/json");
    }
    try {
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (!method.equals("GET")) {
          throw e;
        }
        // uvicorn drops a kept-alive connection when a background task of an earlier answer raised (a node
        // in another namespace makes the real server's next-state task fail); a read is safe to repeat.
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
      JsonNode json = null;
      try {
        json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      } catch (JsonProcessingException e) {
        json = JsonNodeFactory.instance.textNode("<not JSON> " + response.body());
      }
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(server + " did not answer " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and records a call under {@code step}. */
  Answer call(String step, String method, String path, JsonNode body) {
    Answer answer = send(method, path, body);
    record(step, answer.status(), answer.body());
    return answer;
  }

  void record(String step, int status, JsonNode body) {
    transcript.add(step, status, normalizer.normalize(body));
  }

  /** Sends a call that must succeed with {@code status}, and records it. */
  Answer expect(String step, int status, String method, String path, JsonNode body) {
    Answer answer = call(step, method, path, body);
    assertEquals(status, answer.status(), () -> server + ": " + step + " answered " + answer.status() + " " + answer.body());
    return answer;
  }

  // --- the API, one helper per endpoint ---

  /** Registers nodes given as {@code name: inputs -> outputs} lines with comma-separated fields. */
  void register(String... nodes) {
    registerIn(ns, nodes);
  }

  /** {@link #register} in another namespace. */
  void registerIn(String namespace, String... nodes) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("runtime_name", "oracle");
    ArrayNode list = body.putArray("nodes");
    for (String node : nodes) {
      list.add(Nodes.registration(node));
    }
    expect("register nodes", 200, "PUT", "/v0/namespace/" + namespace + "/nodes/", body);
  }

  /** PUT a graph, wait until it is verified, and record its final form. */
  void upsert(String graph, String singleQuotedBody, String expectedStatus) {
    expect("upsert " + graph, 201, "PUT", base + "/graph/" + graph, json(singleQuotedBody));
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Answer got;
    do {
      got = send("GET", base + "/graph/" + graph, null);
      if (!"PENDING".equals(got.text("validation_status"))) {
        break;
      }
      pause(Duration.ofMillis(20));
    } while (System.nanoTime() < deadline);
    record("get " + graph, got.status(), got.body());
    assertEquals(expectedStatus, got.text("validation_status"), () -> server + ": graph " + graph);
  }

  String trigger(String graph, String singleQuotedBody) {
    return expect("trigger " + graph, 200, "POST", base + "/graph/" + graph + "/trigger", json(singleQuotedBody))
        .text("run_id");
  }

  /**
   * Claims exactly {@code count} states of these nodes, polling while the server creates them in the
   * background, and records them in a fixed order.
   */
  List<JsonNode> claim(int count, String... nodes) {
    return claimIn(ns, count, nodes);
  }

  /** {@link #claim} in another namespace. */
  List<JsonNode> claimIn(String namespace, int count, String... nodes) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("batch_size", 50);
    ArrayNode names = body.putArray("nodes");
    for (String node : nodes) {
      names.add(node);
    }
    List<JsonNode> claimed = new ArrayList<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    do {
      Answer answer = send("POST", "/v0/namespace/" + namespace + "/states/enqueue", body);
      assertEquals(200, answer.status(), () -> server + ": enqueue answered " + answer.body());
      answer.body().get("states").forEach(claimed::add);
      if (claimed.size() < count) {
        pause(Duration.ofMillis(20));
      }
    } while (claimed.size() < count && System.nanoTime() < deadline);
    ArrayNode states = JsonNodeFactory.instance.arrayNode();
    List<JsonNode> ordered = Normalizer.sorted(states.addAll(claimed), "identifier", "node_name", "inputs");
    ArrayNode recorded = JsonNodeFactory.instance.arrayNode().addAll(ordered);
    record("claim " + String.join(",", nodes), 200, recorded);
    if (claimed.size() != count) {
      fail(server + ": expected to claim " + count + " state(s) of " + List.of(nodes) + ", got " + claimed);
    }
    return ordered;
  }

  /** Claims one state of {@code node}. */
  JsonNode claimOne(String node) {
    return claim(1, node).get(0);
  }

  String stateUrl(JsonNode state) {
    return base + "/state/" + Objects.requireNonNull(state.get("state_id"), "state_id").textValue();
  }

  void executed(JsonNode state, String... singleQuotedOutputs) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode outputs = body.putArray("outputs");
    for (String output : singleQuotedOutputs) {
      outputs.add(json(output));
    }
    expect("executed " + state.get("identifier").textValue(), 200, "POST", stateUrl(state) + "/executed", body);
  }

  Answer errored(JsonNode state, String error) {
    return expect("errored " + state.get("identifier").textValue(), 200, "POST", stateUrl(state) + "/errored",
        JsonNodeFactory.instance.objectNode().put("error", error));
  }

  void prune(JsonNode state, String singleQuotedData) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("data", json(singleQuotedData));
    expect("prune " + state.get("identifier").textValue(), 200, "POST", stateUrl(state) + "/prune", body);
  }

  void reEnqueueAfter(JsonNode state, long delayMs) {
    expect("re-enqueue " + state.get("identifier").textValue(), 200, "POST", stateUrl(state) + "/re-enqueue-after",
        JsonNodeFactory.instance.objectNode().put("enqueue_after", delayMs));
  }

  Answer manualRetry(JsonNode state, String fanoutId, int status) {
    return expect("manual-retry " + state.get("identifier").textValue(), status, "POST",
        stateUrl(state) + "/manual-retry", JsonNodeFactory.instance.objectNode().put("fanout_id", fanoutId));
  }

  /**
   * Waits until the run's states stop changing (the server's background work is done), then records
   * the run as the runs listing, the graph structure and every state's details show it.
   */
  void history(String graph, String runId) {
    String last = null;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      String now = send("GET", base + "/states/run/" + runId + "/graph", null).body().toString();
      if (now.equals(last)) {
        break;
      }
      last = now;
      pause(QUIET);
    }
    Answer runs = send("GET", base + "/runs/1/100", null);
    record("runs", runs.status(), runs.body());
    Answer structure = send("GET", base + "/states/run/" + runId + "/graph", null);
    ObjectNode sortedStructure = structure.body().deepCopy();
    sortedStructure.set("nodes", JsonNodeFactory.instance.arrayNode()
        .addAll(Normalizer.sorted(structure.body().get("nodes"), "identifier", "status", "error")));
    sortedStructure.set("root_states", JsonNodeFactory.instance.arrayNode()
        .addAll(Normalizer.sorted(structure.body().get("root_states"), "identifier", "status", "error")));
    // Edges name state ids only; they are numbered once the nodes above have been.
    JsonNode normalizedNodes = normalizer.normalize(sortedStructure.get("nodes"));
    List<JsonNode> edges = new ArrayList<>();
    structure.body().get("edges").forEach(edge -> edges.add(normalizer.normalize(edge)));
    edges.sort(java.util.Comparator.comparing(JsonNode::toString));
    ObjectNode recorded = normalizer.normalize(sortedStructure).deepCopy();
    recorded.set("nodes", normalizedNodes);
    recorded.set("edges", JsonNodeFactory.instance.arrayNode().addAll(edges));
    transcript.add("structure", structure.status(), recorded);
    for (JsonNode node : sortedStructure.get("nodes")) {
      call("details " + node.get("identifier").textValue(), "GET",
          base + "/graph/" + graph + "/run/" + runId + "/node/" + node.get("id").textValue(), null);
    }
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
