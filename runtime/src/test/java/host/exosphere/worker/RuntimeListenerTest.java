package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import host.exosphere.worker.micrometer.MicrometerRuntimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listeners and the Micrometer meters against a failing state manager. */
class RuntimeListenerTest {
  private final FakeStateManager server = new FakeStateManager("ns");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ExosphereRuntime runtime;

  @AfterEach
  void close() {
    server.fault = (call, id) -> null;
    if (runtime != null) {
      runtime.close();
    }
  }

  private ExosphereRuntime.Builder builder() {
    return ExosphereRuntime.builder(server).name("test").workers(2).batchSize(8)
        .node(TestNode.of("Ok", (in, secrets, ctx) -> List.of(Map.of("y", in.get("x")))))
        .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(10))
        .listener(new MicrometerRuntimeMetrics(registry));
  }

  private double gauge(String name) {
    return registry.get(name).tag("runtime", "test").gauge().value();
  }

  @Test
  void pollFailuresAndTheReportBacklogAreMetered() {
    AtomicInteger pollFailures = new AtomicInteger(2);
    server.fault = (call, id) -> {
      if (call.equals("enqueue") && pollFailures.getAndDecrement() > 0) {
        return FakeStateManager.status(503, "Service Unavailable");
      }
      return call.equals("executed") ? FakeStateManager.unreachable() : null;
    };
    server.add("s1", "Ok", Map.of("x", "1"));
    runtime = builder().build();
    runtime.start();
    Await.until("report kept in the outbox", () -> gauge(MicrometerRuntimeMetrics.REPORT_BACKLOG) == 1);
    assertEquals(1, gauge(MicrometerRuntimeMetrics.IN_FLIGHT));
    assertEquals(2, registry.get(MicrometerRuntimeMetrics.POLL_FAILURES).counter().count());

    server.fault = (call, id) -> null;
    Await.until("report delivered", () -> gauge(MicrometerRuntimeMetrics.REPORT_BACKLOG) == 0);
    Await.until("settled", () -> gauge(MicrometerRuntimeMetrics.IN_FLIGHT) == 0);
    assertEquals(List.of("executed s1"), server.accepted);
    assertEquals(1, registry.get(MicrometerRuntimeMetrics.EXECUTED).tag("node", "Ok").counter().count());
  }

  @Test
  void aListenerThatThrowsChangesNothing() {
    List<String> heard = new CopyOnWriteArrayList<>();
    RuntimeListener broken = new RuntimeListener() {
      @Override
      public void claimed(String nodeName) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void finished(String nodeName, StateOutcome outcome, Duration executionTime) {
        throw new IllegalStateException("listener bug");
      }
    };
    RuntimeListener recording = new RuntimeListener() {
      @Override
      public void started(ExosphereRuntime r) {
        heard.add("started " + r.name());
      }

      @Override
      public void finished(String nodeName, StateOutcome outcome, Duration executionTime) {
        heard.add(nodeName + " " + outcome);
      }

      @Override
      public void closed(ExosphereRuntime r) {
        heard.add("closed");
      }
    };
    server.add("s1", "Ok", Map.of("x", "1"));
    runtime = builder().listener(broken).listener(recording).build();
    runtime.start();
    Await.until("executed", () -> "EXECUTED".equals(server.status("s1")));
    runtime.close();
    assertEquals(List.of("executed s1"), server.accepted);
    assertEquals(List.of("started test", "Ok EXECUTED", "closed"), heard);
    assertEquals(1, registry.get(MicrometerRuntimeMetrics.CLAIMED).tag("node", "Ok").counter().count());
  }
}
