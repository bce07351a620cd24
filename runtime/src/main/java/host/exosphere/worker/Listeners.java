package host.exosphere.worker;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's listeners behind one {@link RuntimeListener}: a listener that throws is logged and
 * skipped, because a metrics bug must never change what is reported for a state.
 */
final class Listeners implements RuntimeListener {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<RuntimeListener> listeners;

  Listeners(List<RuntimeListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void started(ExosphereRuntime runtime) {
    each(l -> l.started(runtime));
  }

  @Override
  public void claimed(String nodeName) {
    each(l -> l.claimed(nodeName));
  }

  @Override
  public void finished(String nodeName, StateOutcome outcome, Duration executionTime) {
    each(l -> l.finished(nodeName, outcome, executionTime));
  }

  @Override
  public void pollFailed(RuntimeException failure) {
    each(l -> l.pollFailed(failure));
  }

  @Override
  public void closed(ExosphereRuntime runtime) {
    each(l -> l.closed(runtime));
  }

  private void each(Consumer<RuntimeListener> call) {
    for (RuntimeListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Runtime listener {} failed; ignoring it for this event", listener, e);
      }
    }
  }
}
