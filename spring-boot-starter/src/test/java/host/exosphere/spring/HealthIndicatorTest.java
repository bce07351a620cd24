package host.exosphere.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.spring.nodes.HoldGraphGraph;
import host.exosphere.spring.nodes.HoldNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code exosphere} health indicator with the state manager down, up, and the runtime stopped. */
@ExtendWith(LocalStateManagerExtension.class)
class HealthIndicatorTest {
  /** In this module's port range; nothing listens there. */
  private static final String NOBODY = "http://127.0.0.1:18317";

  @Configuration(proxyBeanMethods = false)
  static class HoldNodes {
    @Bean
    HoldNode holdNode() {
      return new HoldNode();
    }
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ExosphereAutoConfiguration.class, ExosphereHealthAutoConfiguration.class));

  @Test
  void serverDownIsReportedDownWithoutTheKey() {
    runner.withPropertyValues("exosphere.uri=" + NOBODY, "exosphere.api-key=key-never-shown",
        "exosphere.namespace=ns", "exosphere.health.timeout=2s").run(context -> {
          Health health = context.getBean(ExosphereHealthIndicator.class).getHealth(true);

          assertEquals(Status.DOWN, health.getStatus());
          Map<String, Object> details = health.getDetails();
          assertTrue(String.valueOf(details.get("stateManager")).startsWith("unreachable: "), details.toString());
          assertEquals(NOBODY, details.get("uri"));
          assertEquals("ns", details.get("namespace"));
          // No @Node bean here: only the client is in use.
          assertEquals("IDLE", details.get("runtimeStatus"));
          assertFalse(health.toString().contains("key-never-shown"));
        });
  }

  @Test
  void runningRuntimeIsUpAndStoppedRuntimeIsDown(LocalStateManager server) {
    runner.withUserConfiguration(HoldNodes.class)
        .withPropertyValues("exosphere.uri=" + server.uri(), "exosphere.api-key=" + server.apiKey(),
            "exosphere.namespace=" + HoldGraphGraph.NAMESPACE, "exosphere.runtime.name=health-test")
        .run(context -> {
          ExosphereHealthIndicator indicator = context.getBean(ExosphereHealthIndicator.class);
          Health up = indicator.getHealth(true);
          assertEquals(Status.UP, up.getStatus(), up.toString());
          assertEquals("reachable", up.getDetails().get("stateManager"));
          assertEquals("health-test", up.getDetails().get("runtime"));
          assertEquals("RUNNING", up.getDetails().get("runtimeStatus"));
          assertEquals(List.of("HoldNode"), up.getDetails().get("nodes"));
          assertEquals(0, up.getDetails().get("reportBacklog"));

          context.getBean(ExosphereWorker.class).stop();
          Health stopped = indicator.getHealth(true);
          assertEquals(Status.DOWN, stopped.getStatus());
          assertEquals("STOPPED", stopped.getDetails().get("runtimeStatus"));
        });
  }

  @Test
  void theIndicatorCanBeTurnedOff() {
    runner.withPropertyValues("exosphere.uri=" + NOBODY, "exosphere.api-key=k", "exosphere.namespace=ns",
        "management.health.exosphere.enabled=false")
        .run(context -> assertFalse(context.containsBean("exosphereHealthIndicator")));
  }
}
