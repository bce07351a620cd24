package host.exosphere.client;

/**
 * One run of {@code GET …/runs/{page}/{size}} with its states counted by outcome (docs/state-manager.md §1.2.16).
 *
 * @param runId the run's id (a UUID)
 * @param graphName the graph it ran
 * @param successCount SUCCESS and PRUNED states
 * @param pendingCount CREATED, QUEUED and EXECUTED states
 * @param erroredCount ERRORED and NEXT_CREATED_ERROR states
 * @param retriedCount RETRY_CREATED states
 * @param totalCount all states
 * @param status {@code PENDING} while any state is pending, else {@code FAILED} if any errored, else
 *     {@code SUCCESS}
 * @param createdAt when it was triggered, as the server wrote it
 */
public record RunSummary(
    String runId,
    String graphName,
    long successCount,
    long pendingCount,
    long erroredCount,
    long retriedCount,
    long totalCount,
    String status,
    String createdAt) {}
