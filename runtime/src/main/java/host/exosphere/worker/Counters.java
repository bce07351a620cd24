package host.exosphere.worker;

import java.util.concurrent.atomic.LongAdder;

/** The runtime's live counters; {@link RuntimeMetrics} is their snapshot. */
final class Counters {
  final LongAdder claimed = new LongAdder();
  final LongAdder executed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder pruned = new LongAdder();
  final LongAdder requeued = new LongAdder();
  final LongAdder reported = new LongAdder();
  final LongAdder reportRetries = new LongAdder();
  final LongAdder reportsRefused = new LongAdder();
  final LongAdder pollFailures = new LongAdder();
}
