package host.exosphere.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/** A clock that moves only when the client sleeps, so retry and polling tests never wait for real. */
final class FakeTime implements Sleeper, LongSupplier {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private volatile long nanos = 1_000_000_000L;

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    nanos += duration.toNanos();
  }

  @Override
  public long getAsLong() {
    return nanos;
  }

  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
