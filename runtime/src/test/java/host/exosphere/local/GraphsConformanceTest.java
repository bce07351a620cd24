package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static host.exosphere.local.Conformance.expectDetail;
import static host.exosphere.local.Conformance.node;
import static host.exosphere.local.Conformance.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.Conformance.Scenario;
import host.exosphere.local.RawHttp.Answer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/state-manager.md §6.4 items 2 and 3: node registration, graph upsert, its three validation layers. */
class GraphsConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  /** Naive local ISO-8601, no offset (docs/state-manager.md §1.1). */
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?");
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

  static final String CHAIN = "{'secrets':{},'nodes':["
      + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'initial'},'next_nodes':['b']},"
      + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'},'next_nodes':['c']},"
      + "{'node_name':'Leaf','namespace':'NS','identifier':'c','inputs':{'v':'${{ b.outputs.z }}/${{ a.outputs.y }}'},"
      + "'next_nodes':[]}]}";

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void registrationEchoesTheNodesAndIgnoresTheSdksExtraNamespaces(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "register");
    ObjectNode body = (ObjectNode) s.json("{'runtime_name':'rt','runtime_namespace':'elsewhere','nodes':[{'name':'A',"
        + "'namespace':'elsewhere','inputs_schema':{},'outputs_schema':{},'secrets':['api_key']}]}");
    ((ObjectNode) body.get("nodes").get(0)).set("inputs_schema", schema("Inputs", "message"));
    ((ObjectNode) body.get("nodes").get(0)).set("outputs_schema", schema("Outputs"));
    JsonNode echo = expect(200, s.http.put(s.base + "/nodes/", body));
    JsonNode expected = s.json("{'runtime_name':'rt','registered_nodes':[{'name':'A','inputs_schema':"
        + "{'properties':{'message':{'title':'Message','type':'string'}},'required':['message'],'title':'Inputs',"
        + "'type':'object'},'outputs_schema':{'properties':{},'title':'Outputs','type':'object'},'secrets':['api_key']}]}");
    assertEquals(expected, echo);

    JsonNode listed = expect(200, s.http.get(s.base + "/nodes/"));
    assertEquals(List.of("namespace", "count", "nodes"), fieldNames(listed));
    assertEquals(s.ns, listed.get("namespace").textValue());
    assertEquals(1, listed.get("count").intValue());
    JsonNode stored = listed.get("nodes").get(0);
    assertEquals(List.of("_id", "name", "namespace", "runtime_name", "runtime_namespace", "inputs_schema",
        "outputs_schema", "secrets", "created_at", "updated_at"), fieldNames(stored));
    assertTrue(OBJECT_ID.matcher(stored.get("_id").textValue()).matches(), stored.toString());
    assertEquals(s.ns, stored.get("namespace").textValue(), "the path namespace wins over the body's");
    assertEquals(s.ns, stored.get("runtime_namespace").textValue());
    assertEquals("rt", stored.get("runtime_name").textValue());
    assertEquals(expected.get("registered_nodes").get(0).get("inputs_schema"), stored.get("inputs_schema"));
    assertTrue(TIMESTAMP.matcher(stored.get("created_at").textValue()).matches(), stored.toString());
    assertTrue(TIMESTAMP.matcher(stored.get("updated_at").textValue()).matches(), stored.toString());
  }

  @Test
  void reRegistrationOverwritesTheNodeLastWriterWins(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "reregister");
    s.register(node("A", List.of("x"), List.of("y"), List.of("k")));
    JsonNode second = s.json("{'runtime_name':'other-runtime','nodes':[]}");
    ((com.fasterxml.jackson.databind.node.ArrayNode) second.get("nodes")).add(node("A", List.of("p", "q"), List.of(), List.of()));
    expect(200, s.http.put(s.base + "/nodes/", second));
    JsonNode listed = expect(200, s.http.get(s.base + "/nodes/"));
    assertEquals(1, listed.get("count").intValue());
    JsonNode stored = listed.get("nodes").get(0);
    assertEquals("other-runtime", stored.get("runtime_name").textValue());
    assertEquals(RawHttp.json("[]"), stored.get("secrets"));
    assertEquals(schema("Inputs", "p", "q"), stored.get("inputs_schema"));
  }

  @Test
  void namespacesAreThoseWithRegisteredNodesSorted(LocalStateManager server) {
    Scenario b = CONFORMANCE.scenario(server, "zz-listed");
    Scenario a = CONFORMANCE.scenario(server, "aa-listed");
    Scenario graphsOnly = CONFORMANCE.scenario(server, "graphs-only");
    b.registerStandardNodes();
    a.registerStandardNodes();
    expect(201, graphsOnly.upsert("g", graphsOnly.json(CHAIN)));
    JsonNode answer = expect(200, a.http.get("/v0/namespaces"));
    List<String> names = new ArrayList<>();
    answer.get("namespaces").forEach(n -> names.add(n.textValue()));
    assertEquals(names.size(), answer.get("count").intValue());
    assertTrue(names.indexOf(a.ns) >= 0 && names.indexOf(a.ns) < names.indexOf(b.ns), names.toString());
    assertTrue(!names.contains(graphsOnly.ns), "a namespace with only graphs is not listed: " + names);
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void upsertAnswers201PendingWithSecretNamesAndTheStoredShape(LocalStateManager server) throws Exception {
    Scenario s = CONFORMANCE.scenario(server, "upsert");
    s.registerStandardNodes();
    JsonNode body = s.json("{'secrets':{'api_key':'plain-value'},'nodes':["
        + "{'node_name':' Start ','namespace':'NS','identifier':' a ','inputs':{'x':'${{ store.cursor }}'},'next_nodes':[' b ']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'},'next_nodes':null},"
        + "{'node_name':'Leaf','namespace':'NS','identifier':'c','inputs':{'v':'${{ b.outputs.z }}'}}],"
        + "'retry_policy':{'max_retries':5,'strategy':'LINEAR','backoff_factor':100,'exponent':3,'max_delay':1000},"
        + "'store_config':{'required_keys':[' cursor '],'default_values':{'page':'1'}},"
        + "'triggers':[{'type':'CRON','value':{'expression':'*/5 * * * *'}}]}");
    // c is not connected, so fix the graph before sending: b -> c.
    ((ObjectNode) body.get("nodes").get(1)).putArray("next_nodes").add("c");
    CONFORMANCE.gate.hold();
    JsonNode created;
    try {
      created = expect(201, s.upsert("g", body));
      JsonNode whilePending = expect(200, s.http.get(s.base + "/graph/g"));
      assertEquals("PENDING", whilePending.get("validation_status").textValue());
    } finally {
      CONFORMANCE.gate.release();
    }
    assertEquals(List.of("nodes", "secrets", "retry_policy", "store_config", "triggers", "created_at", "updated_at",
        "validation_status", "validation_errors"), fieldNames(created));
    assertEquals(s.json("[{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'${{ store.cursor }}'},"
        + "'next_nodes':['b'],'unites':null},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'},'next_nodes':['c'],"
        + "'unites':null},"
        + "{'node_name':'Leaf','namespace':'NS','identifier':'c','inputs':{'v':'${{ b.outputs.z }}'},'next_nodes':null,"
        + "'unites':null}]"), created.get("nodes"), "trimmed as stored; next_nodes null when omitted");
    assertEquals(RawHttp.json("{'api_key':true}"), created.get("secrets"));
    assertEquals(RawHttp.json("{'max_retries':5,'strategy':'LINEAR','backoff_factor':100,'exponent':3,'max_delay':1000}"),
        created.get("retry_policy"));
    assertEquals(RawHttp.json("{'required_keys':['cursor'],'default_values':{'page':'1'}}"), created.get("store_config"));
    assertEquals(RawHttp.json("[{'type':'CRON','value':{'expression':'*/5 * * * *'}}]"), created.get("triggers"));
    assertEquals("PENDING", created.get("validation_status").textValue());
    assertEquals(RawHttp.json("[]"), created.get("validation_errors"));
    assertTrue(TIMESTAMP.matcher(created.get("created_at").textValue()).matches(), created.toString());

    s.idle();
    JsonNode got = expect(200, s.http.get(s.base + "/graph/g"));
    assertEquals("VALID", got.get("validation_status").textValue(), got.toString());
    // QUIRK (§1.2.6): GET never shows the stored retry policy, store config or triggers.
    assertEquals(RawHttp.json("{'max_retries':3,'strategy':'EXPONENTIAL','backoff_factor':2000,'exponent':2,'max_delay':null}"),
        got.get("retry_policy"));
    assertEquals(RawHttp.json("{'required_keys':[],'default_values':{}}"), got.get("store_config"));
    assertEquals(RawHttp.json("[]"), got.get("triggers"));
    assertEquals(RawHttp.json("{'api_key':true}"), got.get("secrets"));

    // The list is the one place with the real policy, config and triggers, and ciphertext secrets (§1.2.7).
    JsonNode list = expect(200, s.http.get(s.base + "/graphs/"));
    assertEquals(1, list.get("count").intValue());
    JsonNode doc = list.get("templates").get(0);
    assertEquals(List.of("_id", "name", "namespace", "nodes", "validation_status", "validation_errors", "secrets",
        "triggers", "retry_policy", "store_config", "created_at", "updated_at"), fieldNames(doc));
    assertEquals("g", doc.get("name").textValue());
    assertEquals(created.get("retry_policy"), doc.get("retry_policy"));
    assertEquals(created.get("store_config"), doc.get("store_config"));
    assertEquals(created.get("triggers"), doc.get("triggers"));
    assertTrue(!doc.get("secrets").get("api_key").textValue().contains("plain-value"));
  }

  @Test
  void nextNodesSentAsNullIsEchoedAsAnEmptyList(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "null-next");
    JsonNode created = expect(201, s.upsert("g", s.json("{'secrets':{},'nodes':[{'node_name':'Leaf','namespace':'NS',"
        + "'identifier':'only','inputs':{'v':'x'},'next_nodes':null}]}")));
    assertEquals(RawHttp.json("[]"), created.get("nodes").get(0).get("next_nodes"));
  }

  @Test
  void requestModelErrorsAre422WithPydanticItems(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "upsert-422");
    Answer missing = s.upsert("g", s.json("{'nodes':[]}"));
    assertEquals(422, missing.status());
    assertEquals(RawHttp.json("{'detail':[{'type':'missing','loc':['body','secrets'],'msg':'Field required',"
        + "'input':{'nodes':[]}}]}"), missing.json());

    Answer reserved = s.upsert("g", s.json("{'secrets':{},'nodes':[{'node_name':'Leaf','namespace':'NS',"
        + "'identifier':'store','inputs':{}}]}"));
    assertEquals(422, reserved.status());
    assertEquals(RawHttp.json("{'detail':[{'type':'value_error','loc':['body','nodes',0,'identifier'],"
        + "'msg':'Value error, Node identifier cannot be reserved word \\u0027store\\u0027','input':'store','ctx':{'error':{}}}]}"),
        reserved.json());

    Answer missingBody = s.http.put(s.base + "/graph/g", (String) null);
    assertEquals(RawHttp.json("{'detail':[{'type':'missing','loc':['body'],'msg':'Field required','input':null}]}"),
        missingBody.json());

    Answer notAnObject = s.http.put(s.base + "/graph/g", "[1]");
    assertEquals(RawHttp.json("{'detail':[{'type':'model_attributes_type','loc':['body'],"
        + "'msg':'Input should be a valid dictionary or object to extract fields from','input':[1]}]}"), notAnObject.json());
    Answer nodeNotAnObject = s.upsert("g", s.json("{'secrets':{},'nodes':['a']}"));
    assertEquals(RawHttp.json("{'detail':[{'type':'model_attributes_type','loc':['body','nodes',0],"
        + "'msg':'Input should be a valid dictionary or object to extract fields from','input':'a'}]}"),
        nodeNotAnObject.json());
  }

  /**
   * Answers recorded from the real state manager: each item keeps pydantic's own error type (an
   * unparsable string is int_parsing, not int_type), a secret named "5" stays a string key in loc, and
   * the problems of one field share one item whose message joins them.
   */
  @Test
  void requestModelItemsKeepTheirTypesAndKeys(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "upsert-422-items");
    Answer ints = s.upsert("g", s.json("{'secrets':{},'nodes':[],'retry_policy':{'max_retries':'abc',"
        + "'backoff_factor':1.5,'exponent':'1e400'}}"));
    assertEquals(RawHttp.json("{'detail':[{'type':'int_parsing','loc':['body','retry_policy','max_retries'],"
        + "'msg':'Input should be a valid integer, unable to parse string as an integer','input':'abc'},"
        + "{'type':'int_from_float','loc':['body','retry_policy','backoff_factor'],"
        + "'msg':'Input should be a valid integer, got a number with a fractional part','input':1.5},"
        + "{'type':'int_parsing','loc':['body','retry_policy','exponent'],"
        + "'msg':'Input should be a valid integer, unable to parse string as an integer','input':'1e400'}]}"),
        ints.json());

    Answer joined = s.upsert("g", s.json("{'secrets':{'5':1},'nodes':[{'node_name':'a','namespace':'n',"
        + "'identifier':'a','inputs':{},'next_nodes':[' ','b','b']}],'store_config':{'required_keys':['a.b','']}}"));
    assertEquals(RawHttp.json("{'detail':[{'type':'string_type','loc':['body','secrets','5'],"
        + "'msg':'Input should be a valid string','input':1},"
        + "{'type':'value_error','loc':['body','nodes',0,'next_nodes'],'msg':'Value error, Next node identifier"
        + " cannot be empty\\nNext node identifier b is not unique','input':[' ','b','b'],'ctx':{'error':{}}},"
        + "{'type':'value_error','loc':['body','store_config','required_keys'],'msg':'Value error, Key \\u0027a.b\\u0027"
        + " cannot contain \\u0027.\\u0027 character\\nKey cannot be empty or contain only whitespace',"
        + "'input':['a.b',''],'ctx':{'error':{}}}]}"), joined.json());
  }

  @Test
  void templateErrorsAre400AndARejectedUpdateKeepsTheStoredGraph(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "upsert-400");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(CHAIN));

    Answer twoRoots = s.upsert("g", s.json("{'secrets':{},'nodes':["
        + "{'node_name':'Leaf','namespace':'NS','identifier':'a','inputs':{'v':'1'}},"
        + "{'node_name':'Leaf','namespace':'NS','identifier':'b','inputs':{'v':'2'}}]}"));
    assertEquals(400, twoRoots.status());
    String detail = twoRoots.detail();
    assertTrue(detail.startsWith("Error validating graph template: 1 validation error for GraphTemplate\n"), detail);
    assertTrue(detail.contains("\n  Value error, There should be exactly one root node in the graph but found 2 nodes "
        + "with zero in-degree: [NodeTemplate(node_name='Leaf', namespace='" + s.ns + "', identifier='a'"), detail);

    Answer unknownNext = s.upsert("g", s.json("{'secrets':{},'nodes':["
        + "{'node_name':'Leaf','namespace':'NS','identifier':'a','inputs':{'v':'1'},'next_nodes':['zz']}]}"));
    assertEquals(400, unknownNext.status());
    assertTrue(unknownNext.detail().contains("Value error, Node identifier zz does not exist in the graph"),
        unknownNext.detail());

    JsonNode still = expect(200, s.http.get(s.base + "/graph/g"));
    assertEquals("VALID", still.get("validation_status").textValue(), "nothing was written by the rejected PUTs");
    assertEquals(3, still.get("nodes").size());
    s.trigger("g");
  }

  @Test
  void backgroundVerificationReportsEveryProblemAndAReUpsertCanFixIt(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "verify");
    s.register(node("Start", List.of("x"), List.of("y"), List.of("api_key")),
        node("Step", List.of("y"), List.of("z"), List.of()));
    JsonNode broken = s.upsertAndVerify("g", s.json("{'secrets':{},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{},'next_nodes':['b']},"
        + "{'node_name':'Ghost','namespace':'NS','identifier':'b','inputs':{}}]}"), "INVALID");
    List<String> errors = new ArrayList<>();
    broken.get("validation_errors").forEach(e -> errors.add(e.textValue()));
    assertEquals(List.of(
        "Node Ghost in namespace " + s.ns + " does not exist.",
        "Secret api_key is required but not present in the graph template",
        "Input x in node Start in namespace " + s.ns + " is not present in the graph template",
        "Node Ghost in namespace " + s.ns + " does not exist"), errors);
    expectDetail(400, "Graph template is not valid", s.http.post(s.base + "/graph/g/trigger", RawHttp.object()));

    s.upsertValid("g", s.json("{'secrets':{'api_key':'k'},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'1'},'next_nodes':['b']},"
        + "{'node_name':'Step','namespace':'NS','identifier':'b','inputs':{'y':'${{ a.outputs.y }}'}}]}"));
    JsonNode fixed = expect(200, s.http.get(s.base + "/graph/g"));
    assertEquals(RawHttp.json("[]"), fixed.get("validation_errors"));
  }

  @Test
  void unknownGraphIs404WithTheControllersText(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "missing-graph");
    expectDetail(404, "Graph template nope not found in namespace " + s.ns, s.http.get(s.base + "/graph/nope"));
    JsonNode empty = expect(200, s.http.get(s.base + "/graphs/"));
    assertEquals(s.json("{'namespace':'NS','count':0,'templates':[]}"), empty);
  }
}
