package host.exosphere.graph;

/** How bad a {@link Diagnostic} is. */
public enum Severity {
  /** The state manager would refuse the graph (or the Java SDK cannot use it). */
  ERROR,
  /** The state manager accepts the graph, but it will fail or hang at run time. */
  WARNING
}
