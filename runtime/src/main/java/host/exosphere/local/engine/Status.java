package host.exosphere.local.engine;

/** State statuses of the state manager (docs/state-manager.md §4.1), with the groups the runs listing counts. */
enum Status {
  CREATED, QUEUED, EXECUTED, ERRORED, NEXT_CREATED_ERROR, SUCCESS, PRUNED, RETRY_CREATED;

  private static final Status[] VALUES = values();

  static Status[] all() {
    return VALUES;
  }

  /** CREATED, QUEUED, EXECUTED: the run is not finished while one of these exists. */
  boolean pending() {
    return this == CREATED || this == QUEUED || this == EXECUTED;
  }

  /** What blocks an ALL_SUCCESS unite: anything but SUCCESS and RETRY_CREATED (docs/state-manager.md §4.5). */
  boolean blocksAllSuccess() {
    return this != SUCCESS && this != RETRY_CREATED;
  }
}
