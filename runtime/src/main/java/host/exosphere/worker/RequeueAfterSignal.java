package host.exosphere.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a node to run the same state again later: the runtime reports
 * {@code POST …/state/{id}/re-enqueue-after} with the delay in milliseconds. The state keeps its id and
 * retry count.
 */
public class RequeueAfterSignal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration delay;

  /**
   * @param delay how long to wait; at least one millisecond (the state manager refuses 0)
   * @throws IllegalArgumentException when the delay is shorter than a millisecond
   */
  public RequeueAfterSignal(Duration delay) {
    super("re-enqueue after " + Objects.requireNonNull(delay, "delay"), null, false, false);
    if (delay.toMillis() < 1) {
      throw new IllegalArgumentException("Delay must be at least 1 ms, got " + delay);
    }
    this.delay = delay;
  }

  public Duration delay() {
    return delay;
  }
}
