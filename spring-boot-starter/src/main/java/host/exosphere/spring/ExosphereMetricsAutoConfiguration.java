package host.exosphere.spring;

import host.exosphere.worker.micrometer.MicrometerRuntimeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Records the runtime's meters ({@code exosphere.runtime.*}, see {@link MicrometerRuntimeMetrics}) in the
 * application's {@link MeterRegistry}, when it has one (Spring Boot Actuator makes it).
 */
@AutoConfiguration(after = ExosphereAutoConfiguration.class,
    afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(MeterRegistry.class)
public class ExosphereMetricsAutoConfiguration {

  @Bean
  ExosphereRuntimeCustomizer exosphereRuntimeMetrics(MeterRegistry registry) {
    // A new listener per runtime built: the worker builds a new runtime each time the context starts.
    return builder -> builder.listener(new MicrometerRuntimeMetrics(registry));
  }
}
