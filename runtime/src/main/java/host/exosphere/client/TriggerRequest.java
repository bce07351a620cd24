package host.exosphere.client;

import java.time.Duration;
import java.util.Map;

/** The body of {@code POST …/graph/{name}/trigger}: root inputs, store values and a start delay. */
public record TriggerRequest(Map<String, String> inputs, Map<String, String> store, Duration startDelay) {
  public static final TriggerRequest EMPTY = new TriggerRequest(Map.of(), Map.of(), Duration.ZERO);

  public TriggerRequest {
    inputs = Map.copyOf(inputs);
    store = Map.copyOf(store);
  }
}
