package host.exosphere.worker;

/** How one execution of a state ended: which report the runtime owes the state manager for it. */
public enum StateOutcome {
  /** The node returned; reported with {@code executed}. */
  EXECUTED,
  /** The node threw, its inputs did not fit, or it ran past its execution timeout; reported with {@code errored}. */
  ERRORED,
  /** The node threw {@link PruneSignal}; reported with {@code prune}. */
  PRUNED,
  /** The node threw {@link RequeueAfterSignal}; reported with {@code re-enqueue-after}. */
  REQUEUED
}
