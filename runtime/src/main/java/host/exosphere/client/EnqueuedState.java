package host.exosphere.client;

import java.util.Map;

/** A state claimed by {@code enqueue}: what a runtime needs to execute it. */
public record EnqueuedState(
    String stateId, String nodeName, String identifier, Map<String, String> inputs, String createdAt) {
  public EnqueuedState {
    inputs = Map.copyOf(inputs);
  }
}
