package host.exosphere.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import java.io.IOException;

/**
 * Writes the JSON resources: per graph the exact upsert body
 * ({@code META-INF/exosphere/graphs/<namespace>/<name>.json}, secret values {@code null} until upload),
 * per node its registration entry ({@code META-INF/exosphere/nodes/<name>.json}).
 */
final class ResourceWriter {
  private final Generated generated;

  ResourceWriter(Generated generated) {
    this.generated = generated;
  }

  void writeGraph(GraphModel model) throws IOException {
    generated.writeResource(GraphWriter.templateResource(model.template()),
        GraphJson.toPutBody(model.template()), model.type());
  }

  void writeNode(NodeModel node, String path) throws IOException {
    generated.writeResource(path, nodeJson(node), node.type());
  }

  static String nodeResource(NodeModel node) {
    String namespace = node.namespace().isEmpty() ? "" : Generated.pathSegment(node.namespace()) + "/";
    return "META-INF/exosphere/nodes/" + namespace + Generated.pathSegment(node.name()) + ".json";
  }

  /**
   * For the second node class of one name without {@code @Node(namespace)}: the file named after the Java
   * class ({@code nodes/~java/<qualified class name>.json}), which no node name produces ('~' is escaped).
   */
  static String qualifiedNodeResource(NodeModel node) {
    return "META-INF/exosphere/nodes/~java/" + Generated.pathSegment(node.type().getQualifiedName().toString())
        + ".json";
  }

  /** The node's entry of a registration request ({@code namespace} only when {@code @Node} sets one). */
  static String nodeJson(NodeModel node) throws JsonProcessingException {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("name", node.name());
    if (!node.namespace().isEmpty()) {
      json.put("namespace", node.namespace());
    }
    json.set("inputs_schema", NodeSchemas.pydanticSchema("Inputs", node.inputs()));
    json.set("outputs_schema", NodeSchemas.pydanticSchema("Outputs", node.outputs()));
    ArrayNode secrets = json.putArray("secrets");
    node.secrets().forEach(secrets::add);
    return GraphJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
  }
}
