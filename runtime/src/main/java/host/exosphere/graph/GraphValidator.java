package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one validator of graph templates: says exactly what the state manager would say about a graph,
 * in its order, with its texts (contract §3), plus warnings for what it accepts but would fail or hang
 * at run time (design §4).
 */
public final class GraphValidator {
  private GraphValidator() {}

  /**
   * Validates a typed template: request-model rules (422), template validators (400) and, when
   * {@code registry} is not null, verification against registered nodes (INVALID).
   */
  public static ValidationReport validate(GraphTemplate template, NodeRegistry registry) {
    throw new UnsupportedOperationException("graph core: not implemented yet");
  }

  /**
   * Validates a raw upsert body ({@code PUT} JSON) for the given path parameters; JSON-level problems
   * (missing keys, wrong types) are request-model (422) diagnostics.
   */
  public static ValidationReport validateJson(JsonNode body, String name, String namespace, NodeRegistry registry) {
    throw new UnsupportedOperationException("graph core: not implemented yet");
  }
}
