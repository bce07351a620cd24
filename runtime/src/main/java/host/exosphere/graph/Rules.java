package host.exosphere.graph;

import java.util.Set;

/**
 * Rule ids that the validator and the annotation processor both report, under one name each. The
 * processor checks these itself, in Java terms and on the element to change (the step method that lacks
 * an {@code @Input}, the {@code @Graph} whose {@code secrets} lacks a name), before the validator runs;
 * it then skips the validator's diagnostic of the same rule, which would say the same thing in wire terms.
 */
public final class Rules {
  private Rules() {}

  /** A node input that the step does not map (server: "Input x in node N in namespace ns is not present…"). */
  public static final String MISSING_INPUT = "missing-input";
  /** A secret a node needs that the graph does not declare. */
  public static final String MISSING_SECRET = "missing-secret";
  /** A mapped input the node does not declare (a warning: the server accepts and drops it). */
  public static final String UNKNOWN_INPUT = "unknown-input";

  /** The rules the processor reports from the Java declarations rather than from the validator's report. */
  public static final Set<String> CHECKED_IN_JAVA_TERMS = Set.of(MISSING_INPUT, MISSING_SECRET, UNKNOWN_INPUT);
}
