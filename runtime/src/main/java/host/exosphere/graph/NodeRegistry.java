package host.exosphere.graph;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nodes registered with a state manager, looked up by {@code (name, namespace)} exactly as written. */
public interface NodeRegistry {

  /** The node registered under exactly this name and namespace, if any. */
  Optional<RegisteredNode> find(String name, String namespace);

  /** A registry holding {@code nodes}; a later node with the same name and namespace wins, as on the server. */
  static NodeRegistry of(Collection<RegisteredNode> nodes) {
    Map<List<String>, RegisteredNode> byKey = new LinkedHashMap<>();
    for (RegisteredNode node : nodes) {
      byKey.put(List.of(node.name(), node.namespace()), node);
    }
    return (name, namespace) -> Optional.ofNullable(byKey.get(List.of(name, namespace)));
  }
}
