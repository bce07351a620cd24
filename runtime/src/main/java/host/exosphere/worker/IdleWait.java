package host.exosphere.worker;

import host.exosphere.client.EnqueuedState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the poller claims states and spends the time when there are none.
 *
 * <p>Where the server offers {@code states/await} (the embedded state manager says so in its enqueue
 * answers), a poll after an empty one is a wait there that also claims: the server answers the moment one
 * of the runtime's states can be claimed, with that state, so a run's next step starts within a round
 * trip of its creation, and an idle runtime costs one request per {@link #AWAIT_TIMEOUT}. While states
 * keep coming, polls are plain enqueues, the cheapest claim for the server. Elsewhere
 * (Exosphere's own state manager, which is sent nothing but its standard API) it polls with {@code
 * enqueue} and sleeps between empty polls for a pause that grows with the time since the runtime last
 * claimed or settled a state ({@link Backoff#idleNanos}): right after one of its states settles, which is
 * when a run's next states appear, it polls at once and then every few milliseconds; a runtime idle for
 * long settles at one poll per backoff cap.
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
  /** Whether the last enqueue brought as many states as it asked for: more may be waiting. Poller only. */
  private boolean lastPollFull = true;
  /** Whether the last poll claimed nothing: the next one waits on the server where it can. Poller only. */
  private boolean lastPollEmpty;
  /** When the runtime last claimed or settled a state (or started): the idle pause grows from there. */
  private volatile long lastWork = System.nanoTime();
  /** The last server wait answered nothing at once: the server held no wait, so sleep before the next. */
  private boolean serverDidNotHold;
  /** The last server wait failed: the next poll is a plain enqueue, as on any server. Poller only. */
  private boolean serverWaitFailed;
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

  /**
   * Claims up to {@code room} states: on a server that offers {@code states/await}, by waiting there
   * until some can be claimed (at once when some can); elsewhere with one {@code enqueue}.
   */
  List<EnqueuedState> poll(int room) {
    if (!waitsOnServer() || !lastPollEmpty) {
      // While states keep coming a plain enqueue is the cheapest claim; the server waits only once one
      // came back empty.
      int asked = batch(room);
      List<EnqueuedState> claimed = port.enqueue(nodeNames, asked);
      lastPollFull = claimed.size() >= asked;
      lastPollEmpty = claimed.isEmpty();
      serverWaitFailed = false;
      return claimed;
    }
    awaiting = true;
    try {
      if (stopped) {
        return List.of(); // close() may have looked for a held wait before this one began
      }
      long started = System.nanoTime();
      List<EnqueuedState> claimed = port.awaitAndEnqueue(nodeNames, room, awaitTimeout, waiterId);
      serverDidNotHold = claimed.isEmpty() && System.nanoTime() - started < HELD_NANOS;
      lastPollEmpty = claimed.isEmpty();
      return claimed;
    } catch (RuntimeException e) {
      // The poller reports it with its own backoff; the next poll is a plain enqueue.
      log.debug("Waiting for states of {} failed ({}); polling instead", nodeNames, Failures.summary(e));
      serverWaitFailed = true;
      throw e;
    } finally {
      awaiting = false;
    }
  }

  private boolean waitsOnServer() {
    return port.offersAwait() && !serverWaitFailed;
  }

  /** The runtime starts: it is as fresh as after work (a run is often triggered right after a start). */
  void started() {
    lastWork = System.nanoTime();
  }

  /** The poller claimed something: the idle pause starts again from its minimum. */
  void claimed() {
    lastWork = System.nanoTime();
  }

  /**
   * How many states an {@code enqueue} asks for. Exosphere's state manager runs one database update per
   * requested state, found or not (contract §1.2.9), and answers only after all of them, so a poll for 16
   * states that finds one costs the server 16 updates and the caller their time. The runtime asks for one
   * unless its last poll came back full (a backlog, or a fan-out whose first state it just got), and then
   * for what it has room for: a chain's next step, a run's first state and an idle poll cost one update.
   */
  int batch(int room) {
    return lastPollFull || port.offersAwait() ? room : Math.min(1, room);
  }

  /** A claimed state was settled (executed and reported): wake the poller if it sleeps. */
  void activity() {
    lastWork = System.nanoTime();
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

  /**
   * Called after a poll that claimed nothing; returns when it is time to poll again, or at once once
   * {@link #stop()} was called. A wait the server held is itself the pause. Never throws.
   */
  void waitForWork() {
    if (waitsOnServer() && !serverDidNotHold) {
      return;
    }
    lock.lock();
    sleeping = true;
    try {
      if (!activity) {
        long left = backoff.idleNanos(System.nanoTime() - lastWork);
        while (!stopped && !activity && left > 0) {
          left = wake.awaitNanos(left);
        }
      }
      activity = false;
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
   * same waiter id that claims nothing: the held call then ends without claiming (what it claimed just
   * before, the poller hands back, as it does with any claim that returns while closing).
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
