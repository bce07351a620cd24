package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.graph.TemplateString.Placeholder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code ${{ }}} grammar against docs/state-manager.md §4.4, error texts included. */
class TemplateStringTest {

  @Test
  void literalHasOnlyAHead() {
    TemplateString t = TemplateString.parse("plain ${ {text}");
    assertEquals("plain ${ {text}", t.head());
    assertTrue(t.segments().isEmpty());
    assertTrue(TemplateString.isLiteral("plain ${ {text}"));
    assertEquals("plain ${ {text}", t.render(p -> "unused"));
  }

  @Test
  void splitsIntoHeadPlaceholdersAndTails() {
    TemplateString t = TemplateString.parse("a-${{ loader.outputs.data }}-b${{store.cursor}}}}");
    assertEquals("a-", t.head());
    assertEquals(List.of(
        new TemplateString.Segment(new Placeholder("loader", "data"), "-b"),
        new TemplateString.Segment(new Placeholder("store", "cursor"), "}}")), t.segments());
    assertEquals(Set.of("loader"), t.nodeIdentifiers());
    assertEquals(Set.of("cursor"), t.storeKeys());
  }

  @Test
  void partsAreStrippedLikePythonIncludingNoBreakSpaces() {
    TemplateString t = TemplateString.parse("${{ \u00a0a\t. outputs .\nb }}");
    assertEquals(new Placeholder("a", "b"), t.segments().get(0).placeholder());
  }

  @Test
  void storeOutputsFormIsAStoreKeyAndEmptyPartsPass() {
    assertEquals(new Placeholder("store", "k"), TemplateString.parse("${{ store.outputs.k }}").placeholders().get(0));
    assertTrue(TemplateString.parse("${{ store.outputs.k }}").placeholders().get(0).isStore());
    assertEquals(new Placeholder("", "b"), TemplateString.parse("${{ .outputs.b }}").placeholders().get(0));
  }

  @Test
  void unclosedPieceUsesTheServersText() {
    TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class,
        () -> TemplateString.parse("x ${{ a.outputs.text"));
    assertEquals("Invalid syntax string placeholder  a.outputs.text for: x ${{ a.outputs.text '${' not closed",
        e.getMessage());
  }

  @Test
  void singleClosingBraceIsNotClosed() {
    TemplateSyntaxException e = assertThrows(TemplateSyntaxException.class,
        () -> TemplateString.parse("${{ a.outputs.text }"));
    assertEquals("Invalid syntax string placeholder  a.outputs.text } for: ${{ a.outputs.text } '${' not closed",
        e.getMessage());
  }

  @Test
  void badShapesKeepTheUntrimmedContent() {
    assertEquals("Invalid syntax string placeholder  a.output.b  for: ${{ a.output.b }}",
        assertThrows(TemplateSyntaxException.class, () -> TemplateString.parse("${{ a.output.b }}")).getMessage());
    assertEquals("Invalid syntax string placeholder  Store.k  for: ${{ Store.k }}",
        assertThrows(TemplateSyntaxException.class, () -> TemplateString.parse("${{ Store.k }}")).getMessage());
    assertEquals("Invalid syntax string placeholder  for: ${{}}",
        assertThrows(TemplateSyntaxException.class, () -> TemplateString.parse("${{}}")).getMessage());
    assertEquals("Invalid syntax string placeholder  store.a.b  for: ${{ store.a.b }}",
        assertThrows(TemplateSyntaxException.class, () -> TemplateString.parse("${{ store.a.b }}")).getMessage());
  }

  @Test
  void rendersEachDistinctPlaceholderOnce() {
    List<Placeholder> asked = new ArrayList<>();
    String out = TemplateString.parse("[${{ a.outputs.x }}|${{ store.k }}|${{a.outputs.x}}]").render(p -> {
      asked.add(p);
      return p.isStore() ? "S" : "X";
    });
    assertEquals("[X|S|X]", out);
    assertEquals(List.of(new Placeholder("a", "x"), new Placeholder("store", "k")), asked);
  }

  @Test
  void missingValueUsesTheServersText() {
    TemplateRenderException e = assertThrows(TemplateRenderException.class,
        () -> TemplateString.parse("${{ a.outputs.b }}").render(p -> null));
    assertEquals("Dependent value is not set for: identifier='a' field='b' tail='' value=None", e.getMessage());
  }

  @Test
  void nonStringValuesFailLikePythonConcatenation() {
    TemplateString t = TemplateString.parse("n=${{ a.outputs.b }}!");
    assertEquals("unsupported operand type(s) for +: 'int' and 'str'",
        assertThrows(TemplateRenderException.class, () -> t.render(p -> 5L)).getMessage());
    assertEquals("unsupported operand type(s) for +: 'dict' and 'str'",
        assertThrows(TemplateRenderException.class, () -> t.render(p -> Map.of())).getMessage());
    assertEquals("unsupported operand type(s) for +: 'bool' and 'str'",
        assertThrows(TemplateRenderException.class, () -> t.render(p -> true)).getMessage());
  }

  @Test
  void placeholderPrintsItsCanonicalSpelling() {
    assertEquals("${{ a.outputs.b }}", new Placeholder("a", "b").toString());
    assertEquals("${{ store.k }}", new Placeholder("store", "k").toString());
    assertFalse(new Placeholder("a", "b").isStore());
  }
}
