package host.exosphere.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the poller spends the time between an {@code enqueue} that claimed nothing and the next one.
 *
 * <p>Where the server offers {@code states/await} (the embedded state manager says so in its enqueue
 * answers), the runtime waits there: the server answers the moment one of its states can be claimed, so a
 * triggered state starts within a round trip and an idle runtime costs one request per {@link
 * #AWAIT_TIMEOUT}. Elsewhere (Exosphere's own state manager, which is sent nothing but its standard API)
 * it sleeps a capped exponential backoff that starts again from its minimum whenever the runtime claimed
 * or settled a state, because that is when a run's next states appear: later steps of a run are picked up
 * within milliseconds, and an idle runtime settles at one poll per backoff cap.
 */
final class IdleWait {
  private static final Logger log = LoggerFactory.getLogger(IdleWait.class);

  /** How long one {@code states/await} call may be held; the call is simply repeated. */
  static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(10);
  /** A "nothing" answered sooner than this was not held: the server holds as many waits as it allows. */
  private static final long HELD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final StateManagerPort port;
  private final List<String> nodeNames;
  private final Backoff backoff;
  private final Duration awaitTimeout;
  private final String waiterId;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  /** Empty polls since the last claim or settled state; only the poller thread touches it. */
  private int rounds;
  /** A state settled since the poller last looked: its successors may be there now. */
  private volatile boolean activity;
  /** Whether the poller sleeps on {@link #wake}; only then is {@link #activity()} worth a signal. */
  private volatile boolean sleeping;
  private volatile boolean awaiting;
  private volatile boolean stopped;

  IdleWait(StateManagerPort port, List<String> nodeNames, Backoff backoff, Duration awaitTimeout, String waiterId) {
    this.port = port;
    this.nodeNames = nodeNames;
    this.backoff = backoff;
    this.awaitTimeout = awaitTimeout;
    this.waiterId = waiterId;
  }

  /** The poller claimed something: the next empty poll starts the backoff from its minimum. */
  void claimed() {
    rounds = 0;
  }

  /**
   * How many states the next poll asks for. Exosphere's state manager runs one database update per
   * requested state, found or not (contract §1.2.9), so an idle runtime asks for one: its polls then cost
   * the server one update each, and a run's first state needs no more. Once something was claimed it asks
   * for what it has room for.
   */
  int batch(int room) {
    return rounds > 0 && !port.offersAwait() ? Math.min(1, room) : room;
  }

  /** A claimed state was settled (executed and reported): wake the poller if it sleeps. */
  void activity() {
    activity = true;
    if (sleeping) {
      lock.lock();
      try {
        wake.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Returns when it is time to poll again, or at once once {@link #stop()} was called. Never throws. */
  void waitForWork() {
    if (port.offersAwait() && awaitOnServer()) {
      return;
    }
    sleep();
  }

  /** @return true when it is time to poll; false when the server did not hold the wait */
  private boolean awaitOnServer() {
    awaiting = true;
    try {
      while (!stopped) {
        long started = System.nanoTime();
        boolean available;
        try {
          available = port.awaitStates(nodeNames, awaitTimeout, waiterId);
        } catch (RuntimeException e) {
          // The next enqueue meets the same failure and reports it with its own backoff.
          log.debug("Waiting for states of {} failed ({}); polling instead", nodeNames, Failures.summary(e));
          return false;
        }
        if (available) {
          rounds = 0;
          return true;
        }
        if (System.nanoTime() - started < HELD_NANOS) {
          return false;
        }
      }
      return true;
    } finally {
      awaiting = false;
    }
  }

  private void sleep() {
    lock.lock();
    sleeping = true;
    try {
      if (!activity) {
        long left = backoff.nanos(++rounds);
        while (!stopped && !activity && left > 0) {
          left = wake.awaitNanos(left);
        }
      }
      if (activity) {
        activity = false;
        rounds = 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    } finally {
      sleeping = false;
      lock.unlock();
    }
  }

  /** Ends any sleep now and every later one; the poller's held server wait is ended by {@link #endServerWait}. */
  void stop() {
    stopped = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the poller's held {@code states/await} call, if any, by sending a zero-timeout call under the
   * same waiter id: it claims nothing, so ending it strands nothing.
   *
   * @return whether a call was held (the caller repeats until the poller has left it: the held call may
   *     not have reached the server yet when the first one ends nothing)
   */
  boolean endServerWait() {
    if (!awaiting) {
      return false;
    }
    try {
      port.awaitStates(nodeNames, Duration.ZERO, waiterId);
    } catch (RuntimeException e) {
      log.debug("Ending the wait for states of {} failed ({})", nodeNames, Failures.summary(e));
    }
    return true;
  }
}
