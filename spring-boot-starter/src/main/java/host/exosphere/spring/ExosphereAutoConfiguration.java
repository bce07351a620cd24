package host.exosphere.spring;

import host.exosphere.client.StateManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link StateManager} client from {@code exosphere.uri}, {@code exosphere.api-key} and
 * {@code exosphere.namespace}, and the {@link ExosphereWorker} that runs the application's {@code @Node}
 * beans. Either can be replaced by declaring a bean of its type.
 */
@AutoConfiguration
@EnableConfigurationProperties(ExosphereProperties.class)
public class ExosphereAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StateManager exosphereStateManager(ExosphereProperties properties) {
    PropertyCheck.check(properties, true, properties.getRuntime().isEnabled());
    ExosphereProperties.Client client = properties.getClient();
    return StateManager.builder().uri(properties.getUri()).apiKey(properties.getApiKey())
        .namespace(properties.getNamespace()).requestTimeout(client.getRequestTimeout())
        .connectTimeout(client.getConnectTimeout()).maxRetries(client.getMaxRetries()).build();
  }

  @Bean
  @ConditionalOnMissingBean
  ExosphereWorker exosphereWorker(StateManager client, ExosphereProperties properties, Environment environment,
      ConfigurableListableBeanFactory beans, ObjectProvider<ExosphereRuntimeCustomizer> customizers) {
    PropertyCheck.check(properties, false, properties.getRuntime().isEnabled());
    String name = properties.getRuntime().getName();
    if (name == null) {
      name = environment.getProperty("spring.application.name", "exosphere-spring-boot");
    }
    ClassLoader loader = beans.getBeanClassLoader();
    return new ExosphereWorker(client, properties, name, beans, customizers.orderedStream().toList(),
        new GraphUploader(client, properties.getGraphs().getSecrets(), loader));
  }
}
