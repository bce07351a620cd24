package host.exosphere.local.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work the engine does after answering, as the real server's background tasks: verification of an
 * uploaded graph and the creation of next states. One drainer at a time runs the queue in order (the
 * re-queue of next-state creation behind a pending verification relies on that order), and runs
 * consecutive store tasks in one write, so a burst of {@code executed} calls costs one hand-over of the
 * lock (and, when durable, one commit) rather than one per call.
 */
final class BackgroundTasks {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);

  private record Task(Runnable work, boolean inStore) {}

  private final EngineStore store;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Object idle = new Object();
  /** Tasks queued or running; guarded by {@code idle}. */
  private int inFlight;
  private final ArrayDeque<Task> backlog = new ArrayDeque<>();
  private boolean draining;

  BackgroundTasks(EngineStore store, ExecutorService executor, boolean ownsExecutor) {
    this.store = store;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** Queues work that takes the store's lock itself, where it needs it. */
  void submit(Runnable work) {
    submit(work, false);
  }

  /** Queues work that runs entirely inside one store write. */
  void submitInStore(Runnable work) {
    submit(work, true);
  }

  private void submit(Runnable work, boolean inStore) {
    boolean startDrainer;
    synchronized (idle) {
      inFlight++;
      backlog.add(new Task(work, inStore));
      startDrainer = !draining;
      draining = true;
    }
    if (startDrainer) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        synchronized (idle) {
          inFlight -= backlog.size();
          backlog.clear();
          draining = false;
          idle.notifyAll();
        }
        LOG.warn("background work rejected (engine closed?): {}", e.toString());
      }
    }
  }

  private void drain() {
    while (true) {
      List<Task> batch = new ArrayList<>();
      synchronized (idle) {
        Task t;
        while ((t = backlog.poll()) != null) {
          batch.add(t);
        }
        if (batch.isEmpty()) {
          draining = false;
          return;
        }
      }
      int i = 0;
      while (i < batch.size()) {
        if (batch.get(i).inStore()) {
          int from = i;
          int[] next = {i};
          try {
            store.write(() -> {
              while (next[0] < batch.size() && batch.get(next[0]).inStore()) {
                runSafely(batch.get(next[0]++).work());
              }
            });
          } catch (RuntimeException e) {
            LOG.error("committing background work of the embedded state manager failed", e);
          }
          i = next[0];
          finished(i - from);
        } else {
          runSafely(batch.get(i++).work());
          finished(1);
        }
      }
    }
  }

  private static void runSafely(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      LOG.error("background task of the embedded state manager failed", e);
    }
  }

  private void finished(int count) {
    synchronized (idle) {
      inFlight -= count;
      if (inFlight == 0) {
        idle.notifyAll();
      }
    }
  }

  /** Waits until nothing is queued or running; false when {@code timeout} passed first. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /** Stops a private executor after the work already queued. */
  void close() {
    if (ownsExecutor) {
      executor.shutdown();
    }
  }

  /** Stops a private executor and waits (bounded) for the queued work, so a journal can close after it. */
  void closeAndWait(Duration timeout) {
    close();
    if (ownsExecutor) {
      try {
        executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
