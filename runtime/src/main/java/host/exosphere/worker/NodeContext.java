package host.exosphere.worker;

import java.util.Objects;

/**
 * What a node's {@code execute} method may ask about the state it is running: declare a
 * {@code NodeContext} parameter to receive it.
 *
 * @param stateId the state's id
 * @param runId the run the state belongs to; empty when the state manager does not say, which is always
 *     today: its enqueue response carries only the state id, node name, identifier, inputs and creation
 *     time (docs/state-manager.md §1.2.9), and no endpoint looks a state up by id
 * @param graphName the graph of the run; empty for the same reason
 * @param identifier the node template's identifier in that graph
 * @param nodeName the registered node name
 * @param namespace the namespace
 */
public record NodeContext(
    String stateId, String runId, String graphName, String identifier, String nodeName, String namespace) {
  public NodeContext {
    Objects.requireNonNull(stateId, "stateId");
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(nodeName, "nodeName");
  }
}
