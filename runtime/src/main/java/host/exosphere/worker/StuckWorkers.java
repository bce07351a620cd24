package host.exosphere.worker;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces workers lost to nodes that ignore their timeout's interrupt. Such a node is already reported
 * errored, but its thread may never return (a non-interruptible call, a busy loop); without a
 * replacement each one would cost the runtime a worker for good. The pool grows by one for each and
 * shrinks back when the thread finally returns.
 */
final class StuckWorkers {
  private static final Logger log = LoggerFactory.getLogger(StuckWorkers.class);

  private final ThreadPoolExecutor pool;
  private final String runtimeName;

  StuckWorkers(ThreadPoolExecutor pool, String runtimeName) {
    this.pool = pool;
    this.runtimeName = runtimeName;
  }

  /**
   * Called a grace period after a timeout interrupted {@code claimed}: if its node still runs, its capacity
   * is released through {@code release} and another worker takes its thread's place.
   */
  void replaceIfStillRunning(ClaimedState claimed, Consumer<ClaimedState> release) {
    Thread runner = claimed.runner();
    if (runner == null || !claimed.releaseExecution()) {
      return;
    }
    synchronized (this) {
      pool.setCorePoolSize(pool.getCorePoolSize() + 1);
    }
    log.warn("{} ignored the interrupt of its execution timeout and still holds thread {}; runtime '{}' added a "
        + "worker in its place", claimed, runner.getName(), runtimeName);
    release.accept(claimed);
  }

  /** A replaced thread returned: the pool goes back to its size. */
  synchronized void returned() {
    pool.setCorePoolSize(Math.max(1, pool.getCorePoolSize() - 1));
  }
}
