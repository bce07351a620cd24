package host.exosphere.local.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when told to, for tests of {@code start_delay}, retry delays,
 * re-enqueue and cron that must never sleep. Thread-safe.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start} in {@code zone}. */
  public static MutableClock at(Instant start, ZoneId zone) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start)), Objects.requireNonNull(zone));
  }

  /** A clock standing at {@code start}, UTC (what the server's Docker image runs in). */
  public static MutableClock at(Instant start) {
    return at(start, ZoneId.of("UTC"));
  }

  /** Moves the clock forward (or back, for a negative amount). */
  public void advance(Duration amount) {
    now.updateAndGet(t -> t.plus(amount));
  }

  /** Moves the clock forward by {@code millis} milliseconds. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  /** Sets the clock. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time seen in another zone. */
  @Override
  public Clock withZone(ZoneId other) {
    return new MutableClock(now, other);
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
