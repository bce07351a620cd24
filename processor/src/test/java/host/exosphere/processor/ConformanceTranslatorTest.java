package host.exosphere.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** What the conformance translator expresses with annotations, and what it must leave untranslated. */
class ConformanceTranslatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode testCase(String retry, String inputs) throws Exception {
    return JSON.readTree("{\"id\": \"t\", \"registered_nodes\": [{\"name\": \"Echo\", \"namespace\": \"ns\", \"inputs\": "
        + inputs + ", \"outputs\": [], \"secrets\": []}], \"graph\": {\"namespace\": \"ns\", \"name\": \"g\", \"secrets\": {},"
        + " \"nodes\": [{\"node_name\": \"Echo\", \"namespace\": \"ns\", \"identifier\": \"a\", \"inputs\": {}}]"
        + (retry == null ? "" : ", \"retry_policy\": " + retry) + "}}");
  }

  /** The server reads "5" and 1000.0 as ints (pydantic lax mode), and so can an annotation. */
  @Test
  void laxRetryIntsBecomeAnnotationInts() throws Exception {
    ConformanceTranslator.Translation t = ConformanceTranslator.translate(
        testCase("{\"max_retries\": \"5\", \"backoff_factor\": 1000.0, \"exponent\": \" 3 \", \"max_delay\": \"7000\"}", "[]"));
    Compilation c = Fixtures.compile(t.sources());
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
    JsonNode body = JSON.readTree(GoldenFiles.content(c.generatedFiles().stream()
        .filter(f -> f.toUri().getPath().contains("/META-INF/exosphere/graphs/")).findFirst().orElseThrow()));
    assertEquals(JSON.readTree("{\"max_retries\": 5, \"strategy\": \"EXPONENTIAL\", \"backoff_factor\": 1000,"
        + " \"exponent\": 3, \"max_delay\": 7000}"), body.get("retry_policy"));
    assertEquals(t.expectedBody(), body);
  }

  @Test
  void whatAnnotationsCannotHoldStaysUntranslated() throws Exception {
    assertThrows(ConformanceTranslator.Untranslatable.class,
        () -> ConformanceTranslator.translate(testCase("{\"backoff_factor\": 1.5}", "[]")));
    assertThrows(ConformanceTranslator.Untranslatable.class,
        () -> ConformanceTranslator.translate(testCase("{\"max_retries\": \"99999999999\"}", "[]")));
    // a qualified name is no record component (javac crashed on it), nor is one with an ignorable character
    assertThrows(ConformanceTranslator.Untranslatable.class,
        () -> ConformanceTranslator.translate(testCase(null, "[\"a.b\"]")));
    assertThrows(ConformanceTranslator.Untranslatable.class,
        () -> ConformanceTranslator.translate(testCase(null, "[\"x\\u0085\"]")));
  }

  /** The state manager ignores keys it does not know; annotations leave them out, and the body too. */
  @Test
  void unknownKeysAreLeftOutAsTheServerIgnoresThem() throws Exception {
    JsonNode c = JSON.readTree("{\"id\": \"t\", \"registered_nodes\": [{\"name\": \"Echo\", \"namespace\": \"ns\","
        + " \"inputs\": [], \"outputs\": [], \"secrets\": []}], \"graph\": {\"namespace\": \"ns\", \"name\": \"g\","
        + " \"secrets\": {}, \"description\": \"x\", \"nodes\": [{\"node_name\": \"Echo\", \"namespace\": \"ns\","
        + " \"identifier\": \"a\", \"inputs\": {}, \"label\": 1}], \"retry_policy\": {\"jitter\": true},"
        + " \"store_config\": {\"ttl\": 5}}}");
    ConformanceTranslator.Translation t = ConformanceTranslator.translate(c);
    Compilation compilation = Fixtures.compile(t.sources());
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), compilation.diagnostics().toString());
    JsonNode body = JSON.readTree(GoldenFiles.content(compilation.generatedFiles().stream()
        .filter(f -> f.toUri().getPath().contains("/META-INF/exosphere/graphs/")).findFirst().orElseThrow()));
    assertEquals(t.expectedBody(), body);
    assertEquals(false, body.has("description"));
    assertEquals(false, body.get("nodes").get(0).has("label"));
  }
}
