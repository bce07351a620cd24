package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import host.exosphere.local.RawHttp.Answer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests of the official Python SDK ({@code exospherehost} 0.0.3b1, docs/state-manager.md §5), byte for byte as it
 * sends them through aiohttp, replayed over real HTTP: its headers, {@code json.dumps} formatting (", " and
 * ": " separators, {@code \\u} escapes with surrogate pairs for non-ASCII, explicit nulls) and call order
 * for a Runtime with four nodes and a StateManager that upserts, triggers and polls. The bodies were
 * captured from the SDK running against {@code exosphere serve} (scripts/python-sdk-compat repeats that
 * check with a real SDK); this test keeps the server honest about them without Python.
 *
 * <p>aiohttp's {@code response.json()} refuses any content type but {@code application/json}, so every
 * answer the SDK parses, errors included, must carry it.
 */
class PythonSdkWireTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  /** What the SDK's secret and store values decode to; on the wire they are ASCII escapes. */
  private static final String SECRET = "compat-check-s\u00e9cret-\uD83D\uDD11";

  /** Runtime._register: the four nodes' pydantic schemas; CompatPrint keeps BaseNode's empty Outputs. */
  private static final String REGISTER = "{\"runtime_name\": \"compat-runtime\", \"runtime_namespace\": \"NS\", \"nodes\": ["
      + "{\"name\": \"CompatSplit\", \"namespace\": \"NS\", \"inputs_schema\": {\"properties\": {\"items\": {\"title\": \"Items\", \"type\": \"string\"}, \"prefix\": {\"title\": \"Prefix\", \"type\": \"string\"}}, \"required\": [\"items\", \"prefix\"], \"title\": \"Inputs\", \"type\": \"object\"}, \"outputs_schema\": {\"properties\": {\"item\": {\"title\": \"Item\", \"type\": \"string\"}}, \"required\": [\"item\"], \"title\": \"Outputs\", \"type\": \"object\"}, \"secrets\": []}, "
      + "{\"name\": \"CompatSecretUser\", \"namespace\": \"NS\", \"inputs_schema\": {\"properties\": {\"item\": {\"title\": \"Item\", \"type\": \"string\"}}, \"required\": [\"item\"], \"title\": \"Inputs\", \"type\": \"object\"}, \"outputs_schema\": {\"properties\": {\"result\": {\"title\": \"Result\", \"type\": \"string\"}}, \"required\": [\"result\"], \"title\": \"Outputs\", \"type\": \"object\"}, \"secrets\": [\"api_token\"]}, "
      + "{\"name\": \"CompatSignals\", \"namespace\": \"NS\", \"inputs_schema\": {\"properties\": {\"item\": {\"title\": \"Item\", \"type\": \"string\"}}, \"required\": [\"item\"], \"title\": \"Inputs\", \"type\": \"object\"}, \"outputs_schema\": {\"properties\": {\"result\": {\"title\": \"Result\", \"type\": \"string\"}}, \"required\": [\"result\"], \"title\": \"Outputs\", \"type\": \"object\"}, \"secrets\": []}, "
      + "{\"name\": \"CompatPrint\", \"namespace\": \"NS\", \"inputs_schema\": {\"properties\": {\"message\": {\"title\": \"Message\", \"type\": \"string\"}}, \"required\": [\"message\"], \"title\": \"Inputs\", \"type\": \"object\"}, \"outputs_schema\": {\"description\": \"Output schema for the node.\\n\\nSubclasses should override this class to define the expected output fields.\", \"properties\": {}, \"title\": \"Outputs\", \"type\": \"object\"}, \"secrets\": []}]}";

  private static final String ENQUEUE =
      "{\"nodes\": [\"CompatSplit\", \"CompatSecretUser\", \"CompatSignals\", \"CompatPrint\"], \"batch_size\": 16}";

  /** StateManager.upsert_graph with secrets, a retry policy, a store config and a cron trigger. */
  private static final String FAN_OUT_GRAPH = "{\"secrets\": {\"api_token\": \"compat-check-s\\u00e9cret-\\ud83d\\udd11\"}, \"nodes\": ["
      + "{\"node_name\": \"CompatSplit\", \"namespace\": \"NS\", \"identifier\": \"split\", \"inputs\": {\"items\": \"${{ store.items }}\", \"prefix\": \"${{ store.prefix }}\"}, \"next_nodes\": [\"use_secret\"], \"unites\": null}, "
      + "{\"node_name\": \"CompatSecretUser\", \"namespace\": \"NS\", \"identifier\": \"use_secret\", \"inputs\": {\"item\": \"${{ split.outputs.item }}\"}, \"next_nodes\": null, \"unites\": null}], "
      + "\"retry_policy\": {\"max_retries\": 2, \"strategy\": \"FIXED\", \"backoff_factor\": 500, \"exponent\": 2, \"max_delay\": null}, "
      + "\"store_config\": {\"required_keys\": [\"items\"], \"default_values\": {\"prefix\": \"item\"}}, "
      + "\"triggers\": [{\"type\": \"CRON\", \"value\": {\"expression\": \"0 0 1 1 *\"}}]}";

  private static final String SIGNALS_GRAPH = "{\"secrets\": {}, \"nodes\": ["
      + "{\"node_name\": \"CompatSplit\", \"namespace\": \"NS\", \"identifier\": \"split\", \"inputs\": {\"items\": \"${{ store.items }}\", \"prefix\": \"x\"}, \"next_nodes\": [\"act\"], \"unites\": null}, "
      + "{\"node_name\": \"CompatSignals\", \"namespace\": \"NS\", \"identifier\": \"act\", \"inputs\": {\"item\": \"${{ split.outputs.item }}\"}, \"next_nodes\": null, \"unites\": null}], "
      + "\"retry_policy\": {\"max_retries\": 1, \"strategy\": \"FIXED\", \"backoff_factor\": 300, \"exponent\": 2, \"max_delay\": null}, "
      + "\"store_config\": {\"required_keys\": [\"items\"], \"default_values\": {}}}";

  /** The SDK's call: aiohttp's default headers, its JSON content type, the body as UTF-8 bytes. */
  private static Answer sdk(Scenario s, String method, String path, String pythonJson) {
    String body = pythonJson == null ? null : pythonJson.replace("NS", s.ns);
    HttpRequest.Builder request = s.http.request(method, s.base + path, body)
        .header("Accept", "*/*")
        .header("Accept-Encoding", "gzip, deflate")
        .header("User-Agent", "Python/3.12 aiohttp/3.12.15");
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    Answer answer = s.http.send(request);
    assertEquals("application/json", answer.header("content-type").orElse(""),
        () -> "aiohttp's response.json() needs application/json: " + method + " " + path);
    return answer;
  }

  private static JsonNode sdkOk(Scenario s, int status, String method, String path, String pythonJson) {
    return expect(status, sdk(s, method, path, pythonJson));
  }

  /** StateManager.upsert_graph: PUT (201, PENDING), then GET until the background verification is done. */
  private static JsonNode upsertAndPoll(Scenario s, String graph, String body) {
    JsonNode put = sdkOk(s, 201, "PUT", "/graph/" + graph, body);
    assertEquals("PENDING", put.get("validation_status").textValue());
    s.idle();
    return sdkOk(s, 200, "GET", "/graph/" + graph, null);
  }

  private static List<JsonNode> enqueue(Scenario s) {
    JsonNode answer = sdkOk(s, 200, "POST", "/states/enqueue", ENQUEUE);
    List<JsonNode> states = new ArrayList<>();
    answer.get("states").forEach(states::add);
    return states;
  }

  private static Map<String, JsonNode> byItem(List<JsonNode> states) {
    Map<String, JsonNode> out = new TreeMap<>();
    states.forEach(state -> out.put(state.get("inputs").get("item").textValue(), state));
    return out;
  }

  private static String stateUrl(JsonNode state) {
    return "/state/" + state.get("state_id").textValue();
  }

  private static void executed(Scenario s, JsonNode state, String outputs) {
    assertEquals(RawHttp.json("{'status':'EXECUTED'}"),
        sdkOk(s, 200, "POST", stateUrl(state) + "/executed", "{\"outputs\": [" + outputs + "]}"));
    s.idle();
  }

  @Test
  void aFanOutWithStoreAndSecretRunsToSuccess(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "pysdk-fanout");
    JsonNode registered = sdkOk(s, 200, "PUT", "/nodes/", REGISTER);
    assertEquals("compat-runtime", registered.get("runtime_name").textValue());
    assertEquals(4, registered.get("registered_nodes").size());

    JsonNode graph = upsertAndPoll(s, "compat-fanout", FAN_OUT_GRAPH);
    assertEquals("VALID", graph.get("validation_status").textValue(), graph.toString());
    assertEquals(RawHttp.json("{'api_token':true}"), graph.get("secrets"));

    JsonNode triggered = sdkOk(s, 200, "POST", "/graph/compat-fanout/trigger",
        "{\"start_delay\": 0, \"inputs\": {}, \"store\": {\"items\": \"a,b,\\u00e7\"}}");
    assertEquals("CREATED", triggered.get("status").textValue());
    String runId = triggered.get("run_id").textValue();

    List<JsonNode> roots = enqueue(s);
    assertEquals(1, roots.size());
    assertEquals(RawHttp.json("{'items':'a,b,\u00e7','prefix':'item'}"), roots.get(0).get("inputs"));
    executed(s, roots.get(0), "{\"item\": \"item-a\"}, {\"item\": \"item-b\"}, {\"item\": \"item-\\u00e7\"}");

    Map<String, JsonNode> users = byItem(enqueue(s));
    assertEquals(List.of("item-a", "item-b", "item-\u00e7"), List.copyOf(users.keySet()));
    for (JsonNode state : users.values()) {
      assertEquals("CompatSecretUser", state.get("node_name").textValue());
      JsonNode secrets = sdkOk(s, 200, "GET", stateUrl(state) + "/secrets", null);
      assertEquals(SECRET, secrets.get("secrets").get("api_token").textValue());
      String result = state.get("inputs").get("item").textValue().toUpperCase().replace("\u00c7", "\\u00c7");
      executed(s, state, "{\"result\": \"" + result + "\"}");
    }
    assertEquals("6/0/0/0/6 SUCCESS", s.counts(runId));
  }

  @Test
  void pruneReEnqueueAfterAndARetriedErrorRunToSuccess(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "pysdk-signals");
    sdkOk(s, 200, "PUT", "/nodes/", REGISTER);
    assertEquals("VALID", upsertAndPoll(s, "compat-signals", SIGNALS_GRAPH).get("validation_status").textValue());
    String runId = sdkOk(s, 200, "POST", "/graph/compat-signals/trigger",
        "{\"start_delay\": 0, \"inputs\": {}, \"store\": {\"items\": \"ok,prune,later,flaky\"}}").get("run_id").textValue();

    executed(s, enqueue(s).get(0),
        "{\"item\": \"x-ok\"}, {\"item\": \"x-prune\"}, {\"item\": \"x-later\"}, {\"item\": \"x-flaky\"}");
    Map<String, JsonNode> acts = byItem(enqueue(s));
    assertEquals(List.of("x-flaky", "x-later", "x-ok", "x-prune"), List.copyOf(acts.keySet()));

    executed(s, acts.get("x-ok"), "{\"result\": \"x-ok\"}");
    JsonNode pruned = sdkOk(s, 200, "POST", stateUrl(acts.get("x-prune")) + "/prune",
        "{\"data\": {\"reason\": \"pruned by the compat check\"}}");
    assertEquals("PRUNED", pruned.get("status").textValue());
    long now = CONFORMANCE.clock.millis();
    JsonNode later = sdkOk(s, 200, "POST", stateUrl(acts.get("x-later")) + "/re-enqueue-after", "{\"enqueue_after\": 300}");
    assertEquals(RawHttp.json("{'enqueue_after':" + (now + 300) + ",'status':'CREATED'}"), later);
    JsonNode errored = sdkOk(s, 200, "POST", stateUrl(acts.get("x-flaky")) + "/errored",
        "{\"error\": \"failing once on purpose\"}");
    assertEquals(RawHttp.json("{'status':'ERRORED','retry_created':true}"), errored);
    s.idle();

    assertTrue(enqueue(s).isEmpty(), "both delays are 300 ms and the clock has not moved");
    CONFORMANCE.clock.advanceMillis(300);
    Map<String, JsonNode> again = byItem(enqueue(s));
    assertEquals(List.of("x-flaky", "x-later"), List.copyOf(again.keySet()));
    assertEquals(acts.get("x-later").get("state_id"), again.get("x-later").get("state_id"));
    executed(s, again.get("x-later"), "{\"result\": \"x-later\"}");
    executed(s, again.get("x-flaky"), "{\"result\": \"x-flaky\"}");
    assertEquals("8/0/0/1/9 SUCCESS", s.counts(runId));
  }

  @Test
  void aRejectedUpdateKeepsTheGraphAndALaterOneIsValidAgain(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "pysdk-reupsert");
    sdkOk(s, 200, "PUT", "/nodes/", REGISTER);
    String node1 = "{\"node_name\": \"CompatPrint\", \"namespace\": \"NS\", \"identifier\": \"node1\", "
        + "\"inputs\": {\"message\": \"hello from node1\"}, \"next_nodes\": %s, \"unites\": null}";
    String node2 = "{\"node_name\": \"CompatPrint\", \"namespace\": \"NS\", \"identifier\": \"node2\", "
        + "\"inputs\": {\"message\": \"hello from node2\"}, \"next_nodes\": [], \"unites\": null}";

    String single = "{\"secrets\": {}, \"nodes\": [" + node1.formatted("[]") + "]}";
    assertEquals("VALID", upsertAndPoll(s, "compat-reupsert", single).get("validation_status").textValue());

    String twoRoots = "{\"secrets\": {}, \"nodes\": [" + node1.formatted("[]") + ", " + node2 + "]}";
    Answer rejected = sdk(s, "PUT", "/graph/compat-reupsert", twoRoots);
    assertEquals(400, rejected.status(), rejected.text());
    assertTrue(rejected.detail().startsWith("Error validating graph template: 1 validation error for GraphTemplate\n"
        + "  Value error, There should be exactly one root node in the graph but found 2 nodes with zero in-degree: "),
        rejected.detail());
    assertEquals("VALID", sdkOk(s, 200, "GET", "/graph/compat-reupsert", null).get("validation_status").textValue());

    String chain = "{\"secrets\": {}, \"nodes\": [" + node1.formatted("[\"node2\"]") + ", " + node2 + "]}";
    JsonNode valid = upsertAndPoll(s, "compat-reupsert", chain);
    assertEquals("VALID", valid.get("validation_status").textValue(), valid.toString());
    assertEquals(2, valid.get("nodes").size());
  }
}
