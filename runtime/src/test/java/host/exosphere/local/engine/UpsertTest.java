package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upsert's three answers through the engine: 422 detail items, the 400 text, background INVALID/VALID. */
class UpsertTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed"), List.of("x"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void requestModelProblemsAre422WithFastApiItems() {
    ObjectNode body = graph(node(" ", "Root", List.of(), "seed", "s"));
    ApiException e = assertThrows(ApiException.class, () -> f.engine.upsertGraph(NS, "g", body));
    assertEquals(422, e.status());
    assertEquals("{\"detail\":[{\"type\":\"value_error\",\"loc\":[\"body\",\"nodes\",0,\"identifier\"],"
        + "\"msg\":\"Value error, Node identifier cannot be empty\",\"input\":\" \",\"ctx\":{\"error\":{}}}]}",
        e.body().toString());

    ObjectNode noSecrets = graph(node("r", "Root", List.of(), "seed", "s"));
    noSecrets.remove("secrets");
    ApiException missing = assertThrows(ApiException.class, () -> f.engine.upsertGraph(NS, "g", noSecrets));
    assertEquals("[{\"type\":\"missing\",\"loc\":[\"body\",\"secrets\"],\"msg\":\"Field required\",\"input\":"
        + noSecrets + "}]", missing.detail().toString());
  }

  @Test
  void templateProblemsAre400WithThePydanticText() {
    ApiException e = assertThrows(ApiException.class, () -> f.engine.upsertGraph(NS, "g",
        graph(node("a", "Root", List.of(), "seed", "s"), node("b", "Root", List.of(), "seed", "s"))));
    assertEquals(400, e.status());
    String detail = e.detail().asText();
    assertTrue(detail.startsWith("Error validating graph template: 1 validation error for GraphTemplate\n"
        + "  Value error, There should be exactly one root node in the graph but found 2 nodes with zero in-degree: "
        + "[NodeTemplate(node_name='Root', namespace='ns', identifier='a'"), detail);
    assertEquals(404, assertThrows(ApiException.class, () -> f.engine.getGraph(NS, "g")).status(), "nothing stored");
  }

  @Test
  void verificationHappensAfterTheAnswerAndAReUpsertCanFixIt() {
    ObjectNode body = graph(node("r", "Missing", List.of(), "seed", "s"));
    assertEquals("PENDING", f.engine.upsertGraph(NS, "g", body).validationStatus());
    f.idle();
    var graph = f.engine.getGraph(NS, "g");
    assertEquals("INVALID", graph.validationStatus());
    assertEquals(List.of("Node Missing in namespace ns does not exist.", "Node Missing in namespace ns does not exist"),
        graph.validationErrors());
    f.upsertValid("g", graph(node("r", "Root", List.of(), "seed", "s")));
    assertEquals(List.of(), f.engine.getGraph(NS, "g").validationErrors());
  }
}
