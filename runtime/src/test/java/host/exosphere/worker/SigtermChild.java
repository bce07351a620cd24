package host.exosphere.worker;

import host.exosphere.client.StateManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other JVM of {@link RuntimeOwnershipTest#sigtermHandsBackEveryClaimedState}: a runtime whose
 * {@code Hang} nodes never finish on their own, waiting to be sent SIGTERM.
 */
final class SigtermChild {
  static final String READY = "child: runtime started";
  static final String BUSY = "child: every worker busy";
  static final int WORKERS = 2;
  static final int WIDTH = 8;

  private SigtermChild() {}

  public static void main(String[] args) throws Exception {
    StateManager client = StateManager.builder().uri(args[0]).apiKey(args[1]).namespace(args[2]).build();
    AtomicInteger running = new AtomicInteger();
    TestNode fan = EndToEnd.node("Fan", List.of(), List.of("x"), (in, s, c) -> {
      List<Map<String, String>> out = new ArrayList<>();
      for (int i = 0; i < WIDTH; i++) {
        out.add(Map.of("x", String.valueOf(i)));
      }
      return out;
    });
    TestNode hang = EndToEnd.node("Hang", List.of("x"), List.of("y"), (in, s, c) -> {
      if (running.incrementAndGet() == WORKERS) {
        System.out.println(BUSY);
        System.out.flush();
      }
      Thread.sleep(600_000);
      return null;
    });
    ExosphereRuntime runtime = ExosphereRuntime.builder(client).name("sigterm-child").node(fan).node(hang)
        .workers(WORKERS).bufferSize(WORKERS).shutdownTimeout(Duration.ofSeconds(1))
        .idleBackoff(Duration.ofMillis(2), Duration.ofMillis(20)).build();
    runtime.start();
    System.out.println(READY);
    System.out.flush();
    // The poller keeps the JVM alive; SIGTERM runs the runtime's shutdown hook.
  }
}
