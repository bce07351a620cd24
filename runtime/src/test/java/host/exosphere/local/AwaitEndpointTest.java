package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.local.RawHttp.Answer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded-only {@code states/await} endpoint over HTTP, and how it is offered: only on the
 * embedded server's enqueue answers, so a client never sends it to a server that did not say so.
 */
@ExtendWith(LocalStateManagerExtension.class)
class AwaitEndpointTest {
  private static final String AWAIT = "/v0/namespace/await-ns/states/await";

  private static void oneNodeGraph(StateManager client) throws Exception {
    client.registerNodes("setup", List.of(new NodeRegistration("Only", NodeSchemas.pydanticSchema("Inputs", List.of()),
        NodeSchemas.pydanticSchema("Outputs", List.of()), List.of())));
    String body = "{\"secrets\":{},\"nodes\":[{\"node_name\":\"Only\",\"namespace\":\"" + client.namespace()
        + "\",\"identifier\":\"only\",\"inputs\":{},\"next_nodes\":[]}]}";
    client.upsertGraph(GraphJson.fromJson(GraphJson.mapper().readTree(body), "one", client.namespace()));
  }

  @Test
  void enqueueAnswersOfferIt(LocalStateManager server) {
    Answer answer = new RawHttp(server).post("/v0/namespace/await-ns/states/enqueue", "{\"nodes\":[\"Only\"],\"batch_size\":1}");
    assertEquals(200, answer.status());
    assertEquals("states/await", answer.header("x-exosphere-await").orElseThrow());
  }

  @Test
  void withABatchSizeItClaimsWhatItWaitedForAndAnswersAsEnqueueDoes(LocalStateManager server) throws Exception {
    StateManager client = server.client("await-ns");
    oneNodeGraph(client);
    RawHttp http = new RawHttp(server);
    Answer idle = http.post(AWAIT, "{\"nodes\":[\"Only\"],\"timeout_ms\":10,\"waiter\":\"w\",\"batch_size\":4}");
    assertEquals(200, idle.status());
    assertEquals("{\"count\":0,\"namespace\":\"await-ns\",\"status\":\"QUEUED\",\"states\":[],\"available\":false}",
        idle.text());

    CompletableFuture<Answer> held = CompletableFuture.supplyAsync(() -> new RawHttp(server).post(AWAIT,
        "{\"nodes\":[\"Only\"],\"timeout_ms\":60000,\"waiter\":\"w\",\"batch_size\":4}"));
    String runId = client.trigger("one", TriggerRequest.EMPTY);
    Answer claimed = held.get(30, TimeUnit.SECONDS);
    assertEquals(200, claimed.status());
    assertTrue(claimed.text().startsWith("{\"count\":1,\"namespace\":\"await-ns\",\"status\":\"QUEUED\",\"states\":[{"),
        claimed.text());
    assertTrue(claimed.text().endsWith(",\"available\":true}"), claimed.text());
    // It claimed the state: enqueue finds nothing, and the run's state is QUEUED.
    assertEquals(List.of(), client.enqueue(List.of("Only"), 5));
    assertEquals("QUEUED", client.graphStructure(runId).nodes().get(0).status());
  }

  @Test
  void aNegativeBatchSizeIsRefusedWithTheField(LocalStateManager server) {
    Answer answer = new RawHttp(server).post(AWAIT, "{\"nodes\":[\"Only\"],\"timeout_ms\":0,\"waiter\":\"w\",\"batch_size\":-1}");
    assertEquals(422, answer.status());
    assertTrue(answer.text().contains("batch_size"), answer.text());
  }

  @Test
  void answersAvailableWhenAStateCanBeClaimedAndNothingAfterItsBound(LocalStateManager server) throws Exception {
    StateManager client = server.client("await-ns");
    oneNodeGraph(client);
    RawHttp http = new RawHttp(server);
    Answer idle = http.post(AWAIT, "{\"nodes\":[\"Only\"],\"timeout_ms\":10,\"waiter\":\"w\"}");
    assertEquals(200, idle.status());
    assertEquals("{\"available\":false}", idle.text());

    client.trigger("one", TriggerRequest.EMPTY);
    Answer ready = http.post(AWAIT, "{\"nodes\":[\"Only\"],\"timeout_ms\":60000,\"waiter\":\"w\"}");
    assertEquals("{\"available\":true}", ready.text());
    // It claimed nothing: the state is still there for enqueue.
    assertEquals(1, client.enqueue(List.of("Only"), 5).size());
  }

  @Test
  void aBadBodyIsA422NamingEachField(LocalStateManager server) {
    Answer answer = new RawHttp(server).post(AWAIT, "{\"nodes\":\"Only\",\"timeout_ms\":-1}");
    assertEquals(422, answer.status());
    String detail = answer.detail();
    assertTrue(detail.contains("\"loc\":[\"body\",\"nodes\"]"), detail);
    assertTrue(detail.contains("\"loc\":[\"body\",\"timeout_ms\"]"), detail);
    assertTrue(detail.contains("\"loc\":[\"body\",\"waiter\"]"), detail);
  }

  @Test
  void theClientUsesItOnlyOnceTheServerOfferedIt(LocalStateManager server) throws Exception {
    StateManager client = server.client("await-client");
    oneNodeGraph(client);
    assertFalse(client.offersAwaitStates());
    UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
        () -> client.awaitStates(List.of("Only"), Duration.ofSeconds(1), "w"));
    assertTrue(refused.getMessage().contains("poll with enqueue instead"), refused.getMessage());

    assertEquals(List.of(), client.enqueue(List.of("Only"), 1));
    assertTrue(client.offersAwaitStates());
    assertFalse(client.awaitStates(List.of("Only"), Duration.ofMillis(10), "w"));
    client.trigger("one", TriggerRequest.EMPTY);
    assertTrue(client.awaitStates(List.of("Only"), Duration.ofMinutes(5), "w"));
  }

  @Test
  void closingTheServerAnswersAHeldWaitInsteadOfCuttingItOff() throws Exception {
    LocalStateManager own = LocalStateManager.builder().start();
    CompletableFuture<Answer> held;
    try {
      RawHttp http = new RawHttp(own);
      // 60 s, the longest wait a call may ask for: nothing but the close can end it within the test.
      held = CompletableFuture.supplyAsync(
          () -> http.post(AWAIT, "{\"nodes\":[\"Only\"],\"timeout_ms\":60000,\"waiter\":\"w\"}"));
      while (own.requestsInFlight() == 0 && !held.isDone()) {
        Thread.onSpinWait();
      }
    } finally {
      own.close();
    }
    // Ended by the close and answered before the server stopped. A wait the close did not end would be
    // cut off once the stop's grace ran out, and the call would fail with an IOException instead.
    Answer answer = held.get(60, TimeUnit.SECONDS);
    assertEquals(200, answer.status());
    assertEquals("{\"available\":false}", answer.text());
  }
}
