package host.exosphere.spring.nodes;

import host.exosphere.annotations.Node;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Takes a while per item and counts how often each item ran, so a test can close mid-run. */
@Node
public final class HoldNode {
  /** Executions per item, across runtimes. */
  public static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
  /** How long each execution takes. */
  public static volatile long holdMillis = 300;

  public record Inputs(String item) {}

  public record Outputs(String done) {}

  public Outputs execute(Inputs inputs) throws InterruptedException {
    Thread.sleep(holdMillis);
    EXECUTIONS.computeIfAbsent(inputs.item(), i -> new AtomicInteger()).incrementAndGet();
    return new Outputs("held " + inputs.item());
  }
}
