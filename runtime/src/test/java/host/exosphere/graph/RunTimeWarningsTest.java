package host.exosphere.graph;

import static host.exosphere.graph.RequestModelRulesTest.graph;
import static host.exosphere.graph.RequestModelRulesTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Beyond parity (README, "The errors a user sees"): accepted by the state manager, but failing or hanging at run time. */
class RunTimeWarningsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  private static ValidationReport accepted(GraphTemplate t, NodeRegistry registry) {
    ValidationReport r = GraphValidator.validate(t, registry, CLOCK);
    assertTrue(r.valid(), () -> r.diagnostics().toString());
    assertEquals(201, r.httpStatus());
    r.warnings().forEach(w -> {
      assertEquals(Severity.WARNING, w.severity());
      assertEquals(Stage.RUN_TIME, w.stage());
      assertNull(w.serverMessage());
    });
    return r;
  }

  private static List<String> warnings(ValidationReport r) {
    return r.warnings().stream().map(Diagnostic::rule).toList();
  }

  @Test
  void plainChainHasNoWarnings() {
    assertEquals(List.of(), warnings(accepted(graph(node("a", "b"), node("b")), null)));
  }

  @Test
  void uniteOnTheDirectPredecessor() {
    ValidationReport r = accepted(graph(node("r", "a"), node("a", "m"), node("m").withUnites(Unites.of("a"))), null);
    assertEquals(List.of("unites-on-predecessor"), warnings(r));
    assertTrue(r.warnings().get(0).message().contains("Unit identifier not found in parents: a"));
    assertEquals("m", r.warnings().get(0).location().node());
  }

  @Test
  void uniteOnASiblingBranch() {
    ValidationReport r = accepted(graph(node("r", "a", "b"), node("a"), node("b", "m"),
        node("m").withUnites(Unites.of("a"))), null);
    assertEquals(List.of("unites-sibling-branch"), warnings(r));
  }

  @Test
  void joinThatCanNeverFire() {
    // r -> a -> {m, q}, m unites r: q's fresh state blocks the join, and q finishing never re-checks it.
    ValidationReport r = accepted(graph(node("r", "a"), node("a", "m", "q"), node("m").withUnites(Unites.of("r")),
        node("q")), null);
    assertEquals(List.of("join-never-fires"), warnings(r));
    assertTrue(r.warnings().get(0).message().contains("'q'"));
  }

  @Test
  void wellFormedJoinHasNoWarning() {
    ValidationReport r = accepted(graph(node("r", "a", "b"), node("a", "m"), node("b", "m"),
        node("m").withUnites(Unites.of("r"))), null);
    assertEquals(List.of(), warnings(r));
  }

  @Test
  void diamondChildReadingTheOtherBranch() {
    NodeTemplate c = node("c").withInputs(Map.of("x", "${{ a.outputs.t }}", "y", "${{ r.outputs.t }}"));
    ValidationReport r = accepted(graph(node("r", "a", "b"), node("a", "c"), node("b", "c"), c), null);
    assertEquals(List.of("diamond-other-branch"), warnings(r));
    assertEquals("x", r.warnings().get(0).location().key());
    assertTrue(r.warnings().get(0).message().contains("Identifier 'a' not found in parents for template 'c'"));
  }

  @Test
  void nodeInAnotherNamespace() {
    ValidationReport r = accepted(graph(node("a", "b"), NodeTemplate.of("Echo", "other", "b", Map.of(), List.of())),
        null);
    assertEquals(List.of("namespace-mismatch"), warnings(r));
    assertEquals(Location.Kind.NODE_NAMESPACE, r.warnings().get(0).location().kind());
  }

  @Test
  void inputTheRegisteredNodeDoesNotDeclare() {
    NodeRegistry registry = NodeRegistry.of(List.of(
        NodeSchemas.registeredNode("Echo", "ns", List.of("text"), List.of("text"), List.of())));
    ValidationReport r = accepted(graph(NodeTemplate.of("Echo", "ns", "a", Map.of("text", "x", "txt", "y"),
        List.of())), registry);
    assertEquals(List.of("input-undeclared"), warnings(r));
    assertTrue(r.warnings().get(0).message().endsWith("did you mean 'text'?"));
  }

  @Test
  void cronThatNeverFiresWithoutARegistry() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node("a")), null, null,
        List.of(new CronTrigger("0 0 30 2 *")));
    assertEquals(List.of("cron-never-fires"), warnings(accepted(t, null)));
  }

  @Test
  void cronRunsCannotSupplyRequiredStoreKeys() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(node("a")), null,
        new StoreConfig(List.of("cursor"), Map.of()), List.of(new CronTrigger("0 9 * * *")));
    assertEquals(List.of("cron-with-required-store"), warnings(accepted(t, null)));
  }
}
