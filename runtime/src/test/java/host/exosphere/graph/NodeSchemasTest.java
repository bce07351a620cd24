package host.exosphere.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.NodeSchemas.Field;
import host.exosphere.graph.NodeSchemas.SchemaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSchemasTest {

  static ObjectNode schema(String json) {
    return (ObjectNode) GraphJsonTest.json(json);
  }

  static String compact(ObjectNode node) {
    return node.toString();
  }

  @Test
  void schemaWithDefaultsHasPydanticsExactShape() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("batch_size", "100");
    // docs/state-manager.md §2.2, key order included
    assertEquals("{\"properties\":{\"name\":{\"title\":\"Name\",\"type\":\"string\"},"
            + "\"batch_size\":{\"default\":\"100\",\"title\":\"Batch Size\",\"type\":\"string\"}},"
            + "\"required\":[\"name\"],\"title\":\"Inputs\",\"type\":\"object\"}",
        compact(NodeSchemas.pydanticSchema("Inputs", List.of("name", "batch_size"), defaults)));
  }

  @Test
  void emptyModelLeavesOutRequired() {
    assertEquals("{\"properties\":{},\"title\":\"Outputs\",\"type\":\"object\"}",
        compact(NodeSchemas.pydanticSchema("Outputs", List.of())));
    assertEquals("{\"properties\":{\"a\":{\"default\":\"\",\"title\":\"A\",\"type\":\"string\"}},\"title\":\"Inputs\","
        + "\"type\":\"object\"}", compact(NodeSchemas.pydanticSchema("Inputs", List.of("a"), Map.of("a", ""))));
  }

  @ParameterizedTest
  @CsvSource({
      "user_id, User Id",
      "HTTPCode, Httpcode",
      "message, Message",
      "api_key, Api Key",
      "batchSize, Batchsize",
      "a1b, A1B",
      "x_2y, X 2Y",
      "trailing_, Trailing",
      "élan_vital, Élan Vital",
  })
  void fieldTitlesFollowPythonsTitle(String field, String title) {
    assertEquals(title, NodeSchemas.fieldTitle(field));
  }

  @Test
  void registeredNodeUsesInputsAndOutputsTitles() {
    RegisteredNode node = NodeSchemas.registeredNode("N", "ns", List.of("a"), List.of("b"), List.of("s"));
    assertEquals("Inputs", node.inputsSchema().get("title").asText());
    assertEquals("Outputs", node.outputsSchema().get("title").asText());
    assertEquals(List.of(new Field("a", true)), NodeSchemas.fields(node.inputsSchema()));
  }

  @Test
  void fieldsFollowJsonSchemaToPydanticTypes() {
    ObjectNode s = schema("{\"properties\": {"
        + "\"s\": {\"type\": \"string\"},"
        + "\"email\": {\"type\": \"string\", \"format\": \"email\"},"
        + "\"odd\": {\"type\": \"string\", \"format\": \"something\"},"
        + "\"dt\": {\"type\": \"string\", \"format\": \"date-time\"},"
        + "\"d\": {\"type\": \"string\", \"format\": \"date\"},"
        + "\"t\": {\"type\": \"string\", \"format\": \"time\"},"
        + "\"u\": {\"type\": \"string\", \"format\": \"uri\"},"
        + "\"id\": {\"type\": \"string\", \"format\": \"uuid\"},"
        + "\"unknown\": {\"type\": \"text\"},"
        + "\"i\": {\"type\": \"integer\"},"
        + "\"n\": {\"type\": \"number\"},"
        + "\"b\": {\"type\": \"boolean\"},"
        + "\"o\": {\"type\": \"object\"},"
        + "\"l\": {\"type\": \"array\"},"
        + "\"e\": {\"type\": \"string\", \"enum\": [\"x\"]},"
        + "\"c\": {\"const\": \"x\"},"
        + "\"any\": {\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}]},"
        + "\"one\": {\"oneOf\": [{\"type\": \"string\"}]},"
        + "\"opt\": {\"type\": [\"string\", \"null\"]},"
        + "\"single\": {\"type\": [\"string\"]},"
        + "\"ref\": {\"$ref\": \"#/$defs/Name\"}"
        + "}, \"$defs\": {\"Name\": {\"type\": \"string\"}}}");
    assertEquals(List.of(new Field("s", true), new Field("email", true), new Field("odd", true),
        new Field("dt", false), new Field("d", false), new Field("t", false), new Field("u", false),
        new Field("id", false), new Field("unknown", true), new Field("i", false), new Field("n", false),
        new Field("b", false), new Field("o", false), new Field("l", false), new Field("e", false),
        new Field("c", false), new Field("any", false), new Field("one", false), new Field("opt", false),
        new Field("single", true), new Field("ref", true)), NodeSchemas.fields(s));
  }

  @Test
  void untypedObjectsAndArraysAreInferredNotRefused() {
    assertEquals(List.of(new Field("o", false), new Field("l", false)), NodeSchemas.fields(schema(
        "{\"properties\": {\"o\": {\"properties\": {}}, \"l\": {\"items\": {\"type\": \"string\"}}}}")));
  }

  @Test
  void missingPropertiesMeansNoFields() {
    assertEquals(List.of(), NodeSchemas.fields(schema("{\"type\": \"object\"}")));
    assertEquals(List.of(), NodeSchemas.fields(schema("{}")));
  }

  @Test
  void untypedPropertyFailsWithTheLibrarysText() {
    assertEquals("Schema must specify a type. Set allow_undefined_type=True to infer Any type for schemas without "
            + "explicit types.",
        assertThrows(SchemaException.class,
            () -> NodeSchemas.fields(schema("{\"properties\": {\"a\": {\"title\": \"A\"}}}"))).getMessage());
  }

  @Test
  void leadingUnderscoreFailsWithPydanticsText() {
    assertEquals("Fields must not use names with leading underscores; e.g., use 'a' instead of '_a'.",
        assertThrows(SchemaException.class,
            () -> NodeSchemas.fields(schema("{\"properties\": {\"_a\": {\"type\": \"string\"}}}"))).getMessage());
    assertEquals("Fields must not use names with leading underscores; e.g., use 'secret' instead of '__secret'.",
        assertThrows(SchemaException.class,
            () -> NodeSchemas.fields(schema("{\"properties\": {\"__secret\": {\"type\": \"string\"}}}"))).getMessage());
  }
}
