package host.exosphere.graph;

import static host.exosphere.graph.RequestModelRulesTest.graph;
import static host.exosphere.graph.RequestModelRulesTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer (b), docs/state-manager.md §3.2: one test per rule, with the server's 400 detail and its evaluation order. */
class TemplateRulesTest {

  private static final String SUFFIX = "\n    For further information visit https://errors.pydantic.dev/2.11/v/value_error";

  private static ValidationReport validate(GraphTemplate t) {
    return GraphValidator.validate(t, null);
  }

  private static ValidationReport rejected(GraphTemplate t) {
    ValidationReport r = validate(t);
    assertEquals(400, r.httpStatus(), () -> r.diagnostics().toString());
    assertEquals(Stage.TEMPLATE, r.failingStage().orElseThrow());
    return r;
  }

  private static List<String> rules(ValidationReport r) {
    return r.errors().stream().map(Diagnostic::rule).toList();
  }

  /** The message lines of a model-validator failure (the part before the best-effort suffix). */
  private static String modelLines(ValidationReport r) {
    String text = r.serverText();
    String head = "Error validating graph template: 1 validation error for GraphTemplate\n  Value error, ";
    assertTrue(text.startsWith(head), text);
    assertTrue(text.endsWith(SUFFIX), text);
    return text.substring(head.length(), text.indexOf(" [type=value_error, input_value="));
  }

  private static NodeTemplate inputs(NodeTemplate n, Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return n.withInputs(map);
  }

  @Test
  void fieldErrorsAreCollectedWithTheirFieldLines() {
    GraphTemplate t = new GraphTemplate(" ", "\t", Map.of("", "v"), List.of(node("a"), node("a")), null, null,
        List.of());
    ValidationReport r = rejected(t);
    assertEquals(List.of("graph-name-empty", "graph-namespace-empty", "identifier-duplicate", "secret-name-empty"),
        rules(r));
    assertEquals("Error validating graph template: 4 validation errors for GraphTemplate\n"
        + "name\n  Value error, Name cannot be empty [type=value_error, input_value=' ', input_type=str]" + SUFFIX
        + "\nnamespace\n  Value error, Namespace cannot be empty [type=value_error, input_value='\\t', input_type=str]"
        + SUFFIX
        + "\nnodes\n  Value error, Node identifier a is not unique [type=value_error, input_value=[NodeTemplate(node_"
        + "name='..._nodes=[], unites=None)], input_type=list]" + SUFFIX
        + "\nsecrets\n  Value error, Secrets cannot be empty [type=value_error, input_value={'': '...'},"
        + " input_type=dict]" + SUFFIX, r.serverText());
    // Every diagnostic of the stage carries the whole detail, as the server answers with one string.
    assertEquals(r.serverText(), r.errors().get(0).serverMessage());
  }

