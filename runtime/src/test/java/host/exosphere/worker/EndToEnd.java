package host.exosphere.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Shared pieces of the end-to-end tests: graphs from upsert JSON, fast runtimes, small node adapters. */
final class EndToEnd {
  private EndToEnd() {}

  /** A graph from its PUT body, with {@code NS} replaced by the namespace. */
  static GraphTemplate graph(String name, String namespace, String putBody) {
    try {
      return GraphJson.fromJson(GraphJson.mapper().readTree(putBody.replace("NS", namespace)), name, namespace);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test graph " + name, e);
    }
  }

  /** A node template as upsert JSON. */
  static String node(String identifier, String nodeName, String inputs, String next) {
    return "{\"node_name\":\"" + nodeName + "\",\"namespace\":\"NS\",\"identifier\":\"" + identifier
        + "\",\"inputs\":" + inputs + ",\"next_nodes\":" + next + "}";
  }

  static String unite(String identifier, String nodeName, String inputs, String target, String strategy) {
    return "{\"node_name\":\"" + nodeName + "\",\"namespace\":\"NS\",\"identifier\":\"" + identifier
        + "\",\"inputs\":" + inputs + ",\"next_nodes\":[],\"unites\":{\"identifier\":\"" + target
        + "\",\"strategy\":\"" + strategy + "\"}}";
  }

  /** A runtime with quick backoffs, so fault tests spend their time on faults, not on waiting. */
  static ExosphereRuntime.Builder runtime(StateManager client, NodeAdapter... nodes) {
    ExosphereRuntime.Builder builder = ExosphereRuntime.builder(client).name("e2e").workers(4).batchSize(8)
        .idleBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
        .shutdownTimeout(Duration.ofSeconds(20));
    for (NodeAdapter node : nodes) {
      builder.node(node);
    }
    return builder;
  }

  static StateManager client(URI uri, String apiKey, String namespace) {
    return StateManager.builder().uri(uri).apiKey(apiKey).namespace(namespace)
        .requestTimeout(Duration.ofSeconds(5)).build();
  }

  /** A node with the given wire fields. */
  static TestNode node(String name, List<String> inputs, List<String> outputs, TestNode.Body body) {
    return new TestNode(name, "", inputs, outputs, List.of(), true, body);
  }

  static List<Map<String, String>> one(String field, String value) {
    return List.of(Map.of(field, value));
  }
}
