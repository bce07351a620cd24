package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.RawHttp.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API key and secret values never reach the server's log, whatever a client sends: right and wrong
 * keys, secrets in graphs, requests that fail inside the server (HELPERS.md standards).
 */
class LogHygieneTest {
  private static final String KEY = "key-SECRET-1234567";
  private static final String WRONG_KEY = "wrong-KEY-7654321";
  private static final String SECRET_VALUE = "topsecret-VALUE-42";

  @Test
  void neitherKeysNorSecretValuesAreLogged() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (LocalStateManager server = LocalStateManager.builder().apiKey(KEY).scheduleCron(false).start()) {
      exercise(server);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("failed"), "the failing requests were logged, so the check below means something:\n" + log);
    assertFalse(log.contains(KEY), log);
    assertFalse(log.contains(WRONG_KEY), log);
    assertFalse(log.contains(SECRET_VALUE), log);
  }

  private static void exercise(LocalStateManager server) throws InterruptedException {
    RawHttp http = new RawHttp(server);
    RawHttp wrong = new RawHttp(server.uri(), WRONG_KEY);
    String ns = "/v0/namespace/logs";
    assertEquals(401, wrong.get("/v0/namespaces").status());
    assertEquals(401, wrong.post(ns + "/graph/g/trigger", "{\"store\":{\"k\":\"" + SECRET_VALUE + "\"}}").status());
    var registration = RawHttp.object().put("runtime_name", "logs");
    registration.putArray("nodes").add(Conformance.node("Start", List.of("x"), List.of("y"), List.of("token")));
    assertEquals(200, http.put(ns + "/nodes/", registration).status());
    String graph = "{\"secrets\":{\"token\":\"" + SECRET_VALUE + "\"},\"nodes\":[{\"node_name\":\"Start\","
        + "\"namespace\":\"logs\",\"identifier\":\"a\",\"inputs\":{\"x\":\"1\"}}]}";
    assertEquals(201, http.put(ns + "/graph/g", graph).status());
    assertTrue(server.awaitIdle(Duration.ofSeconds(30)));
    // A secret value in places the server rejects: the 400 and 422 answers are not logged either.
    assertEquals(422, http.put(ns + "/graph/h", graph.replace("\"" + SECRET_VALUE + "\"", "[\"" + SECRET_VALUE + "\"]"))
        .status());
    Answer triggered = http.post(ns + "/graph/g/trigger", "{}");
    assertEquals(200, triggered.status());
    String runId = triggered.json().get("run_id").textValue();
    JsonNode state = http.post(ns + "/states/enqueue", "{\"nodes\":[\"Start\"],\"batch_size\":1}").json().get("states").get(0);
    String stateUrl = ns + "/state/" + state.get("state_id").textValue();
    Answer secrets = http.get(stateUrl + "/secrets");
    assertEquals(SECRET_VALUE, secrets.json().get("secrets").get("token").textValue());
    // Failures inside the server are logged (the generic 500s): a bad state id, an overflowing delay, a
    // NaN that cannot be rendered.
    assertEquals(500, http.get(ns + "/state/not-an-object-id/secrets").status());
    assertEquals(500, http.post(ns + "/graph/g/trigger", "{\"start_delay\": 9223372036854775807}").status());
    assertEquals(200, http.post(stateUrl + "/executed", "{\"outputs\":[{\"y\":NaN,\"s\":\"" + SECRET_VALUE + "\"}]}")
        .status());
    assertTrue(server.awaitIdle(Duration.ofSeconds(30)));
    assertEquals(500, http.get(ns + "/graph/g/run/" + runId + "/node/" + state.get("state_id").textValue()).status());
  }
}
