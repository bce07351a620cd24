package host.exosphere.graph;

import java.util.Objects;

/**
 * Where in a graph template a {@link Diagnostic} points.
 *
 * @param kind what is pointed at
 * @param nodeIndex the index of the node in {@link GraphTemplate#nodes()}, or -1 when not about a node
 * @param node the node's identifier as written, or {@code null}
 * @param key the input name, {@code next_nodes} entry, secret name, store key, cron expression or retry
 *     field, as written; {@code null} when {@code kind} needs none
 * @param index the position of the entry in its list ({@code next_nodes}, {@code required_keys},
 *     {@code triggers}), or -1
 */
public record Location(Kind kind, int nodeIndex, String node, String key, int index) {

  /** What a location points at. */
  public enum Kind {
    GRAPH, GRAPH_NAME, GRAPH_NAMESPACE, SECRET,
    NODE, NODE_NAME, NODE_NAMESPACE, IDENTIFIER, INPUT, NEXT_NODE, UNITES,
    RETRY_POLICY, STORE_REQUIRED_KEY, STORE_DEFAULT, TRIGGER
  }

  public Location {
    Objects.requireNonNull(kind, "kind");
  }

  public static Location graph() {
    return new Location(Kind.GRAPH, -1, null, null, -1);
  }

  public static Location of(Kind kind) {
    return new Location(kind, -1, null, null, -1);
  }

  /** A graph-level entry: a secret, a store key, a trigger, a retry field. */
  public static Location of(Kind kind, String key, int index) {
    return new Location(kind, -1, null, key, index);
  }

  /** A node-level location. */
  public static Location node(Kind kind, int nodeIndex, String node, String key, int index) {
    return new Location(kind, nodeIndex, node, key, index);
  }

  /** Reads like "node 'b', input 'text'" or "store_config.required_keys[0] 'a.b'". */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (node != null) {
      s.append("node '").append(node).append('\'');
    } else if (nodeIndex >= 0) {
      s.append("nodes[").append(nodeIndex).append(']');
    }
    String what = switch (kind) {
      case GRAPH, NODE -> null;
      case GRAPH_NAME -> "name";
      case GRAPH_NAMESPACE -> "namespace";
      case SECRET -> "secret";
      case NODE_NAME -> "node_name";
      case NODE_NAMESPACE -> "namespace";
      case IDENTIFIER -> "identifier";
      case INPUT -> "input";
      case NEXT_NODE -> "next_nodes" + (index >= 0 ? "[" + index + "]" : "");
      case UNITES -> "unites";
      case RETRY_POLICY -> "retry_policy";
      case STORE_REQUIRED_KEY -> "store_config.required_keys" + (index >= 0 ? "[" + index + "]" : "");
      case STORE_DEFAULT -> "store_config.default_values";
      case TRIGGER -> "triggers" + (index >= 0 ? "[" + index + "]" : "");
    };
    if (what == null) {
      return s.length() == 0 ? "graph" : s.toString();
    }
    if (s.length() > 0) {
      s.append(", ");
    }
    s.append(what);
    if (key != null) {
      s.append(" '").append(key).append('\'');
    }
    return s.toString();
  }
}
