package host.exosphere.worker.micrometer;

import host.exosphere.worker.ExosphereRuntime;
import host.exosphere.worker.RuntimeListener;
import host.exosphere.worker.StateOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what an {@link ExosphereRuntime} does in a Micrometer {@link MeterRegistry}:
 *
 * <pre>{@code
 * ExosphereRuntime.builder(client).name("my-runtime").nodes(MyGraph.NODES)
 *     .listener(new MicrometerRuntimeMetrics(registry))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters, each tagged {@code runtime} (the runtime's name) and the extra tags given</caption>
 *   <tr><th>name</th><th>type</th><th>more tags</th></tr>
 *   <tr><td>{@value #CLAIMED}</td><td>counter</td><td>{@code node}</td></tr>
 *   <tr><td>{@value #EXECUTED}, {@value #ERRORED}, {@value #PRUNED}, {@value #REQUEUED}</td><td>counter</td>
 *       <td>{@code node}</td></tr>
 *   <tr><td>{@value #EXECUTION}</td><td>timer</td><td>{@code node}, {@code outcome}</td></tr>
 *   <tr><td>{@value #IN_FLIGHT}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@value #REPORT_BACKLOG}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@value #POLL_FAILURES}</td><td>counter</td><td></td></tr>
 * </table>
 *
 * <p>The per-node meters of the runtime's own nodes exist, at zero, from {@code start()} on, so a
 * dashboard shows a node before its first state; the gauges go when the runtime closes. Micrometer is an optional dependency of the runtime:
 * only this package needs it on the class path. One instance serves one runtime.
 */
public final class MicrometerRuntimeMetrics implements RuntimeListener {
  /** States claimed with {@code enqueue}. */
  public static final String CLAIMED = "exosphere.runtime.states.claimed";
  /** Executions reported with {@code executed}. */
  public static final String EXECUTED = "exosphere.runtime.states.executed";
  /** Executions reported with {@code errored}, timeouts included. */
  public static final String ERRORED = "exosphere.runtime.states.errored";
  /** Executions that pruned their branch. */
  public static final String PRUNED = "exosphere.runtime.states.pruned";
  /** Executions that asked to run again later. */
  public static final String REQUEUED = "exosphere.runtime.states.requeued";
  /** How long executions took, by node and outcome. */
  public static final String EXECUTION = "exosphere.runtime.states.execution";
  /** Claimed states not yet settled: waiting for a worker, running, or owed a report. */
  public static final String IN_FLIGHT = "exosphere.runtime.states.in.flight";
  /** Reports kept until the state manager takes them (it was unreachable or failing). */
  public static final String REPORT_BACKLOG = "exosphere.runtime.reports.backlog";
  /** {@code enqueue} calls that failed. */
  public static final String POLL_FAILURES = "exosphere.runtime.polls.failed";

  private final MeterRegistry registry;
  private final Tags extraTags;
  private final Map<String, NodeMeters> nodes = new ConcurrentHashMap<>();
  private volatile Tags runtimeTags;
  private volatile Counter pollFailures;
  private volatile Gauge inFlight;
  private volatile Gauge backlog;

  /** Meters in {@code registry}, tagged with the runtime's name. */
  public MicrometerRuntimeMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Meters in {@code registry}, tagged with the runtime's name and {@code tags} (e.g. the application). */
  public MicrometerRuntimeMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.extraTags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void started(ExosphereRuntime runtime) {
    runtimeTags = extraTags.and("runtime", runtime.name());
    pollFailures = Counter.builder(POLL_FAILURES).description("enqueue calls that failed")
        .tags(runtimeTags).register(registry);
    // Gauges hold the runtime weakly: a closed and forgotten runtime does not stay reachable through them.
    inFlight = Gauge.builder(IN_FLIGHT, runtime, r -> r.metrics().inFlight())
        .description("claimed states not yet settled").tags(runtimeTags).register(registry);
    backlog = Gauge.builder(REPORT_BACKLOG, runtime, r -> r.metrics().outboxSize())
        .description("reports waiting for the state manager").tags(runtimeTags).register(registry);
    runtime.nodeNames().forEach(this::node);
  }

  @Override
  public void claimed(String nodeName) {
    node(nodeName).claimed.increment();
  }

  @Override
  public void finished(String nodeName, StateOutcome outcome, Duration executionTime) {
    NodeMeters meters = node(nodeName);
    meters.outcomes.get(outcome).increment();
    meters.timers.get(outcome).record(executionTime);
  }

  @Override
  public void pollFailed(RuntimeException failure) {
    Counter counter = pollFailures;
    if (counter != null) {
      counter.increment();
    }
  }

  /**
   * Removes the gauges, which read the closed runtime: a runtime of the same name started later (a
   * restarted application context) registers its own instead of finding these.
   */
  @Override
  public void closed(ExosphereRuntime runtime) {
    registry.remove(inFlight);
    registry.remove(backlog);
  }

  @Override
  public String toString() {
    return "MicrometerRuntimeMetrics[" + registry.getClass().getSimpleName() + "]";
  }

  private NodeMeters node(String nodeName) {
    return nodes.computeIfAbsent(nodeName, n -> new NodeMeters(registry, tags().and("node", n)));
  }

  private Tags tags() {
    Tags tags = runtimeTags;
    return tags == null ? extraTags : tags;
  }

  /** One node's meters, made once so the hot path does no registry look-up. */
  private static final class NodeMeters {
    final Counter claimed;
    final Map<StateOutcome, Counter> outcomes = new EnumMap<>(StateOutcome.class);
    final Map<StateOutcome, Timer> timers = new EnumMap<>(StateOutcome.class);

    NodeMeters(MeterRegistry registry, Tags tags) {
      claimed = Counter.builder(CLAIMED).description("states claimed").tags(tags).register(registry);
      for (StateOutcome outcome : StateOutcome.values()) {
        outcomes.put(outcome, Counter.builder(counterName(outcome)).description("executions that ended "
            + outcome.name().toLowerCase(Locale.ROOT)).tags(tags).register(registry));
        timers.put(outcome, Timer.builder(EXECUTION).description("how long executions took")
            .tags(tags).tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
      }
    }

    private static String counterName(StateOutcome outcome) {
      return switch (outcome) {
        case EXECUTED -> EXECUTED;
        case ERRORED -> ERRORED;
        case PRUNED -> PRUNED;
        case REQUEUED -> REQUEUED;
      };
    }
  }
}
