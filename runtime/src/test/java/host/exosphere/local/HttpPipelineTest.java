package host.exosphere.local;

import static host.exosphere.local.RawHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.RawHttp.Answer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Everything the real server decides before a controller runs (docs/state-manager.md §1.1): routing, body reading,
 * the API key, request validation and the request id, over real HTTP.
 */
@ExtendWith(LocalStateManagerExtension.class)
class HttpPipelineTest {
  private static final String NS = "/v0/namespace/ns";
  private static final String STATE = NS + "/state/000000000000000000000001";

  private final RawHttp http;
  private final RawHttp anonymous;

  HttpPipelineTest(LocalStateManager server) {
    this.http = new RawHttp(server);
    this.anonymous = new RawHttp(server.uri(), null);
  }

  @Test
  void healthNeedsNoKey() {
    Answer answer = anonymous.get("/health");
    assertEquals(200, answer.status());
    assertEquals("{\"message\":\"OK\"}", answer.text());
    assertEquals("application/json", answer.header("content-type").orElseThrow());
  }

  /** Every route of §1.2 but /health, with its method and a body that would otherwise be valid. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "GET|/v0/namespaces|",
      "PUT|/v0/namespace/ns/nodes/|{\"runtime_name\":\"r\",\"nodes\":[]}",
      "GET|/v0/namespace/ns/nodes/|",
      "PUT|/v0/namespace/ns/graph/g|{\"secrets\":{},\"nodes\":[]}",
      "GET|/v0/namespace/ns/graph/g|",
      "GET|/v0/namespace/ns/graphs/|",
      "POST|/v0/namespace/ns/graph/g/trigger|{}",
      "POST|/v0/namespace/ns/states/enqueue|{\"nodes\":[\"n\"],\"batch_size\":1}",
      "GET|/v0/namespace/ns/state/000000000000000000000001/secrets|",
      "POST|/v0/namespace/ns/state/000000000000000000000001/executed|{\"outputs\":[]}",
      "POST|/v0/namespace/ns/state/000000000000000000000001/errored|{\"error\":\"e\"}",
      "POST|/v0/namespace/ns/state/000000000000000000000001/prune|{\"data\":{}}",
      "POST|/v0/namespace/ns/state/000000000000000000000001/re-enqueue-after|{\"enqueue_after\":5}",
      "POST|/v0/namespace/ns/state/000000000000000000000001/manual-retry|{\"fanout_id\":\"f\"}",
      "GET|/v0/namespace/ns/runs/1/10|",
      "GET|/v0/namespace/ns/states/run/r/graph|",
      "GET|/v0/namespace/ns/graph/g/run/r/node/000000000000000000000001|",
      "GET|/v0/namespace/ns/states/run/r/diagnostics|",
      "POST|/v0/namespace/ns/states/await|{\"nodes\":[\"n\"],\"timeout_ms\":0,\"waiter\":\"w\"}",
  })
  void everyRouteButHealthWantsTheExactKey(String method, String path, String body) {
    for (String key : new String[] {null, "", "wrong", http.toString()}) {
      var request = anonymous.request(method, path, body);
      if (key != null) {
        request.header("x-api-key", key);
      }
      Answer answer = anonymous.send(request);
      assertEquals(401, answer.status(), method + " " + path + " with key " + key);
      assertEquals("{\"detail\":\"Invalid API key\"}", answer.text());
    }
  }

  @Test
  void keyComparisonIsCaseAndWhitespaceSensitiveButTheHeaderNameIsNot(LocalStateManager server) {
    String key = server.apiKey();
    for (String wrong : new String[] {key.toUpperCase(), key.toLowerCase(), key + "x", key.substring(1)}) {
      if (wrong.equals(key)) {
        continue;
      }
      Answer answer = anonymous.send(anonymous.request("GET", "/v0/namespaces", null).header("x-api-key", wrong));
      assertEquals(401, answer.status(), wrong);
    }
    Answer upperCaseName = anonymous.send(anonymous.request("GET", "/v0/namespaces", null).header("X-API-KEY", key));
    assertNotEquals(401, upperCaseName.status());
  }

  @Test
  void malformedJsonIs422EvenWithoutAKey() {
    Answer answer = anonymous.post(NS + "/states/enqueue", "{\"nodes\": [\"a\",], \"batch_size\": 1}");
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':[{'type':'json_invalid','loc':['body',15],'msg':'JSON decode error','input':{},"
        + "'ctx':{'error':'Expecting value'}}]}"), answer.json());
  }

  @Test
  void aBadBodyWithABadKeyIs401() {
    Answer answer = anonymous.post(NS + "/states/enqueue", "{\"nodes\": 3}");
    assertEquals(401, answer.status());
    assertEquals("Invalid API key", answer.detail());
  }

  @Test
  void routesWithoutABodyIgnoreWhateverIsSent() {
    Answer answer = anonymous.call("GET", "/v0/namespaces", "{not json");
    assertEquals(401, answer.status(), "a GET route never parses a body, so only the key matters");
  }

  @Test
  void invalidUtf8BodyIsAPlain400() {
    var request = http.request("POST", NS + "/states/enqueue", null)
        .method("POST", java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xc3, '"'}));
    Answer answer = http.send(request);
    assertEquals(400, answer.status());
    assertEquals("{\"detail\":\"There was an error parsing the body\"}", answer.text());
  }

  @Test
  void missingBodyAndNullBodyAreOneMissingItem() {
    for (String body : new String[] {null, "null"}) {
      Answer answer = http.post(NS + "/graph/g/trigger", body);
      assertEquals(422, answer.status());
      assertEquals(json("{'detail':[{'type':'missing','loc':['body'],'msg':'Field required','input':null}]}"),
          answer.json());
    }
  }

  @Test
  void aBodyThatIsNotAnObjectCannotFillTheModel() {
    Answer answer = http.post(NS + "/states/enqueue", "[1]");
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':[{'type':'model_attributes_type','loc':['body'],"
        + "'msg':'Input should be a valid dictionary or object to extract fields from','input':[1]}]}"), answer.json());
  }

  @Test
  void aNonJsonContentTypeHandsTheRawTextToValidation() {
    Answer answer = http.send(http.request("POST", NS + "/state/x/errored", "{\"error\":\"e\"}")
        .header("content-type", "text/plain"));
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':[{'type':'model_attributes_type','loc':['body'],"
        + "'msg':'Input should be a valid dictionary or object to extract fields from','input':'{\\'error\\':\\'e\\'}'}]}"
        .replace("\\'", "\\\"")), answer.json());
  }

  @Test
  void enqueueReportsEveryFieldProblemInFieldOrder() {
    Answer answer = http.post(NS + "/states/enqueue", "{\"nodes\": [\"a\", 1, null], \"batch_size\": \"x\"}");
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':["
        + "{'type':'string_type','loc':['body','nodes',1],'msg':'Input should be a valid string','input':1},"
        + "{'type':'string_type','loc':['body','nodes',2],'msg':'Input should be a valid string','input':null},"
        + "{'type':'int_parsing','loc':['body','batch_size'],"
        + "'msg':'Input should be a valid integer, unable to parse string as an integer','input':'x'}]}"), answer.json());
  }

  @Test
  void missingFieldsCarryTheWholeModelAsInput() {
    Answer answer = http.post(NS + "/states/enqueue", "{\"extra\": 1}");
    assertEquals(json("{'detail':["
        + "{'type':'missing','loc':['body','nodes'],'msg':'Field required','input':{'extra':1}},"
        + "{'type':'missing','loc':['body','batch_size'],'msg':'Field required','input':{'extra':1}}]}"), answer.json());
  }

  @Test
  void triggerChecksStrMapsAndANonNegativeDelay() {
    Answer answer = http.post(NS + "/graph/g/trigger", "{\"inputs\": {\"a\": 1}, \"store\": [], \"start_delay\": -1}");
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':["
        + "{'type':'string_type','loc':['body','inputs','a'],'msg':'Input should be a valid string','input':1},"
        + "{'type':'dict_type','loc':['body','store'],'msg':'Input should be a valid dictionary','input':[]},"
        + "{'type':'greater_than_equal','loc':['body','start_delay'],"
        + "'msg':'Input should be greater than or equal to 0','input':-1,'ctx':{'ge':0}}]}"), answer.json());
  }

  @Test
  void reEnqueueWantsAPositiveWholeDelay() {
    Answer zero = http.post(STATE + "/re-enqueue-after", "{\"enqueue_after\": 0}");
    assertEquals(json("{'detail':[{'type':'greater_than','loc':['body','enqueue_after'],"
        + "'msg':'Input should be greater than 0','input':0,'ctx':{'gt':0}}]}"), zero.json());
    Answer fraction = http.post(STATE + "/re-enqueue-after", "{\"enqueue_after\": 1.5}");
    assertEquals(json("{'detail':[{'type':'int_from_float','loc':['body','enqueue_after'],"
        + "'msg':'Input should be a valid integer, got a number with a fractional part','input':1.5}]}"), fraction.json());
    Answer list = http.post(STATE + "/re-enqueue-after", "{\"enqueue_after\": [1]}");
    assertEquals(json("{'detail':[{'type':'int_type','loc':['body','enqueue_after'],"
        + "'msg':'Input should be a valid integer','input':[1]}]}"), list.json());
  }

  /** pydantic-core's lax int: str_as_int's cleaning and float_as_int's range (docs/state-manager.md §1.2: lax mode). */
  @Test
  void integerFieldsFollowPydanticsLaxRules() {
    // A valid start_delay reaches the controller, which does not know graph g: 404. Whitespace is trimmed as
    // Rust trims it (U+00A0 and U+2007 go, U+001F stays), as for the validator: both read through PydanticInt.
    for (String ok : new String[] {"\"1_000\"", "\" +5 \"", "\"007\"", "\"-0.00\"", "\"1_0.0\"", "1e3", "true",
        "\"\\u00a05\\u2007\""}) {
      Answer answer = http.post(NS + "/graph/g/trigger", "{\"start_delay\": " + ok + "}");
      assertEquals(404, answer.status(), ok + " -> " + answer.text());
    }
    for (String bad : new String[] {"\"2.\"", "\"0x10\"", "\"1__0\"", "\"_1\"", "\"+-1\"", "\"1e3\"", "\"\"",
        "\"\\u001f5\""}) {
      Answer answer = http.post(NS + "/graph/g/trigger", "{\"start_delay\": " + bad + "}");
      assertEquals(json("{'detail':[{'type':'int_parsing','loc':['body','start_delay'],"
          + "'msg':'Input should be a valid integer, unable to parse string as an integer','input':" + bad.replace('"', '\'')
          + "}]}"), answer.json(), bad);
    }
    String size = "Unable to parse input string as an integer, exceeded maximum size";
    assertEquals(json("{'detail':[{'type':'int_parsing_size','loc':['body','start_delay'],'msg':'" + size + "','input':1e19}]}"),
        http.post(NS + "/graph/g/trigger", "{\"start_delay\": 1e19}").json());
    String digits = "1".repeat(4301);
    assertEquals(json("{'detail':[{'type':'int_parsing_size','loc':['body','start_delay'],'msg':'" + size + "','input':'"
        + digits + "'}]}"), http.post(NS + "/graph/g/trigger", "{\"start_delay\": \"" + digits + "\"}").json());
    // As a JSON literal that many digits already fail Python's int(): json.loads raises a plain ValueError.
    Answer literal = http.post(NS + "/graph/g/trigger", "{\"start_delay\": " + digits + "}");
    assertEquals(400, literal.status());
    assertEquals("There was an error parsing the body", literal.detail());
    // Path parameters follow the same rules.
    assertEquals(10, http.get(NS + "/runs/1_0/1").json().get("page").intValue());
  }

