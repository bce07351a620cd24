package host.exosphere.graph;

/**
 * Which layer of the state manager would report a problem (docs/state-manager.md §3), and how it would answer.
 */
public enum Stage {
  /** The request model: {@code PUT} answers 422 with a FastAPI {@code detail} list. */
  REQUEST_MODEL("upsert", 422),
  /** The graph-template validators: {@code PUT} answers 400 "Error validating graph template: …". */
  TEMPLATE("upsert", 400),
  /** Background verification against registered nodes: {@code PUT} answers 201, the graph ends INVALID. */
  VERIFICATION("verify", 201),
  /** Not a server check: accepted by the state manager, but it would fail or hang at run time. */
  RUN_TIME(null, 201);

  private final String wireName;
  private final int httpStatus;

  Stage(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  /** {@code "upsert"}, {@code "verify"}, or {@code null} for run-time warnings (the conformance format's name). */
  public String wireName() {
    return wireName;
  }

  /** The status the state manager answers the {@code PUT} with when this stage fails. */
  public int httpStatus() {
    return httpStatus;
  }
}
