package host.exosphere.annotations;

/** When a {@link Unites} join fires; the constant names are the wire values of {@code unites.strategy}. */
public enum UnitesStrategy {
  /** Every descendant of the united state ended in {@code SUCCESS} (or was retried). */
  ALL_SUCCESS,
  /** No descendant of the united state is still {@code CREATED}, {@code QUEUED} or {@code EXECUTED}. */
  ALL_DONE
}
