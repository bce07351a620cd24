package host.exosphere.spring;

import host.exosphere.client.StateManager;
import host.exosphere.worker.ExosphereRuntime;
import host.exosphere.worker.RuntimeMetrics;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code exosphere} component of {@code /actuator/health}: UP while the state manager answers its
 * health check and the runtime (if the application has {@code @Node} beans) runs; DOWN when the state
 * manager cannot be reached or the runtime has stopped. Details: the state manager's URL and namespace,
 * the runtime's name and status, and its counters (in flight, report backlog, poll failures). The API
 * key never appears.
 */
public class ExosphereHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {
  private final StateManager probe;
  private final ExosphereWorker worker;
  private final boolean ownsProbe;

  /**
   * @param probe the client the health check calls; best one with a short timeout and no retries, so a
   *     check of an unreachable server answers quickly
   * @param worker the worker whose runtime is reported, or null when there is none
   */
  public ExosphereHealthIndicator(StateManager probe, ExosphereWorker worker) {
    this(probe, worker, false);
  }

  ExosphereHealthIndicator(StateManager probe, ExosphereWorker worker, boolean ownsProbe) {
    super("Exosphere health check failed");
    this.probe = probe;
    this.worker = worker;
    this.ownsProbe = ownsProbe;
  }

  /**
   * A client for health checks only: the application's server and key, no retries and a short
   * timeout, so that a check of an unreachable server answers within {@code exosphere.health.timeout}
   * instead of after the application client's retries.
   */
  static ExosphereHealthIndicator probing(ExosphereProperties properties, ExosphereWorker worker) {
    StateManager probe = StateManager.builder().uri(properties.getUri()).apiKey(properties.getApiKey())
        .namespace(properties.getNamespace()).maxRetries(0).requestTimeout(properties.getHealth().getTimeout())
        .connectTimeout(properties.getHealth().getTimeout()).build();
    return new ExosphereHealthIndicator(probe, worker, true);
  }

  /** Closes the health-check client when this indicator made it. */
  @Override
  public void close() {
    if (ownsProbe) {
      probe.close();
    }
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    health.withDetail("uri", probe.uri().toString()).withDetail("namespace", probe.namespace());
    boolean runtimeUp = runtimeDetails(health);
    try {
      probe.health();
      health.withDetail("stateManager", "reachable");
    } catch (RuntimeException e) {
      health.down().withDetail("stateManager", "unreachable: " + e.getMessage());
      return;
    }
    if (runtimeUp) {
      health.up();
    } else {
      health.down();
    }
  }

  /** Adds the runtime's details; false when it should run but does not. */
  private boolean runtimeDetails(Health.Builder health) {
    if (worker == null) {
      return true;
    }
    health.withDetail("runtime", worker.runtimeName()).withDetail("runtimeStatus", worker.status().name());
    ExosphereRuntime runtime = worker.runtime().orElse(null);
    if (runtime != null) {
      RuntimeMetrics m = runtime.metrics();
      health.withDetail("nodes", runtime.nodeNames()).withDetail("inFlight", m.inFlight())
          .withDetail("reportBacklog", m.outboxSize()).withDetail("pollFailures", m.pollFailures());
    }
    return worker.status() != ExosphereWorker.Status.STOPPED;
  }
}