  @Test
  void secretValuesNeverAppear() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of("", "hunter2-secret-value"), List.of(node("a")), null,
        null, List.of());
    ValidationReport r = rejected(t);
    assertFalse(r.serverText().contains("hunter2"));
    assertFalse(r.errors().toString().contains("hunter2"));
  }

  @Test
  void whitespaceSecretNamesAndEmptyValuesPass() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(" ", ""), List.of(node("a")), null, null, List.of());
    assertTrue(validate(t).valid());
  }

  @Test
  void unknownNextNodesOnlyWhenIdentifiersAreUnique() {
    ValidationReport r = rejected(graph(node("a", "b", "x"), node("b", "y")));
    assertEquals(List.of("next-node-unknown", "next-node-unknown"), rules(r));
    assertTrue(r.serverText().contains("nodes\n  Value error, Node identifier x does not exist in the graph\n"
        + "Node identifier y does not exist in the graph ["), r.serverText());
    assertEquals(List.of("identifier-duplicate"), rules(rejected(graph(node("a", "x"), node("a")))));
  }

  @Test
  void unknownNextNodeSuggestsACloseIdentifier() {
    ValidationReport r = rejected(graph(node("loader", "procesor"), node("processor")));
    assertTrue(r.errors().get(0).message().endsWith("did you mean 'processor'?"), r.errors().get(0).message());
  }

  @Test
  void unitesTargetsMustExistAndNotBeTheNode() {
    ValidationReport r = rejected(graph(node("a", "b", "c"), node("b").withUnites(Unites.of("ghost")),
        node("c").withUnites(Unites.of("c"))));
    assertEquals(List.of("unites-target-unknown", "unites-target-self"), rules(r));
    assertEquals("Node b has an unites target ghost that does not exist\n"
        + "Node c has an unites target c that is the same as the node itself", modelLines(r));
  }

  @Test
  void firstFailingModelValidatorStops() {
    // A bad unites target and a cycle: only the unites error is reported.
    ValidationReport r = rejected(graph(node("a", "b"), node("b", "c"), node("c", "b").withUnites(Unites.of("x"))));
    assertEquals(List.of("unites-target-unknown"), rules(r));
  }

  @Test
  void rootCountListsTheCandidatesAsPythonReprs() {
    ValidationReport r = rejected(graph(node("a"), inputs(node("b"), "k", "v").withUnites(null), node("c")
        .withUnites(Unites.of("a"))));
    assertEquals(List.of("root-count"), rules(r));
    assertEquals("There should be exactly one root node in the graph but found 2 nodes with zero in-degree: ["
        + "NodeTemplate(node_name='Echo', namespace='ns', identifier='a', inputs={}, next_nodes=[], unites=None), "
        + "NodeTemplate(node_name='Echo', namespace='ns', identifier='b', inputs={'k': 'v'}, next_nodes=[],"
        + " unites=None)]", modelLines(r));
  }

  @Test
  void emptyGraphAndAllCycleGraphsHaveNoRoot() {
    assertEquals("There should be exactly one root node in the graph but found 0 nodes with zero in-degree: []",
        modelLines(rejected(graph())));
    assertEquals("There should be exactly one root node in the graph but found 0 nodes with zero in-degree: []",
        modelLines(rejected(graph(node("a", "b"), node("b", "a")))));
  }

  @Test
  void uniteRootShowsItsUnitesRepr() {
    // Padded names are shown trimmed: the reprs are of the validated node templates.
    ValidationReport r = rejected(graph(NodeTemplate.of(" Echo ", " ns ", " a ", Map.of(), List.of()),
        node("b", "c"), node("c").withUnites(Unites.of("b"))));
    assertTrue(modelLines(r).startsWith("There should be exactly one root node in the graph but found 2 nodes with"
        + " zero in-degree: [NodeTemplate(node_name='Echo', namespace=' ns ', identifier='a', inputs={},"
        + " next_nodes=[], unites=None), NodeTemplate(node_name='Echo', namespace='ns', identifier='b'"), modelLines(r));
    ValidationReport united = rejected(graph(node("a", "b"), node("b").withUnites(Unites.of("b ")), node("c", "b")
        .withUnites(Unites.of("a"))));
    assertEquals(List.of("unites-target-self"), rules(united));
  }

  @Test
  void uniteTargetNeverReachedIsDisconnected() {
    // a -> u, u unites t, t is only reachable through u's own children.
    ValidationReport r = rejected(graph(node("a", "u"), node("u", "t").withUnites(Unites.of("t")), node("t")));
    assertEquals(List.of("unites-target-unreached"), rules(r));
    assertEquals("Error building dependency graph: Graph is disconnected at: {'t': ['u']}", modelLines(r));
  }

  @Test
  void deepChainsHitTheServersRecursionLimit() {
    List<NodeTemplate> nodes = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      nodes.add(i + 1 < 1500 ? node("n" + i, "n" + (i + 1)) : node("n" + i));
    }
    ValidationReport r = rejected(graph(nodes.toArray(NodeTemplate[]::new)));
    assertEquals(List.of("recursion-depth"), rules(r));
    assertEquals("Error building dependency graph: maximum recursion depth exceeded", modelLines(r));

    List<NodeTemplate> shorter = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      shorter.add(i + 1 < 200 ? node("n" + i, "n" + (i + 1)) : node("n" + i));
    }
    assertTrue(validate(graph(shorter.toArray(NodeTemplate[]::new))).valid());
  }

  @Test
  void unreachableNodesAreNotConnected() {
    ValidationReport r = rejected(graph(node("r"), node("b", "c"), node("c", "b").withUnites(Unites.of("r"))));
    assertEquals(List.of("not-connected", "not-connected"), rules(r));
    assertEquals("Node b is not connected to the root node\nNode c is not connected to the root node", modelLines(r));
  }

  @Test
  void deferredUniteNodesLeaveTheirChildrenUnreachable() {
    // QUIRK (§3.2): n1.next_nodes=[n3, n2] with n3 uniting n2 never explores n3's children...
    ValidationReport r = rejected(graph(node("n1", "n3", "n2"), node("n2"),
        node("n3", "n4").withUnites(Unites.of("n2")), node("n4")));
    assertEquals("Node n4 is not connected to the root node", modelLines(r));
    assertTrue(r.errors().get(0).message().contains("list the target earlier in next_nodes"));
    // ...while [n2, n3] is valid.
    assertTrue(validate(graph(node("n1", "n2", "n3"), node("n2"), node("n3", "n4").withUnites(Unites.of("n2")),
        node("n4"))).valid());
  }

  @Test
  void onlyTheNodeClosingACycleIsReported() {
    ValidationReport r = rejected(graph(node("r", "a"), node("a", "b"), node("b", "a")));
    assertEquals(List.of("cycle"), rules(r));
    assertEquals("Node a is not acyclic", modelLines(r));
    assertEquals("Node b is not acyclic", modelLines(rejected(graph(node("a", "b"), node("b", "b")))));
  }

  @Test
  void nonStringInputsUsePythonStr() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("i", 123L);
    values.put("n", null);
    values.put("b", true);
    values.put("d", Map.of("a", 1L));
    values.put("f", 1.5);
    ValidationReport r = rejected(graph(node("a").withInputs(values)));
    assertEquals("Input 123 is not a string\nInput None is not a string\nInput True is not a string\n"
        + "Input {'a': 1} is not a string\nInput 1.5 is not a string", modelLines(r));
  }

  @Test
  void syntaxErrorsQuoteTheParser() {
    ValidationReport r = rejected(graph(node("a", "b"),
        inputs(node("b"), "x", "${{ ghost.outputs.text }}", "y", "${{ a.outputs.text")));
    assertEquals(List.of("input-not-parent", "input-syntax"), rules(r));
    assertEquals("Input ${{ ghost.outputs.text }} depends on ghost but ghost is not a parent of b\n"
        + "Error creating dependent string for input ${{ a.outputs.text check syntax string: Invalid syntax string"
        + " placeholder  a.outputs.text for: ${{ a.outputs.text '${' not closed", modelLines(r));
    assertEquals("y", r.errors().get(1).location().key());
  }

  @Test
  void ancestorsComeFromTheFirstPathOnly() {
    // QUIRK (§3.2): r->{a,b}, a->c, b->c, c->d: parents(c)={r,a,b} but parents(d)={r,a,c}.
    NodeTemplate r = node("r", "a", "b");
    NodeTemplate a = node("a", "c");
    NodeTemplate b = node("b", "c");
    NodeTemplate c = inputs(node("c", "d"), "x", "${{ a.outputs.t }}${{ b.outputs.t }}");
    assertTrue(validate(graph(r, a, b, c, inputs(node("d"), "x", "${{ a.outputs.t }}"))).valid());
    ValidationReport bad = rejected(graph(r, a, b, c, inputs(node("d"), "x", "${{ b.outputs.t }}")));
    assertEquals("Input ${{ b.outputs.t }} depends on b but b is not a parent of d", modelLines(bad));
    assertTrue(bad.errors().get(0).message().contains("first path that reaches a node"));
  }

  @Test
  void uniteNodesSeeOnlyTheirTargetsAncestry() {
    // The docs' example: a merger reading its own branch is rejected (§3.2).
    ValidationReport r = rejected(graph(node("s", "p"), node("p", "m"),
        inputs(node("m"), "x", "${{ p.outputs.result }}").withUnites(Unites.of("s"))));
    assertEquals("Input ${{ p.outputs.result }} depends on p but p is not a parent of m", modelLines(r));
    assertTrue(r.errors().get(0).message().contains("unites target 's'"));
    // Children of a unite node cannot read it.
    ValidationReport child = rejected(graph(node("s", "p"), node("p", "m"), node("m", "z").withUnites(Unites.of("s")),
        inputs(node("z"), "x", "${{ m.outputs.y }}")));
    assertEquals("Input ${{ m.outputs.y }} depends on m but m is not a parent of z", modelLines(child));
    assertTrue(child.errors().get(0).message().contains("children of a unites node cannot read it"));
  }

  @Test
  void storeKeysMustBeConfigured() {
    GraphTemplate t = new GraphTemplate("g", "ns", Map.of(), List.of(inputs(node("a"), "x",
        "${{ store.cursor }}/${{ store.page }}/${{ store.outputs.limit }}")), null,
        new StoreConfig(List.of(" cursor "), Map.of("limit", "10")), List.of());
    ValidationReport r = rejected(t);
    assertEquals(List.of("store-key-unconfigured"), rules(r));
    assertEquals("Input ${{ store.cursor }}/${{ store.page }}/${{ store.outputs.limit }} depends on page but page"
        + " is not a required key or a default value", modelLines(r));
  }

  @Test
  void validGraphIsNormalized() {
    GraphTemplate t = new GraphTemplate(" g ", "ns ", Map.of(), List.of(NodeTemplate.of(" Echo", "ns", " a ",
        Map.of(), List.of(" b ")), node("b")), null, null, List.of());
    ValidationReport r = validate(t);
    assertTrue(r.valid());
    assertEquals("g", r.normalized().name());
    assertEquals("ns", r.normalized().namespace());
    assertEquals("Echo", r.normalized().nodes().get(0).nodeName());
    assertEquals("a", r.normalized().nodes().get(0).identifier());
    assertEquals(List.of("b"), r.normalized().nodes().get(0).nextNodes());
    assertEquals("", r.serverText());
  }
}
