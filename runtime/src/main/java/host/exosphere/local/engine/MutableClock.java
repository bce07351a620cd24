package host.exosphere.local.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when told to, for tests of {@code start_delay}, retry delays,
 * re-enqueue and cron that must never sleep. Thread-safe.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;
  /** Shared with the clock's other-zone views, which move with it. */
  private final List<Runnable> listeners;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone, List<Runnable> listeners) {
    this.now = now;
    this.zone = zone;
    this.listeners = listeners;
  }

  /** A clock standing at {@code start} in {@code zone}. */
  public static MutableClock at(Instant start, ZoneId zone) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start)), Objects.requireNonNull(zone),
        new CopyOnWriteArrayList<>());
  }

  /** A clock standing at {@code start}, UTC (what the server's Docker image runs in). */
  public static MutableClock at(Instant start) {
    return at(start, ZoneId.of("UTC"));
  }

  /** Moves the clock forward (or back, for a negative amount). */
  public void advance(Duration amount) {
    now.updateAndGet(t -> t.plus(amount));
    moved();
  }

  /** Moves the clock forward by {@code millis} milliseconds. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  /** Sets the clock. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant));
    moved();
  }

  /**
   * Runs {@code listener} after every move: the embedded engine uses it to wake callers waiting for a
   * delayed state, which becomes due when the clock is moved rather than as time passes.
   */
  void onChange(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  private void moved() {
    listeners.forEach(Runnable::run);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time seen in another zone. */
  @Override
  public Clock withZone(ZoneId other) {
    return new MutableClock(now, other, listeners);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public long millis() {
    return now.get().toEpochMilli();
  }
}