  @Test
  void executedPruneErroredAndManualRetryBodies() {
    assertEquals(json("{'detail':[{'type':'dict_type','loc':['body','outputs',1],"
        + "'msg':'Input should be a valid dictionary','input':'x'}]}"),
        http.post(STATE + "/executed", "{\"outputs\": [{}, \"x\"]}").json());
    assertEquals(json("{'detail':[{'type':'list_type','loc':['body','outputs'],"
        + "'msg':'Input should be a valid list','input':{}}]}"),
        http.post(STATE + "/executed", "{\"outputs\": {}}").json());
    assertEquals(json("{'detail':[{'type':'dict_type','loc':['body','data'],"
        + "'msg':'Input should be a valid dictionary','input':null}]}"),
        http.post(STATE + "/prune", "{\"data\": null}").json());
    assertEquals(json("{'detail':[{'type':'string_type','loc':['body','error'],"
        + "'msg':'Input should be a valid string','input':true}]}"),
        http.post(STATE + "/errored", "{\"error\": true}").json());
    assertEquals(json("{'detail':[{'type':'missing','loc':['body','fanout_id'],'msg':'Field required','input':{}}]}"),
        http.post(STATE + "/manual-retry", "{}").json());
  }

  @Test
  void registrationValidatesEveryNode() {
    Answer answer = http.put(NS + "/nodes/",
        "{\"runtime_name\": \"r\", \"nodes\": [{\"name\": \"A\", \"inputs_schema\": {}, \"outputs_schema\": [],"
            + " \"secrets\": \"s\"}, 7]}");
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':["
        + "{'type':'dict_type','loc':['body','nodes',0,'outputs_schema'],'msg':'Input should be a valid dictionary','input':[]},"
        + "{'type':'list_type','loc':['body','nodes',0,'secrets'],'msg':'Input should be a valid list','input':'s'},"
        + "{'type':'model_attributes_type','loc':['body','nodes',1],"
        + "'msg':'Input should be a valid dictionary or object to extract fields from','input':7}]}"), answer.json());
  }

  @Test
  void runsPageAndSizeArePathIntegers() {
    Answer answer = http.get(NS + "/runs/one/1.5");
    assertEquals(422, answer.status());
    assertEquals(json("{'detail':["
        + "{'type':'int_parsing','loc':['path','page'],"
        + "'msg':'Input should be a valid integer, unable to parse string as an integer','input':'one'},"
        + "{'type':'int_parsing','loc':['path','size'],"
        + "'msg':'Input should be a valid integer, unable to parse string as an integer','input':'1.5'}]}"), answer.json());
  }

  @Test
  void unknownPathsAndWrongMethods() {
    Answer notFound = anonymous.get("/v0/namespace/ns/nothing");
    assertEquals(404, notFound.status());
    assertEquals("{\"detail\":\"Not Found\"}", notFound.text());
    Answer wrongMethod = anonymous.call("DELETE", "/v0/namespace/ns/graph/g", null);
    assertEquals(405, wrongMethod.status());
    assertEquals("{\"detail\":\"Method Not Allowed\"}", wrongMethod.text());
    assertEquals("PUT", wrongMethod.header("allow").orElseThrow());
  }

  @Test
  void aMismatchedTrailingSlashIsATemporaryRedirectBeforeAnyAuth(LocalStateManager server) {
    Answer toSlash = anonymous.get("/v0/namespace/ns/nodes?x=1");
    assertEquals(307, toSlash.status());
    assertEquals(server.uri() + "/v0/namespace/ns/nodes/?x=1", toSlash.header("location").orElseThrow());
    Answer fromSlash = anonymous.post("/v0/namespace/ns/graph/g/trigger/", "{}");
    assertEquals(307, fromSlash.status());
    assertEquals(server.uri() + "/v0/namespace/ns/graph/g/trigger", fromSlash.header("location").orElseThrow());
    assertEquals("", fromSlash.text());
  }

  @Test
  void pathSegmentsArePercentDecoded() {
    Answer answer = http.post("/v0/namespace/my%20ns/graph/g%2Fh/trigger", "{}");
    assertEquals(404, answer.status(), "an encoded slash is a slash once decoded, so no route matches");
    Answer encodedSpace = http.post("/v0/namespace/my%20ns/graph/g/trigger", "{\"start_delay\": -1}");
    assertEquals(422, encodedSpace.status(), "an encoded space stays inside its segment and the route matches");
  }

  @Test
  void requestIdIsReusedWhenItIsAUuidAndInventedOtherwise() {
    String mine = UUID.randomUUID().toString();
    Answer reused = anonymous.send(anonymous.request("GET", "/health", null).header("x-exosphere-request-id", mine));
    assertEquals(mine, reused.header("x-exosphere-request-id").orElseThrow());
    String braces = "{" + UUID.randomUUID().toString().replace("-", "").toUpperCase() + "}";
    Answer pythonForm = anonymous.send(anonymous.request("GET", "/health", null).header("x-exosphere-request-id", braces));
    assertEquals(braces, pythonForm.header("x-exosphere-request-id").orElseThrow());
    for (Answer fresh : new Answer[] {
        anonymous.send(anonymous.request("GET", "/health", null).header("x-exosphere-request-id", "not-a-uuid")),
        anonymous.get("/nothing"),
        anonymous.get("/v0/namespaces")}) {
      String id = fresh.header("x-exosphere-request-id").orElseThrow();
      assertEquals(4, UUID.fromString(id).version(), id);
      assertEquals(2, UUID.fromString(id).variant(), id);
    }
  }

  @Test
  void integersBeyondSixtyFourBitsAreTheGenericInternalError() {
    Answer answer = http.post(NS + "/state/x/re-enqueue-after", "{\"enqueue_after\": 99999999999999999999}");
    assertEquals(500, answer.status());
    assertEquals(json("{'success':false,'detail':'internal server error, please reach out to support team at "
        + "nivedit@exosphere.host'}"), answer.json());
    assertTrue(answer.header("x-exosphere-request-id").isPresent());
  }

  /** FastAPI's documentation routes are left on by the real server and need no key (docs/state-manager.md §1.1). */
  @Test
  void theDocumentationRoutesAreServedWithoutAKey() {
    Answer openapi = anonymous.get("/openapi.json");
    assertEquals(200, openapi.status());
    var doc = openapi.json();
    assertEquals("3.1.0", doc.get("openapi").textValue());
    assertEquals(json("{'title':'Exosphere State Manager','description':'Exosphere State Manager',"
        + "'contact':{'name':'Nivedit Jain (Founder exosphere.host)','email':'nivedit@exosphere.host'},"
        + "'license':{'name':'Elastic License 2.0 (ELv2)',"
        + "'url':'https://github.com/exospherehost/exosphere-api-server/blob/main/LICENSE'},'version':'0.0.2-beta'}"),
        doc.get("info"));
    // The route table of §1.2: path, method, tag; every route but /health carries the API-key scheme.
    String[][] routes = {
        {"/health", "get", null}, {"/v0/namespaces", "get", "namespaces"},
        {"/v0/namespace/{namespace_name}/nodes/", "put", "nodes"}, {"/v0/namespace/{namespace_name}/nodes/", "get", "nodes"},
        {"/v0/namespace/{namespace_name}/graph/{graph_name}", "put", "graph"},
        {"/v0/namespace/{namespace_name}/graph/{graph_name}", "get", "graph"},
        {"/v0/namespace/{namespace_name}/graphs/", "get", "graph"},
        {"/v0/namespace/{namespace_name}/graph/{graph_name}/trigger", "post", "graph"},
        {"/v0/namespace/{namespace_name}/states/enqueue", "post", "state"},
        {"/v0/namespace/{namespace_name}/state/{state_id}/secrets", "get", "state"},
        {"/v0/namespace/{namespace_name}/state/{state_id}/executed", "post", "state"},
        {"/v0/namespace/{namespace_name}/state/{state_id}/errored", "post", "state"},
        {"/v0/namespace/{namespace_name}/state/{state_id}/prune", "post", "state"},
        {"/v0/namespace/{namespace_name}/state/{state_id}/re-enqueue-after", "post", "state"},
        {"/v0/namespace/{namespace_name}/state/{state_id}/manual-retry", "post", "state"},
        {"/v0/namespace/{namespace_name}/runs/{page}/{size}", "get", "runs"},
        {"/v0/namespace/{namespace_name}/states/run/{run_id}/graph", "get", "runs"},
        {"/v0/namespace/{namespace_name}/graph/{graph_name}/run/{run_id}/node/{node_id}", "get", "runs"}};
    int operations = 0;
    for (var path : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) () -> doc.get("paths").fields()) {
      operations += path.getValue().size();
    }
    assertEquals(routes.length, operations, "no route beyond §1.2 (the embedded diagnostics are not FastAPI's)");
    for (String[] route : routes) {
      var op = doc.get("paths").get(route[0]).get(route[1]);
      assertEquals(route[2] == null, !op.has("tags"), route[0]);
      if (route[2] != null) {
        assertEquals(route[2], op.get("tags").get(0).textValue(), route[0]);
        assertEquals(json("[{'APIKeyHeader':[]}]"), op.get("security"), route[0]);
      }
    }
    // The document is a table of its own beside the router's: every operation it lists must be one the server
    // serves (a route the router lacks answers 404 "Not Found"; a method it lacks, 405).
    for (String[] route : routes) {
      String path = route[0].replace("{namespace_name}", "ns").replace("{page}", "1").replace("{size}", "1")
          .replaceAll("\\{[a-z_]+}", "x");
      Answer served = http.call(route[1].toUpperCase(java.util.Locale.ROOT), path, route[1].equals("get") ? null : "{}");
      assertNotEquals(405, served.status(), route[1] + " " + path);
      assertNotEquals(json("{'detail':'Not Found'}"), served.json(), route[1] + " " + path);
    }
    var enqueue = doc.get("paths").get("/v0/namespace/{namespace_name}/states/enqueue").get("post");
    assertEquals("Enqueue State", enqueue.get("summary").textValue());
    assertEquals("enqueue_state_v0_namespace__namespace_name__states_enqueue_post", enqueue.get("operationId").textValue());
    assertEquals(json("{'type':'apiKey','in':'header','name':'x-api-key'}"),
        doc.get("components").get("securitySchemes").get("APIKeyHeader"));
    var upsertResponses = doc.get("paths").get("/v0/namespace/{namespace_name}/graph/{graph_name}").get("put").get("responses");
    assertEquals("Graph template upserted successfully", upsertResponses.get("201").get("description").textValue());
    assertEquals("Validation Error", upsertResponses.get("422").get("description").textValue());
    for (String page : new String[] {"/docs", "/redoc", "/docs/oauth2-redirect"}) {
      Answer html = anonymous.get(page);
      assertEquals(200, html.status(), page);
      assertEquals("text/html; charset=utf-8", html.header("content-type").orElseThrow(), page);
    }
    assertTrue(anonymous.get("/docs").text().contains("url: '/openapi.json'"));
    assertTrue(anonymous.get("/redoc").text().contains("<redoc spec-url=\"/openapi.json\"></redoc>"));
    // Starlette's own routes answer HEAD; the trailing-slash redirect applies to them too.
    assertEquals(200, anonymous.call("HEAD", "/openapi.json", null).status());
    Answer slash = anonymous.get("/docs/");
    assertEquals(307, slash.status());
    assertTrue(slash.header("location").orElseThrow().endsWith("/docs"));
  }

  /** FastAPI's APIRoute does not add HEAD to GET routes (Starlette's Route would): 405, before the key. */
  @Test
  void headOnAnApiRouteIsMethodNotAllowed() {
    for (String path : new String[] {"/health", "/v0/namespaces", NS + "/runs/1/10"}) {
      Answer answer = anonymous.call("HEAD", path, null);
      assertEquals(405, answer.status(), path);
      assertEquals("GET", answer.header("allow").orElseThrow(), path);
      assertFalse(answer.text() != null && !answer.text().isEmpty(), "a HEAD answer has no body");
      assertNull(answer.json());
    }
    Answer options = anonymous.call("OPTIONS", "/v0/namespaces", null);
    assertEquals(405, options.status(), "OPTIONS without CORS preflight headers is routed like any method");
    assertEquals("{\"detail\":\"Method Not Allowed\"}", options.text());
    assertEquals("GET", options.header("allow").orElseThrow());
  }
}
