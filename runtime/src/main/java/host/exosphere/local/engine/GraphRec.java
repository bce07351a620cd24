package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import host.exosphere.local.engine.EngineResponses.NodeTemplateBody;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stored graph template. Guarded by the engine lock; replaced field by field on re-upsert. */
final class GraphRec {
  final String id;
  final String name;
  final String namespace;
  final LocalDateTime createdAt;

  LocalDateTime updatedAt;
  /** Bumped by every upsert, so a verification of an older version does not overwrite a newer one. */
  long version;
  JsonNode body;
  List<NodeTemplateBody> nodes;
  Map<String, NodeTemplateBody> byIdentifier;
  String rootIdentifier;
  Map<String, String> encryptedSecrets;
  RetryPolicy retryPolicy;
  StoreConfig storeConfig;
  List<String> triggers;
  String validationStatus;
  List<String> validationErrors;

  GraphRec(String id, String name, String namespace, LocalDateTime createdAt) {
    this.id = id;
    this.name = name;
    this.namespace = namespace;
    this.createdAt = createdAt;
  }

  void setNodes(List<NodeTemplateBody> newNodes) {
    nodes = List.copyOf(newNodes);
    Map<String, NodeTemplateBody> index = new LinkedHashMap<>();
    Map<String, Integer> inDegree = new LinkedHashMap<>();
    for (NodeTemplateBody node : newNodes) {
      index.putIfAbsent(node.identifier(), node);
      inDegree.putIfAbsent(node.identifier(), node.unites() == null ? 0 : 1);
    }
    for (NodeTemplateBody node : newNodes) {
      if (node.nextNodes() != null) {
        for (String next : node.nextNodes()) {
          inDegree.computeIfPresent(next, (k, v) -> v + 1);
        }
      }
    }
    byIdentifier = index;
    // Validation guarantees exactly one node with in-degree 0 (docs/state-manager.md §3.2 rule 7).
    rootIdentifier = inDegree.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
        .findFirst().orElse(null);
  }
}
