package host.exosphere.worker;

/**
 * A snapshot of what an {@link ExosphereRuntime} has done since it started: for tests, benchmarks and health
 * endpoints. Counts only grow; {@code inFlight} and {@code outboxSize} are current values.
 *
 * @param claimed states claimed with {@code enqueue}
 * @param executed node executions that returned normally (reported with {@code executed})
 * @param failed executions that threw, could not decode their inputs, or timed out (reported with
 *     {@code errored})
 * @param pruned executions that threw {@link PruneSignal}
 * @param requeued executions that threw {@link RequeueAfterSignal}
 * @param reported reports the state manager accepted
 * @param reportRetries report attempts that failed and were scheduled again
 * @param reportsRefused reports the state manager refused for good (a 4xx such as "State is not queued")
 * @param pollFailures {@code enqueue} calls that failed
 * @param inFlight claimed states not yet settled (waiting, running or owed a report)
 * @param outboxSize reports waiting for the state manager to come back
 */
public record RuntimeMetrics(
    long claimed,
    long executed,
    long failed,
    long pruned,
    long requeued,
    long reported,
    long reportRetries,
    long reportsRefused,
    long pollFailures,
    int inFlight,
    int outboxSize) {}
