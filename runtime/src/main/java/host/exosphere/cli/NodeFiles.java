package host.exosphere.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.RegisteredNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads registered nodes from {@code --nodes} files in every shape a user has at hand: the
 * {@code GET …/nodes/} listing, a registration body ({@code runtime_name}, {@code nodes}), a list of
 * entries, or one entry as the processor writes it to {@code META-INF/exosphere/nodes/<name>.json}.
 */
final class NodeFiles {
  private NodeFiles() {}

  /** The nodes in {@code file}; entries without a namespace are in {@code graphNamespace}. */
  static List<RegisteredNode> read(Path file, String graphNamespace) {
    JsonNode json = JsonFiles.read(file, "Nodes file");
    if (json.isObject() && !json.has("nodes") && json.has("name")) {
      return entries(List.of(json), graphNamespace, "Nodes file " + file);
    }
    return convert(json, graphNamespace, "Nodes file " + file);
  }

  /** Registration entries read for a graph in {@code graphNamespace}. */
  static List<RegisteredNode> entries(List<JsonNode> entries, String graphNamespace, String source) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    entries.forEach(list::add);
    return convert(list, graphNamespace, source);
  }

  private static List<RegisteredNode> convert(JsonNode json, String graphNamespace, String source) {
    try {
      return new ArrayList<>(GraphJson.readRegisteredNodes(json, graphNamespace));
    } catch (IllegalArgumentException e) {
      throw new UsageException(source + ": " + e.getMessage());
    }
  }
}
