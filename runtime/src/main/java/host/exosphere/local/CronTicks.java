package host.exosphere.local;

import host.exosphere.local.engine.LocalEngine;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's cron clock: a tick at second 0 of every minute of the configured clock, as the real
 * server's scheduler runs (docs/state-manager.md §4.9), each asking the engine to fire what is due. One
 * daemon thread; a failed tick is logged and the next one is scheduled all the same.
 */
final class CronTicks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CronTicks.class);
  private static final long MINUTE_MS = 60_000;

  private final LocalEngine engine;
  private final Clock clock;
  private final ScheduledExecutorService ticks;
  private volatile boolean closed;

  private CronTicks(LocalEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
    this.ticks = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "exosphere-local-cron");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Ticks from the next minute on, until {@link #close()}. */
  static CronTicks start(LocalEngine engine, Clock clock) {
    CronTicks cron = new CronTicks(engine, clock);
    cron.scheduleNext();
    return cron;
  }

  /** Until second 0 of the next minute of {@code clock}; a full minute when exactly on one. */
  static long millisToNextMinute(Clock clock) {
    return MINUTE_MS - Math.floorMod(clock.millis(), MINUTE_MS);
  }

  @Override
  public void close() {
    closed = true;
    ticks.shutdownNow();
  }

  private void scheduleNext() {
    if (closed) {
      return;
    }
    try {
      ticks.schedule(this::tick, millisToNextMinute(clock), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void tick() {
    try {
      int fired = engine.tickCron();
      if (fired > 0) {
        log.info("Cron tick triggered {} run(s)", fired);
      }
    } catch (RuntimeException e) {
      log.error("Cron tick failed", e);
    } finally {
      scheduleNext();
    }
  }
}
