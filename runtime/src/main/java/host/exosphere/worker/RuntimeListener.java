package host.exosphere.worker;

import java.time.Duration;

/**
 * Hears what an {@link ExosphereRuntime} does, for metrics and tracing: given to
 * {@link ExosphereRuntime.Builder#listener(RuntimeListener)}. Every method has an empty default, so a
 * listener overrides only what it needs.
 *
 * <p>Calls come from the runtime's own threads (the poller, the workers) while they work, so a listener
 * must be thread-safe and quick; it must not block. What a listener throws is logged and otherwise
 * ignored: it never changes what happens to a state. One listener instance serves one runtime.
 *
 * <p>The Micrometer binding, {@code host.exosphere.worker.micrometer.MicrometerRuntimeMetrics}, is one
 * such listener; the runtime itself refers to no metrics library.
 */
public interface RuntimeListener {

  /** The runtime registered its nodes and is about to poll; {@link ExosphereRuntime#metrics()} is readable from now on. */
  default void started(ExosphereRuntime runtime) {}

  /** A state of node {@code nodeName} was claimed with {@code enqueue}. */
  default void claimed(String nodeName) {}

  /**
   * A state's execution ended and its report is owed; {@code executionTime} runs from the start of the
   * execution (secrets fetched, inputs decoded, node called) to its end, or is the execution timeout for
   * a node that ran past it.
   */
  default void finished(String nodeName, StateOutcome outcome, Duration executionTime) {}

  /** An {@code enqueue} call failed; the runtime polls again after a backoff. */
  default void pollFailed(RuntimeException failure) {}

  /** The runtime closed; {@link ExosphereRuntime#abandonedStates()} lists what it had to give up on. */
  default void closed(ExosphereRuntime runtime) {}
}
