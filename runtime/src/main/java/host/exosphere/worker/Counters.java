package host.exosphere.worker;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's live counters; {@link RuntimeMetrics} is their snapshot. The runtime's first listener, so
 * its events are counted by the one mechanism that also feeds user listeners (e.g. Micrometer); the
 * report counts come from the {@link Reporter}, which no listener event covers.
 */
final class Counters implements RuntimeListener {
  final LongAdder claimed = new LongAdder();
  final LongAdder executed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder pruned = new LongAdder();
  final LongAdder requeued = new LongAdder();
  final LongAdder reported = new LongAdder();
  final LongAdder reportRetries = new LongAdder();
  final LongAdder reportsRefused = new LongAdder();
  final LongAdder pollFailures = new LongAdder();

  @Override
  public void claimed(String nodeName) {
    claimed.increment();
  }

  @Override
  public void finished(String nodeName, StateOutcome outcome, Duration executionTime) {
    switch (outcome) {
      case EXECUTED -> executed.increment();
      case ERRORED -> failed.increment();
      case PRUNED -> pruned.increment();
      case REQUEUED -> requeued.increment();
    }
  }

  @Override
  public void pollFailed(RuntimeException failure) {
    pollFailures.increment();
  }

  @Override
  public String toString() {
    return "runtime counters";
  }
}
