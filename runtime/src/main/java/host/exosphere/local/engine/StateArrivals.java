package host.exosphere.local.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The "states may be claimable now" signal behind the embedded-only {@code states/await} call: whoever
 * makes a state CREATED (a trigger, next-state creation, a retry, a re-enqueue, a manual retry) or moves
 * a test clock calls {@link #arrived()}, and the callers parked in {@link LocalEngine#awaitStates} look
 * again. It only says "look again", never which state: the waiter re-checks the queues itself, so a
 * signal for another namespace costs one check and nothing is ever missed.
 *
 * <p>Lock order: the store lock ({@code EngineStore}) may be held when entering this class, never the other way round.
 */
final class StateArrivals {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Waiters parked or about to park; read without the lock so that {@link #arrived()} is free when none. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** Guarded by {@link #lock}. Bumped by every arrival while someone waits. */
  private long version;
  /** Guarded by {@link #lock}. The current waiter of each caller-chosen id, so a caller can end its own wait. */
  private final Map<String, Waiter> byId = new HashMap<>();
  /** Guarded by {@link #lock}. Once set, every wait ends at once: the server is stopping. */
  private boolean released;

  /** One parked caller. {@code ended} is guarded by the arrivals lock. */
  static final class Waiter {
    private final String id;
    private boolean ended;

    private Waiter(String id) {
      this.id = id;
    }
  }

  /** Something may have become claimable. Cheap (one volatile read) while nobody waits. */
  void arrived() {
    if (waiting.get() == 0) {
      return;
    }
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Registers a waiter before its first look at the queues, so an arrival between that look and the
   * wait is never lost. A waiter already registered under {@code id} is ended: a caller's newer call
   * (or its zero-timeout call when closing) takes the place of its older one.
   */
  Waiter enter(String id) {
    waiting.incrementAndGet();
    Waiter waiter = new Waiter(id);
    lock.lock();
    try {
      if (released) {
        waiter.ended = true;
      }
      if (id != null) {
        Waiter previous = byId.put(id, waiter);
        if (previous != null) {
          previous.ended = true;
          changed.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    return waiter;
  }

  /** The version to compare against; read while the engine lock still covers the look at the queues. */
  long version() {
    lock.lock();
    try {
      return version;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Parks until an arrival after {@code seen}, the end of the waiter, or {@code nanos}.
   *
   * @return false when the waiter was ended (replaced, or the server is stopping)
   */
  boolean await(Waiter waiter, long seen, long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!waiter.ended && !released && version == seen && left > 0) {
        left = changed.awaitNanos(left);
      }
      return !waiter.ended && !released;
    } finally {
      lock.unlock();
    }
  }

  void leave(Waiter waiter) {
    lock.lock();
    try {
      if (waiter.id != null) {
        byId.remove(waiter.id, waiter);
      }
    } finally {
      lock.unlock();
    }
    waiting.decrementAndGet();
  }

  /** Ends every wait, now and from now on. */
  void release() {
    lock.lock();
    try {
      released = true;
      byId.values().forEach(w -> w.ended = true);
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
