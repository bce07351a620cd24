package host.exosphere.spring;

import host.exosphere.annotations.Node;
import host.exosphere.client.StateManager;
import host.exosphere.worker.ExosphereRuntime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's {@code @Node} beans once the context is ready and stops them with it. On
 * {@link #start()} it builds an {@link ExosphereRuntime} from the beans, the {@code exosphere.runtime.*}
 * properties and the {@link ExosphereRuntimeCustomizer}s, registers the nodes and starts polling; then,
 * with {@code exosphere.graphs.upsert}, uploads the application's generated graphs. On {@link #stop()},
 * which Spring calls before it destroys any bean, it stops claiming and lets claimed states finish and be
 * reported within {@code exosphere.runtime.shutdown-timeout}; whatever is left then is handed back to the
 * state manager (see {@link ExosphereRuntime#close()}).
 *
 * <p>It runs in the last lifecycle phase: started after every other lifecycle bean (a web server, a
 * message listener), stopped before them, so the nodes' collaborators are still there while in-flight
 * states finish.
 */
public class ExosphereWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ExosphereWorker.class);

  /** What the worker is doing, for the health indicator. */
  public enum Status {
    /** Not started yet. */
    NEW,
    /** The runtime is polling and executing. */
    RUNNING,
    /** No {@code @Node} bean, or {@code exosphere.runtime.enabled=false}: only the client is in use. */
    IDLE,
    /** Stopped with the context. */
    STOPPED
  }

  private final StateManager client;
  private final ExosphereProperties properties;
  private final String runtimeName;
  private final ConfigurableListableBeanFactory beans;
  private final List<ExosphereRuntimeCustomizer> customizers;
  private final GraphUploader graphs;
  private volatile ExosphereRuntime runtime;
  private volatile Status status = Status.NEW;

  ExosphereWorker(StateManager client, ExosphereProperties properties, String runtimeName,
      ConfigurableListableBeanFactory beans,
      List<ExosphereRuntimeCustomizer> customizers, GraphUploader graphs) {
    this.client = client;
    this.properties = properties;
    this.runtimeName = runtimeName;
    this.beans = beans;
    this.customizers = List.copyOf(customizers);
    this.graphs = graphs;
  }

  /** The running runtime; empty before start, after stop, or when there is nothing to run. */
  public Optional<ExosphereRuntime> runtime() {
    return status == Status.RUNNING ? Optional.ofNullable(runtime) : Optional.empty();
  }

  /** What the worker is doing. */
  public Status status() {
    return status;
  }

  /** The runtime's name as registered with the state manager. */
  public String runtimeName() {
    return runtimeName;
  }

  @Override
  public synchronized void start() {
    if (status == Status.RUNNING || status == Status.IDLE) {
      return;
    }
    ExosphereRuntime built = properties.getRuntime().isEnabled() ? build() : null;
    if (built == null) {
      status = Status.IDLE;
    } else {
      built.start();
      runtime = built;
      status = Status.RUNNING;
    }
    if (properties.getGraphs().isUpsert()) {
      graphs.upsertAll();
    }
  }

  /** The runtime of the {@code @Node} beans, or null when there are none. */
  private ExosphereRuntime build() {
    ExosphereProperties.RuntimeSettings settings = properties.getRuntime();
    ExosphereRuntime.Builder builder = ExosphereRuntime.builder(client).name(runtimeName)
        .workers(settings.getWorkers()).batchSize(settings.getBatchSize())
        .shutdownTimeout(settings.getShutdownTimeout()).registrationTimeout(settings.getRegistrationTimeout());
    if (settings.getExecutionTimeout() != null) {
      builder.executionTimeout(settings.getExecutionTimeout());
    }
    Map<String, Object> nodes = beans.getBeansWithAnnotation(Node.class);
    if (nodes.isEmpty()) {
      log.info("No @Node bean in the application context: runtime '{}' is not started; the StateManager client "
          + "is ready for use", runtimeName);
      return null;
    }
    NodeBeans.addTo(builder, nodes.values(), beans);
    customizers.forEach(c -> c.customize(builder));
    return builder.build();
  }

  @Override
  public synchronized void stop() {
    ExosphereRuntime running = runtime;
    if (running != null) {
      running.close();
    }
    status = Status.STOPPED;
  }

  @Override
  public boolean isRunning() {
    return status == Status.RUNNING || status == Status.IDLE;
  }

  @Override
  public String toString() {
    return "ExosphereWorker[" + runtimeName + ", " + status + "]";
  }
}
