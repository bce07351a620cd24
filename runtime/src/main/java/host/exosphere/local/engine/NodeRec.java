package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.util.List;

/** A registered node document (docs/state-manager.md §1.2.3). Guarded by the engine lock. */
final class NodeRec {
  final String id;
  final String name;
  final String namespace;
  final LocalDateTime createdAt;
  final LocalDateTime updatedAt;
  String runtimeName;
  String runtimeNamespace;
  ObjectNode inputsSchema;
  ObjectNode outputsSchema;
  List<String> secrets;

  NodeRec(String id, String name, String namespace, LocalDateTime createdAt) {
    this.id = id;
    this.name = name;
    this.namespace = namespace;
    this.createdAt = createdAt;
    // A re-registration is a Mongo $set, which does not bump updated_at (docs/state-manager.md §1.2.3).
    this.updatedAt = createdAt;
  }
}
