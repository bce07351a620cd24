package host.exosphere.worker;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a claimed state back when the runtime shuts down without running it to the end. The state
 * manager has no lease on claimed states (contract §4.1): one that is never reported stays QUEUED for
 * good. Reporting it errored with a message saying why lets the graph's retry policy create it again
 * (and shows the reason in the run), whereas handing it back with {@code re-enqueue-after} would also
 * re-run a node that may be half done without the run saying so.
 */
final class HandBack {
  private static final Logger log = LoggerFactory.getLogger(HandBack.class);

  /** The text every such error starts with, so a run's errors say at a glance what happened. */
  static final String SHUT_DOWN = "runtime shut down";

  private final StateManagerPort port;
  private final String runtimeName;
  private final Backoff backoff;

  HandBack(StateManagerPort port, String runtimeName, Backoff backoff) {
    this.port = port;
    this.runtimeName = runtimeName;
    this.backoff = backoff;
  }

  /**
   * Reports {@code claimed} errored, retrying a failing server until {@code deadlineNanos} (at least one
   * attempt), and says what became of it.
   */
  AbandonedState errored(ClaimedState claimed, String what, long deadlineNanos) {
    String error = SHUT_DOWN + ": runtime '" + runtimeName + "' " + what;
    String last = null;
    for (int attempt = 1; ; attempt++) {
      try {
        port.errored(claimed.id(), error);
        log.info("{} handed back as errored ({})", claimed, error);
        return state(claimed, what + "; reported errored so the graph's retry policy can create it again", true);
      } catch (RuntimeException e) {
        last = Failures.summary(e);
        long pause = backoff.jitteredNanos(attempt);
        if (!Failures.retryable(e) || System.nanoTime() + pause - deadlineNanos > 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return state(claimed, what + "; reporting it errored failed (" + last + "), so it stays QUEUED on the state "
        + "manager", false);
  }

  static AbandonedState state(ClaimedState claimed, String reason, boolean handedBack) {
    return new AbandonedState(claimed.id(), claimed.state.nodeName(), claimed.state.identifier(), reason,
        handedBack);
  }
}
