package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import host.exosphere.annotations.RetryStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer (a), docs/state-manager.md §3.1: one test per rule, asserting the 422 items exactly. */
class RequestModelRulesTest {

  static NodeTemplate node(String id, String... next) {
    return NodeTemplate.of("Echo", "ns", id, Map.of(), List.of(next));
  }

  static GraphTemplate graph(NodeTemplate... nodes) {
    return new GraphTemplate("g", "ns", Map.of(), List.of(nodes), null, null, List.of());
  }

  private static ValidationReport validate(GraphTemplate t) {
    ValidationReport report = GraphValidator.validate(t, null);
    assertEquals(422, report.httpStatus());
    assertNull(report.normalized());
    return report;
  }

  private static List<String> rules(ValidationReport r) {
    return r.errors().stream().map(Diagnostic::rule).toList();
  }

  @Test
  void nodeNameBlank() {
    ValidationReport r = validate(graph(NodeTemplate.of("  ", "ns", "a", Map.of(), List.of())));
    assertEquals(List.of("node-name-empty"), rules(r));
    assertEquals("body.nodes.0.node_name: Value error, Node name cannot be empty", r.serverText());
  }

  @Test
  void identifierBlankAndReserved() {
    ValidationReport r = validate(graph(node(" "), node(" store ")));
    assertEquals(List.of("identifier-empty", "identifier-reserved"), rules(r));
    assertEquals("body.nodes.0.identifier: Value error, Node identifier cannot be empty\n"
        + "body.nodes.1.identifier: Value error, Node identifier cannot be reserved word 'store'", r.serverText());
    assertEquals(Location.Kind.IDENTIFIER, r.errors().get(1).location().kind());
    assertEquals(1, r.errors().get(1).location().nodeIndex());
  }

  @Test
  void identifierStoreIsCaseSensitive() {
    assertEquals(201, GraphValidator.validate(graph(node("Store")), null).httpStatus());
  }

  @Test
  void nextNodesProblemsShareOneJoinedItem() {
    ValidationReport r = validate(graph(node("a", " ", "b", "b ", ""), node("b")));
    assertEquals(List.of("next-node-empty", "next-node-duplicate", "next-node-empty"), rules(r));
    assertEquals("body.nodes.0.next_nodes: Value error, Next node identifier cannot be empty\n"
        + "Next node identifier b is not unique\nNext node identifier cannot be empty", r.serverText());
    assertEquals("b ", r.errors().get(1).location().key());
    assertEquals(2, r.errors().get(1).location().index());
  }

  @Test
  void unitesIdentifierBlank() {
    ValidationReport r = validate(graph(node("a", "b"), node("b").withUnites(Unites.of("  "))));
    assertEquals(List.of("unites-identifier-empty"), rules(r));
    assertEquals("body.nodes.1.unites: Value error, Unites identifier cannot be empty", r.serverText());
  }

  @Test
  void storeKeysAreTrimmedAndChecked() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node("a")), null,
        new StoreConfig(List.of("", "key.dot", "key1", " key1", "   "), Map.of(" a.b ", "v")), List.of());
    ValidationReport r = validate(t);
    assertEquals(List.of("store-key-empty", "store-key-dot", "store-key-duplicate", "store-key-empty",
        "store-key-dot"), rules(r));
    assertEquals("body.store_config.required_keys: Value error, Key cannot be empty or contain only whitespace\n"
        + "Key 'key.dot' cannot contain '.' character\nKey 'key1' is duplicated\n"
        + "Key cannot be empty or contain only whitespace\n"
        + "body.store_config.default_values: Value error, Key 'a.b' cannot contain '.' character", r.serverText());
  }

  @Test
  void retryBoundsUsePydanticsTexts() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node("a")),
        new RetryPolicy(-1, RetryStrategy.LINEAR, 0, 0, 0L), null, List.of());
    ValidationReport r = validate(t);
    assertEquals(List.of("retry-max-retries", "retry-backoff-factor", "retry-exponent", "retry-max-delay"), rules(r));
    assertEquals("body.retry_policy.max_retries: Input should be greater than or equal to 0\n"
        + "body.retry_policy.backoff_factor: Input should be greater than 0\n"
        + "body.retry_policy.exponent: Input should be greater than 0\n"
        + "body.retry_policy.max_delay: Input should be greater than 0", r.serverText());
  }

  @Test
  void retryMinimumsPass() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node("a")),
        new RetryPolicy(0, RetryStrategy.FIXED, 1, 1, null), null, List.of());
    assertEquals(201, GraphValidator.validate(t, null).httpStatus());
  }

  @Test
  void cronExpressionMustBeValid() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node("a")), null, null,
        List.of(new CronTrigger("0 9 * * 1-5"), new CronTrigger("61 * * * *")));
    ValidationReport r = validate(t);
    assertEquals(List.of("cron-invalid"), rules(r));
    assertEquals(1, r.errors().get(0).location().index());
    assertEquals("body.triggers.1.expression: Value error, Invalid cron expression", r.serverText());
  }

  @Test
  void everyProblemIsCollected() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node(""), node("store", "")),
        new RetryPolicy(-1, RetryStrategy.LINEAR, 1, 1, null), null, List.of());
    assertEquals(List.of("identifier-empty", "identifier-reserved", "next-node-empty", "retry-max-retries"),
        rules(validate(t)));
  }
}
