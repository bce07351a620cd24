package host.exosphere.samples.resilience;

import host.exosphere.annotations.Node;
import host.exosphere.worker.NodeContext;
import host.exosphere.worker.PruneSignal;
import host.exosphere.worker.RequeueAfterSignal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uses both signals: the first time it sees a state it asks to be run again a little later
 * ({@link RequeueAfterSignal}, same state id); on the second run it either lets the payload through or,
 * in {@code skip} mode, stops the branch ({@link PruneSignal}).
 */
@Node
public final class Gatekeeper {
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  public record Inputs(String body, String mode) {}

  public record Outputs(String body) {}

  public Outputs execute(Inputs inputs, NodeContext context) {
    if (SEEN.add(context.stateId())) {
      throw new RequeueAfterSignal(Duration.ofMillis(200));
    }
    if ("skip".equals(inputs.mode())) {
      throw new PruneSignal(Map.of("reason", "skip mode", "body", inputs.body()));
    }
    return new Outputs(inputs.body());
  }
}
