package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one "did you mean" rule the validator and the processor share. */
class SuggestionsTest {

  @Test
  void closeCandidateWithinAboutOneEditPerThreeCharacters() {
    assertEquals("processor", Suggestions.closest("procesor", List.of("loader", "processor", "merge")));
    assertEquals("api_key", Suggestions.closest("api_kay", List.of("api_key")));
    // What was written sets the allowance: 7 or 6 characters allow two edits, not three.
    assertEquals("processor", Suggestions.closest("prcessr", List.of("processor")));
    assertNull(Suggestions.closest("prcssr", List.of("processor")));
    // Short names still get one edit.
    assertEquals("ab", Suggestions.closest("a", List.of("ab")));
  }

  @Test
  void caseAndSurroundingBlanksAreNotEdits() {
    assertEquals("DataLoaderNode", Suggestions.closest("DATALOADERNODE", List.of("DataLoaderNode", "Other")));
    assertEquals("source", Suggestions.closest(" source ", List.of("source")));
  }

  @Test
  void nothingWhenNoCandidateIsCloseOrTheNameExists() {
    assertNull(Suggestions.closest("completely", List.of("different", "names")));
    assertNull(Suggestions.closest("data", List.of("data", "date")));
    assertNull(Suggestions.closest(null, List.of("data")));
    assertNull(Suggestions.closest("data", List.of()));
    assertNull(Suggestions.closest("data", Arrays.asList(null, " ", "")));
  }

  @Test
  void tiesGoToTheAlphabeticallyFirstWhateverTheOrder() {
    List<String> candidates = new ArrayList<>(List.of("datb", "data", "datc"));
    assertEquals("data", Suggestions.closest("datx", candidates));
    Collections.reverse(candidates);
    assertEquals("data", Suggestions.closest("datx", candidates));
  }

  @Test
  void theValidatorsHintAndItsBudget() {
    Suggestions hints = new Suggestions();
    assertEquals("; did you mean 'processor'?", hints.didYouMean("procesor", List.of("processor")));
    assertEquals("", hints.didYouMean("zzz", List.of("processor")));
    List<String> many = Collections.nCopies(200_000, "other");
    assertEquals("", hints.didYouMean("procesor", many));
    // Spent: even a close candidate gets no hint for the rest of this run.
    assertEquals("", hints.didYouMean("procesor", List.of("processor")));
    assertEquals("; did you mean 'processor'?", new Suggestions().didYouMean("procesor", List.of("processor")));
  }
}
