package host.exosphere.graph;

/**
 * JSON in and out: the upsert body byte-for-byte as the Python SDK sends it, registration payloads and
 * the pydantic-shaped JSON Schemas of nodes.
 */
public final class GraphJson {
  private GraphJson() {}

  /** The {@code PUT} body for {@code template}, byte-for-byte as the Python SDK would send it. */
  public static String toPutBody(GraphTemplate template) {
    throw new UnsupportedOperationException("graph core: not implemented yet");
  }
}
