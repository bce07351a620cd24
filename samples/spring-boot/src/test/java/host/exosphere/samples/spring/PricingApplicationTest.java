package host.exosphere.samples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import host.exosphere.client.StateManager;
import host.exosphere.local.LocalStateManager;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.Runs;
import host.exosphere.worker.micrometer.MicrometerRuntimeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as it starts in production, against the embedded state manager: the starter registers
 * the {@code @Node} beans (built by Spring with their {@link PriceBook}), uploads the graph, runs it, and
 * records what it did in the application's meters and health.
 */
@SpringBootTest(properties = "exosphere.runtime.name=pricing-test")
@DirtiesContext // the context's runtime polls SERVER: close it with this class, before SERVER goes
class PricingApplicationTest {
  private static final LocalStateManager SERVER = LocalStateManager.start();

  @DynamicPropertySource
  static void stateManager(DynamicPropertyRegistry properties) {
    properties.add("exosphere.uri", () -> SERVER.uri().toString());
    properties.add("exosphere.api-key", SERVER::apiKey);
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class EmbeddedServer {
    /** Stops the server with the context, after the runtime has stopped (lifecycle beans stop first). */
    @Bean
    DisposableBean stopEmbeddedServer() {
      return SERVER::close;
    }
  }

  @Autowired StateManager client;
  @Autowired MeterRegistry meters;
  @Autowired HealthEndpoint health;

  @Test
  void aRunSucceedsWithInjectedServicesAndIsMetered() {
    String good = QuoteToInvoiceGraph.trigger(client, "widget", "4", "acme");
    RunResult run = Runs.await(client, QuoteToInvoiceGraph.NAME, good, Duration.ofSeconds(30));
    assertEquals("SUCCESS", run.status(), run.toString());
    assertEquals(List.of("10.00"), run.outputs("quote", "net"));
    assertEquals(List.of("acme owes 12.00"), run.outputs("invoice", "invoice"));

    // An unknown SKU fails the quote; the graph's retry policy tries it once more, then the run fails.
    String bad = QuoteToInvoiceGraph.trigger(client, "sprocket", "1", "acme");
    RunResult failed = Runs.await(client, QuoteToInvoiceGraph.NAME, bad, Duration.ofSeconds(30));
    assertEquals("FAILED", failed.status(), failed.toString());
    assertEquals(Map.of("ERRORED", 1L, "RETRY_CREATED", 1L), failed.statusCounts("quote"));

    assertEquals(3, count(MicrometerRuntimeMetrics.CLAIMED, "QuoteNode"));
    assertEquals(1, count(MicrometerRuntimeMetrics.EXECUTED, "QuoteNode"));
    assertEquals(2, count(MicrometerRuntimeMetrics.ERRORED, "QuoteNode"));
    assertEquals(1, count(MicrometerRuntimeMetrics.CLAIMED, "InvoiceNode"));
    assertEquals(1, count(MicrometerRuntimeMetrics.EXECUTED, "InvoiceNode"));
    assertEquals(2, meters.get(MicrometerRuntimeMetrics.EXECUTION).tags("node", "QuoteNode", "outcome", "errored")
        .timer().count());
    assertEquals(0, meters.get(MicrometerRuntimeMetrics.POLL_FAILURES).counter().count());

    assertEquals(Status.UP, health.healthForPath("exosphere").getStatus());
  }

  private double count(String meter, String node) {
    return meters.get(meter).tags("runtime", "pricing-test", "node", node).counter().count();
  }
}
