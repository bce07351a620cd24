package host.exosphere.worker;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state-manager calls an {@link ExosphereRuntime} makes, and nothing else: a seam so the runtime's scheduling,
 * retry and shutdown logic can be tested against an in-memory fake that injects faults. Errors are
 * {@link host.exosphere.client.StateManagerException}s carrying the HTTP status (0 when unreachable).
 */
interface StateManagerPort {

  /** The namespace the runtime's nodes are registered and polled in. */
  String namespace();

  void registerNodes(String runtimeName, List<NodeRegistration> nodes);

  List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize);

  /** Whether the server offered {@code states/await} in an enqueue answer (only the embedded one does). */
  default boolean offersAwait() {
    return false;
  }

  /** Waits for a claimable state without claiming it; see {@link StateManager#awaitStates}. */
  default boolean awaitStates(List<String> nodeNames, Duration timeout, String waiterId) {
    throw new UnsupportedOperationException("states/await is not offered");
  }

  /** Waits for claimable states and claims them in one call; see {@link StateManager#awaitAndEnqueue}. */
  default List<EnqueuedState> awaitAndEnqueue(List<String> nodeNames, int batchSize, Duration timeout,
      String waiterId) {
    throw new UnsupportedOperationException("states/await is not offered");
  }

  Map<String, String> secrets(String stateId);

  void executed(String stateId, List<Map<String, String>> outputs);

  boolean errored(String stateId, String error);

  void prune(String stateId, Map<String, Object> data);

  long reEnqueueAfter(String stateId, Duration delay);

  /** The port over a real client. */
  static StateManagerPort over(StateManager client) {
    Objects.requireNonNull(client, "stateManager");
    return new StateManagerPort() {
      @Override
      public String namespace() {
        return client.namespace();
      }

      @Override
      public void registerNodes(String runtimeName, List<NodeRegistration> nodes) {
        client.registerNodes(runtimeName, nodes);
      }

      @Override
      public List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize) {
        return client.enqueue(nodeNames, batchSize);
      }

      @Override
      public boolean offersAwait() {
        return client.offersAwaitStates();
      }

      @Override
      public boolean awaitStates(List<String> nodeNames, Duration timeout, String waiterId) {
        return client.awaitStates(nodeNames, timeout, waiterId);
      }

      @Override
      public List<EnqueuedState> awaitAndEnqueue(List<String> nodeNames, int batchSize, Duration timeout,
          String waiterId) {
        return client.awaitAndEnqueue(nodeNames, batchSize, timeout, waiterId);
      }

      @Override
      public Map<String, String> secrets(String stateId) {
        return client.secrets(stateId);
      }

      @Override
      public void executed(String stateId, List<Map<String, String>> outputs) {
        client.executed(stateId, outputs);
      }

      @Override
      public boolean errored(String stateId, String error) {
        return client.errored(stateId, error);
      }

      @Override
      public void prune(String stateId, Map<String, Object> data) {
        client.prune(stateId, data);
      }

      @Override
      public long reEnqueueAfter(String stateId, Duration delay) {
        return client.reEnqueueAfter(stateId, delay);
      }

      @Override
      public String toString() {
        return "state manager " + client.uri() + " (namespace " + client.namespace() + ")";
      }
    };
  }
}
