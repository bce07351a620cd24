package host.exosphere.testing;

/** How a finished run ended, computed like the state manager's runs listing (contract §1.2.16). */
public enum RunStatus {
  /** No state errored; pruned branches count as success, as on the server. */
  SUCCESS,
  /** Some state ended ERRORED or NEXT_CREATED_ERROR. */
  FAILED
}
