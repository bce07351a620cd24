package host.exosphere.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.GraphNodeBody;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Drives a {@link LocalEngine} the way a runtime would (raw enqueue/executed/errored calls), on a clock
 * that only moves when told to. Graph bodies are built as JSON, exactly as they arrive over HTTP.
 */
final class EngineFixture implements AutoCloseable {
  static final String NS = "ns";
  static final ObjectMapper JSON = new ObjectMapper();
  /** A valid URL-safe base64 key of 32 bytes (the sample key of the state manager's CI). */
  static final String KEY = "YTzpUlBGLSwm-3yKJRJTZnb0_aQuQQHyz64s8qAERVU=";

  final MutableClock clock = MutableClock.at(Instant.parse("2026-01-05T10:00:00Z"));
  final LocalEngine engine;

  EngineFixture() {
    this(LocalEngine.builder());
  }

  EngineFixture(LocalEngine.Builder builder) {
    engine = builder.clock(clock).encryptionKey(KEY).random(new SplittableRandom(7)).build();
  }

  /** Registers a node whose inputs and outputs are all string fields (pydantic's schema shape). */
  void register(String name, List<String> inputs, List<String> outputs, String... secrets) {
    register(NS, name, inputs, outputs, secrets);
  }

  void register(String namespace, String name, List<String> inputs, List<String> outputs, String... secrets) {
    engine.registerNodes(namespace, new RegisterNodesRequest("test-runtime",
        List.of(new NodeBody(name, schema("Inputs", inputs), schema("Outputs", outputs), Arrays.asList(secrets)))));
  }

  static ObjectNode schema(String title, List<String> fields) {
    ObjectNode schema = JSON.createObjectNode();
    ObjectNode properties = schema.putObject("properties");
    for (String f : fields) {
      properties.putObject(f).put("title", f).put("type", "string");
    }
    if (!fields.isEmpty()) {
      ArrayNode required = schema.putArray("required");
      fields.forEach(required::add);
    }
    schema.put("title", title).put("type", "object");
    return schema;
  }

  /** A node template; {@code inputs} alternates names and values. */
  static ObjectNode node(String identifier, String nodeName, List<String> next, String... inputs) {
    ObjectNode node = JSON.createObjectNode();
    node.put("node_name", nodeName).put("namespace", NS).put("identifier", identifier);
    ObjectNode in = node.putObject("inputs");
    for (int i = 0; i < inputs.length; i += 2) {
      in.put(inputs[i], inputs[i + 1]);
    }
    ArrayNode n = node.putArray("next_nodes");
    next.forEach(n::add);
    node.putNull("unites");
    return node;
  }

  static ObjectNode unites(ObjectNode node, String target, String strategy) {
    node.putObject("unites").put("identifier", target).put("strategy", strategy);
    return node;
  }

  static ObjectNode graph(ObjectNode... nodes) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("secrets");
    ArrayNode list = body.putArray("nodes");
    for (ObjectNode n : nodes) {
      list.add(n);
    }
    return body;
  }

  static ObjectNode retry(ObjectNode body, int maxRetries, String strategy, long backoff, long exponent, Long maxDelay) {
    ObjectNode r = body.putObject("retry_policy");
    r.put("max_retries", maxRetries).put("strategy", strategy).put("backoff_factor", backoff).put("exponent", exponent);
    if (maxDelay == null) {
      r.putNull("max_delay");
    } else {
      r.put("max_delay", maxDelay);
    }
    return body;
  }

  /** Upserts and waits for verification; asserts VALID. */
  void upsertValid(String name, ObjectNode body) {
    upsertValid(NS, name, body);
  }

  void upsertValid(String namespace, String name, ObjectNode body) {
    engine.upsertGraph(namespace, name, body);
    idle();
    assertEquals("VALID", engine.getGraph(namespace, name).validationStatus(),
        () -> "verification: " + engine.getGraph(namespace, name).validationErrors());
  }

  String trigger(String graph) {
    return trigger(graph, Map.of(), Map.of());
  }

  String trigger(String graph, Map<String, String> inputs, Map<String, String> store) {
    return engine.trigger(NS, graph, new TriggerRequestBody(inputs, store, 0)).runId();
  }

  /** Claims every due state of these nodes. */
  List<EnqueuedStateBody> claim(String... nodeNames) {
    return engine.enqueue(NS, new EnqueueRequest(List.of(nodeNames), 1_000)).states();
  }

  /** Claims exactly one due state of this node. */
  EnqueuedStateBody claimOne(String nodeName) {
    List<EnqueuedStateBody> states = claim(nodeName);
    assertEquals(1, states.size(), () -> "claimed " + states);
    return states.get(0);
  }

  /** Reports outputs (each a map of strings) and waits for next-state creation. */
  @SafeVarargs
  final void executed(String stateId, Map<String, Object>... outputs) {
    // Copied element by element: handing the generic array itself to another method is what -Xlint:varargs
    // warns about.
    List<Map<String, Object>> list = new java.util.ArrayList<>(outputs.length);
    for (Map<String, Object> output : outputs) {
      list.add(output);
    }
    executed(stateId, list);
  }

  /** Reports outputs and waits for next-state creation. */
  void executed(String stateId, List<Map<String, Object>> outputs) {
    engine.executed(NS, stateId, new ExecutedRequest(outputs));
    idle();
  }

  /** Claims the single due state of {@code nodeName} and completes it with {@code outputs}. */
  @SafeVarargs
  final EnqueuedStateBody run(String nodeName, Map<String, Object>... outputs) {
    EnqueuedStateBody state = claimOne(nodeName);
    executed(state.stateId(), outputs);
    return state;
  }

  /** Claims the single due state of {@code nodeName} and completes it with {@code outputs}. */
  EnqueuedStateBody run(String nodeName, List<Map<String, Object>> outputs) {
    EnqueuedStateBody state = claimOne(nodeName);
    executed(state.stateId(), outputs);
    return state;
  }

  void idle() {
    try {
      assertTrue(engine.awaitIdle(Duration.ofSeconds(30)), "engine did not become idle");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  List<GraphNodeBody> states(String runId) {
    return engine.graphStructure(NS, runId).nodes();
  }

  /** identifier → sorted statuses, e.g. {@code {a=[SUCCESS], c=[NEXT_CREATED_ERROR, SUCCESS]}}. */
  Map<String, List<String>> statuses(String runId) {
    return states(runId).stream().collect(Collectors.groupingBy(GraphNodeBody::identifier, TreeMap::new,
        Collectors.mapping(GraphNodeBody::status, Collectors.collectingAndThen(Collectors.toList(), l -> {
          List<String> sorted = new ArrayList<>(l);
          sorted.sort(null);
          return sorted;
        }))));
  }

  GraphNodeBody only(String runId, String identifier) {
    List<GraphNodeBody> matching = states(runId).stream().filter(s -> s.identifier().equals(identifier)).toList();
    assertEquals(1, matching.size(), () -> "states of " + identifier + ": " + matching);
    return matching.get(0);
  }

  static Map<String, Object> out(String... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Override
  public void close() {
    engine.close();
  }
}
