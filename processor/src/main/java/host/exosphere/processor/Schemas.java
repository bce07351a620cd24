package host.exosphere.processor;

import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.RegisteredNode;

/** A node as the Java runtime registers it: its records' components as required {@code str} fields. */
final class Schemas {
  private Schemas() {}

  static RegisteredNode registered(NodeModel node, String namespace) {
    return NodeSchemas.registeredNode(node.name(), namespace, node.inputs(), node.outputs(), node.secrets());
  }
}
