package host.exosphere.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a graph template, in wire form ({@code nodes[i]} of the upsert body).
 *
 * <p>Values are kept as written: trimming and the state manager's request-model checks are the
 * validator's job, so a diagnostic can point at exactly what the author wrote.
 *
 * @param nodeName the registered node's name ({@code node_name})
 * @param namespace the registered node's namespace (never trimmed by the server)
 * @param identifier the graph-unique identifier referenced by {@code ${{ identifier.outputs.f }}}
 * @param inputs input field → template string. Values are normally {@link String}s; a graph read from
 *     JSON may carry any JSON value (a {@link Number}, {@link Boolean}, {@code null}, {@link List} or
 *     {@link Map}), which the validator rejects the way the server does
 * @param nextNodes identifiers of the following nodes ({@code next_nodes}); never null
 * @param unites the join this node waits for, or {@code null} when it has none ({@link #unitesTarget()})
 */
public record NodeTemplate(
    String nodeName,
    String namespace,
    String identifier,
    Map<String, Object> inputs,
    List<String> nextNodes,
    Unites unites) {

  public NodeTemplate {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(identifier, "identifier");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
    nextNodes = List.copyOf(Objects.requireNonNull(nextNodes, "nextNodes"));
  }

  /** A node without a join. */
  public static NodeTemplate of(
      String nodeName, String namespace, String identifier, Map<String, ?> inputs, List<String> nextNodes) {
    return new NodeTemplate(nodeName, namespace, identifier, copyInputs(inputs), nextNodes, null);
  }

  /** The join this node waits for, if any. */
  public Optional<Unites> unitesTarget() {
    return Optional.ofNullable(unites);
  }

  /** A copy with another join (or none). */
  public NodeTemplate withUnites(Unites newUnites) {
    return new NodeTemplate(nodeName, namespace, identifier, inputs, nextNodes, newUnites);
  }

  /** A copy with other inputs. */
  public NodeTemplate withInputs(Map<String, ?> newInputs) {
    return new NodeTemplate(nodeName, namespace, identifier, copyInputs(newInputs), nextNodes, unites);
  }

  /** A copy with other next nodes. */
  public NodeTemplate withNextNodes(List<String> newNextNodes) {
    return new NodeTemplate(nodeName, namespace, identifier, inputs, newNextNodes, unites);
  }

  private static Map<String, Object> copyInputs(Map<String, ?> inputs) {
    return new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs"));
  }
}
