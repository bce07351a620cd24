package host.exosphere.local.engine;

import host.exosphere.graph.CronTrigger;
import host.exosphere.graph.GraphRoots;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored graph template: the validator's normalized model of the upload, kept as it is (responses are
 * built from it when a request asks). Guarded by the engine lock; replaced whole on re-upsert.
 */
final class GraphRec {
  final String id;
  final String name;
  final String namespace;
  final LocalDateTime createdAt;

  LocalDateTime updatedAt;
  /** Bumped by every upsert, so a verification of an older version does not overwrite a newer one. */
  long version;
  /**
   * What the validator made of the upload, its secrets holding ciphertexts as the server's document does:
   * verification only looks at secret names, and no plaintext is kept, in memory or on disk.
   */
  GraphTemplate template;
  /**
   * Identifiers of the nodes whose upload left {@code next_nodes} out: the server stores null for them
   * and shows it, where an explicit null is stored as {@code []} (docs/state-manager.md §1.2.5).
   */
  Set<String> nextNodesOmitted;
  String validationStatus;
  List<String> validationErrors;

  private Map<String, NodeTemplate> byIdentifier;
  private NodeTemplate root;

  GraphRec(String id, String name, String namespace, LocalDateTime createdAt) {
    this.id = id;
    this.name = name;
    this.namespace = namespace;
    this.createdAt = createdAt;
  }

  void setTemplate(GraphTemplate newTemplate, Set<String> omitted) {
    template = newTemplate;
    nextNodesOmitted = Set.copyOf(omitted);
    Map<String, NodeTemplate> index = new LinkedHashMap<>();
    for (NodeTemplate node : newTemplate.nodes()) {
      index.putIfAbsent(node.identifier(), node);
    }
    byIdentifier = index;
    // Validation guarantees exactly one root for a stored graph (docs/state-manager.md §3.2 rule 7).
    int rootIndex = GraphRoots.root(newTemplate.nodes());
    root = rootIndex < 0 ? null : newTemplate.nodes().get(rootIndex);
  }

  NodeTemplate node(String identifier) {
    return byIdentifier.get(identifier);
  }

  NodeTemplate root() {
    return root;
  }

  List<NodeTemplate> nodes() {
    return template.nodes();
  }

  Map<String, String> encryptedSecrets() {
    return template.secrets();
  }

  /** The stored policy; the server stores its defaults when the upload had none. */
  RetryPolicy retryPolicy() {
    return template.effectiveRetryPolicy();
  }

  StoreConfig storeConfig() {
    return template.effectiveStoreConfig();
  }

  List<String> triggers() {
    return template.triggers().stream().map(CronTrigger::expression).toList();
  }
}
