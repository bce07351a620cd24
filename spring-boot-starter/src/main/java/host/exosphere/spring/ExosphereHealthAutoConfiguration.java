package host.exosphere.spring;

import host.exosphere.client.StateManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code exosphere} health indicator, when Spring Boot Actuator is on the class path
 * ({@code management.health.exosphere.enabled=false} turns it off).
 */
@AutoConfiguration(after = ExosphereAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(StateManager.class)
@ConditionalOnEnabledHealthIndicator("exosphere")
public class ExosphereHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "exosphereHealthIndicator")
  ExosphereHealthIndicator exosphereHealthIndicator(StateManager client, ExosphereProperties properties,
      ObjectProvider<ExosphereWorker> worker) {
    // A client of the application's own (exosphere.uri unset) is checked with its own timeouts and retries.
    return properties.getUri() == null ? new ExosphereHealthIndicator(client, worker.getIfAvailable())
        : ExosphereHealthIndicator.probing(properties, worker.getIfAvailable());
  }
}
