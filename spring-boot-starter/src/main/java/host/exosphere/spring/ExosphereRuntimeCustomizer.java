package host.exosphere.spring;

import host.exosphere.worker.ExosphereRuntime;

/**
 * Changes the runtime the starter builds, after the {@code exosphere.runtime.*} properties are applied:
 * a bean of this type can add node classes, listeners or per-node execution timeouts.
 *
 * <pre>{@code
 * @Bean
 * ExosphereRuntimeCustomizer slowExportTimeout() {
 *   return builder -> builder.executionTimeout("ExportNode", Duration.ofMinutes(10));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ExosphereRuntimeCustomizer {
  void customize(ExosphereRuntime.Builder builder);
}
