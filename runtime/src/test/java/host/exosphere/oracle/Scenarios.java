package host.exosphere.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scenarios both servers play: each drives one graph through the API by hand (the test plays the
 * runtime), so every answer and every state is deterministic enough to compare. A scenario asserts only
 * what the state manager's documented behaviour fixes; everything else is left to the comparison.
 */
final class Scenarios {
  private Scenarios() {}

  /** A named scenario. */
  record Scenario(String name, Consumer<ScenarioClient> body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String RETRY_NONE = "'retry_policy':{'max_retries':0,'strategy':'FIXED','backoff_factor':1,'exponent':2}";

  static List<Scenario> all() {
    return List.of(
        new Scenario("chain", Scenarios::chain),
        new Scenario("fan-out-all-success", c -> fanOut(c, "ALL_SUCCESS")),
        new Scenario("fan-out-all-done", c -> fanOut(c, "ALL_DONE")),
        new Scenario("unites-all-success-blocked-by-error", Scenarios::unitesBlocked),
        new Scenario("unites-all-done-after-error", Scenarios::unitesAllDoneAfterError),
        new Scenario("retry-strategies", Scenarios::retryStrategies),
        new Scenario("retry-exhausted", Scenarios::retryExhausted),
        new Scenario("prune", Scenarios::prune),
        new Scenario("re-enqueue-after", Scenarios::reEnqueue),
        new Scenario("manual-retry", Scenarios::manualRetry),
        new Scenario("manual-retry-then-automatic-retry", Scenarios::manualThenAutomatic),
        new Scenario("manual-retry-of-a-join-then-automatic-retry", Scenarios::manualRetryOfJoin),
        new Scenario("manual-retry-reusing-the-state-id", Scenarios::manualRetryWithStateId),
        new Scenario("list-output-rendered-into-text", Scenarios::listOutputInText),
        new Scenario("fan-out-with-an-unstorable-output", Scenarios::unstorableFanOut),
        new Scenario("node-in-another-namespace", Scenarios::crossNamespace),
        new Scenario("store", Scenarios::store),
        new Scenario("secrets", Scenarios::secrets),
        new Scenario("cron", Scenarios::cron),
        new Scenario("invalid-graphs", Scenarios::invalidGraphs),
        new Scenario("error-statuses", Scenarios::errorStatuses));
  }

  static String node(String id, String name, String inputs, String next) {
    return "{'node_name':'" + name + "','namespace':'NS','identifier':'" + id + "','inputs':" + inputs
        + ",'next_nodes':" + next + "}";
  }

  static String unite(String id, String name, String inputs, String target, String strategy) {
    return "{'node_name':'" + name + "','namespace':'NS','identifier':'" + id + "','inputs':" + inputs
        + ",'next_nodes':[],'unites':{'identifier':'" + target + "','strategy':'" + strategy + "'}}";
  }

  static String graph(String extra, String... nodes) {
    return "{'secrets':{},'nodes':[" + String.join(",", nodes) + "]" + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  /** a → b → c, each reading the previous output. */
  static void chain(ScenarioClient c) {
    c.register("A: x -> y", "B: y -> z", "C: z -> ");
    c.upsert("g", graph(RETRY_NONE,
        node("a", "A", "{'x':'initial'}", "['b']"),
        node("b", "B", "{'y':'${{ a.outputs.y }}'}", "['c']"),
        node("c", "C", "{'z':'from ${{ b.outputs.z }} and ${{ a.outputs.y }}'}", "[]")), "VALID");
    String run = c.trigger("g", "{'inputs':{'x':'given'}}");
    c.executed(c.claimOne("A"), "{'y':'one'}");
    c.executed(c.claimOne("B"), "{'z':'two'}");
    c.executed(c.claimOne("C"));
    c.history("g", run);
  }

  /** Registers and uploads load → split (a fan-out) → work → merge, which unites load. */
  static void fanOutGraph(ScenarioClient c, String strategy) {
    c.register("Load: x -> y", "Split: y -> part", "Work: part -> done", "Merge: y -> ");
    c.upsert("g", graph(RETRY_NONE,
        node("load", "Load", "{'x':'initial'}", "['split']"),
        node("split", "Split", "{'y':'${{ load.outputs.y }}'}", "['work']"),
        node("work", "Work", "{'part':'${{ split.outputs.part }}'}", "['merge']"),
        unite("merge", "Merge", "{'y':'${{ load.outputs.y }}'}", "load", strategy)), "VALID");
  }

  /** load → split (fan-out of 3) → work → merge, which unites load. */
  static void fanOut(ScenarioClient c, String strategy) {
    fanOutGraph(c, strategy);
    String run = c.trigger("g", "{}");
    c.executed(c.claimOne("Load"), "{'y':'rows'}");
    c.executed(c.claimOne("Split"), "{'part':'p1'}", "{'part':'p2'}", "{'part':'p3'}");
    for (JsonNode work : c.claim(3, "Work")) {
      c.executed(work, "{'done':'yes'}");
    }
    c.executed(c.claimOne("Merge"));
    c.history("g", run);
  }

  /** An ALL_SUCCESS join whose branch errored for good: the join never comes. */
  static void unitesBlocked(ScenarioClient c) {
    fanOutGraph(c, "ALL_SUCCESS");
    String run = c.trigger("g", "{}");
    c.executed(c.claimOne("Load"), "{'y':'rows'}");
    c.executed(c.claimOne("Split"), "{'part':'p1'}", "{'part':'p2'}");
    List<JsonNode> works = c.claim(2, "Work");
    c.errored(works.get(0), "disk full");
    c.executed(works.get(1), "{'done':'yes'}");
    c.history("g", run);
    c.claim(0, "Merge");
  }

  /** The same with ALL_DONE: the join fires once every branch has finished, errors included. */
  static void unitesAllDoneAfterError(ScenarioClient c) {
    fanOutGraph(c, "ALL_DONE");
    String run = c.trigger("g", "{}");
    c.executed(c.claimOne("Load"), "{'y':'rows'}");
    c.executed(c.claimOne("Split"), "{'part':'p1'}", "{'part':'p2'}");
    List<JsonNode> works = c.claim(2, "Work");
    // Only a successful predecessor checks the join, so the error comes first (an error last would leave
    // the join unfired on both servers).
    c.errored(works.get(0), "disk full");
    c.executed(works.get(1), "{'done':'yes'}");
    c.executed(c.claimOne("Merge"));
    c.history("g", run);
  }

  /** Every retry strategy: one failure, a retry created after a small delay, then success. */
  static void retryStrategies(ScenarioClient c) {
    c.register("Flaky: x -> y");
    for (String strategy : List.of("EXPONENTIAL", "EXPONENTIAL_FULL_JITTER", "EXPONENTIAL_EQUAL_JITTER", "LINEAR",
        "LINEAR_FULL_JITTER", "LINEAR_EQUAL_JITTER", "FIXED", "FIXED_FULL_JITTER", "FIXED_EQUAL_JITTER")) {
      String graph = "g-" + strategy.toLowerCase().replace('_', '-');
      c.upsert(graph, graph("'retry_policy':{'max_retries':2,'strategy':'" + strategy
          + "','backoff_factor':5,'exponent':3,'max_delay':50}",
          node("f", "Flaky", "{'x':'initial'}", "[]")), "VALID");
      String run = c.trigger(graph, "{}");
      c.errored(c.claimOne("Flaky"), "first attempt failed");
      c.errored(c.claimOne("Flaky"), "second attempt failed");
      c.executed(c.claimOne("Flaky"), "{'y':'third time'}");
      c.history(graph, run);
    }
  }

  /** Retries run out: the last failure stays ERRORED and the run is FAILED. */
  static void retryExhausted(ScenarioClient c) {
    c.register("Broken: x -> y", "After: y -> ");
    c.upsert("g", graph("'retry_policy':{'max_retries':1,'strategy':'FIXED','backoff_factor':1,'exponent':2}",
        node("b", "Broken", "{'x':'initial'}", "['a']"),
        node("a", "After", "{'y':'${{ b.outputs.y }}'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    assertEquals(true, c.errored(c.claimOne("Broken"), "boom").body().get("retry_created").booleanValue());
    assertEquals(false, c.errored(c.claimOne("Broken"), "boom again").body().get("retry_created").booleanValue());
    c.history("g", run);
  }

  /** A pruned branch stops; the other branch goes on. */
  static void prune(ScenarioClient c) {
    c.register("Start: x -> y", "Gate: y -> z", "Keep: y -> ", "After: z -> ");
    c.upsert("g", graph(RETRY_NONE,
        node("s", "Start", "{'x':'initial'}", "['gate','keep']"),
        node("gate", "Gate", "{'y':'${{ s.outputs.y }}'}", "['after']"),
        node("keep", "Keep", "{'y':'${{ s.outputs.y }}'}", "[]"),
        node("after", "After", "{'z':'${{ gate.outputs.z }}'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    c.executed(c.claimOne("Start"), "{'y':'v'}");
    c.prune(c.claimOne("Gate"), "{'reason':'not today','count':3}");
    c.executed(c.claimOne("Keep"));
    c.history("g", run);
    c.claim(0, "After");
  }

  /** A state put back with a delay is delivered again under the same id. */
  static void reEnqueue(ScenarioClient c) {
    c.register("Poll: x -> y");
    c.upsert("g", graph(RETRY_NONE, node("p", "Poll", "{'x':'initial'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    JsonNode first = c.claimOne("Poll");
    c.reEnqueueAfter(first, 30);
    JsonNode again = c.claimOne("Poll");
    assertEquals(first.get("state_id"), again.get("state_id"));
    c.executed(again, "{'y':'ready'}");
    c.history("g", run);
  }

  /** A failed state retried by hand, a duplicate retry refused with 409. */
  static void manualRetry(ScenarioClient c) {
    c.register("Once: x -> y", "Next: y -> ");
    c.upsert("g", graph(RETRY_NONE,
        node("o", "Once", "{'x':'initial'}", "['n']"),
        node("n", "Next", "{'y':'${{ o.outputs.y }}'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    JsonNode failed = c.claimOne("Once");
    c.errored(failed, "needs a human");
    c.manualRetry(failed, "manual-1", 200);
    c.manualRetry(failed, "manual-1", 409);
    c.executed(c.claimOne("Once"), "{'y':'fixed'}");
    c.executed(c.claimOne("Next"));
    c.history("g", run);
  }

  /** A manual retry that fails again: the automatic retry's fanout id is the server's own choice. */
  static void manualThenAutomatic(ScenarioClient c) {
    c.register("Once: x -> y", "Next: y -> ");
    c.upsert("g", graph("'retry_policy':{'max_retries':1,'strategy':'FIXED','backoff_factor':1,'exponent':2}",
        node("o", "Once", "{'x':'initial'}", "['n']"),
        node("n", "Next", "{'y':'${{ o.outputs.y }}'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    JsonNode failed = c.claimOne("Once");
    c.errored(failed, "first");
    c.errored(c.claimOne("Once"), "second");
    c.manualRetry(failed, "manual-1", 200);
    c.errored(c.claimOne("Once"), "third");
    c.executed(c.claimOne("Once"), "{'y':'fourth time lucky'}");
    c.executed(c.claimOne("Next"));
    c.history("g", run);
  }

  /**
   * A join retried by hand that fails again: its automatic retry must not collide with the manual one
   * (the real server gives the automatic retry an empty fanout id).
   */
  static void manualRetryOfJoin(ScenarioClient c) {
    c.register("Load: x -> y", "Split: y -> part", "Merge: y -> ");
    c.upsert("g", graph("'retry_policy':{'max_retries':1,'strategy':'FIXED','backoff_factor':1,'exponent':2}",
        node("load", "Load", "{'x':'initial'}", "['split']"),
        node("split", "Split", "{'y':'${{ load.outputs.y }}'}", "['merge']"),
        unite("merge", "Merge", "{'y':'${{ load.outputs.y }}'}", "load", "ALL_SUCCESS")), "VALID");
    String run = c.trigger("g", "{}");
    c.executed(c.claimOne("Load"), "{'y':'rows'}");
    c.executed(c.claimOne("Split"), "{'part':'p1'}");
    JsonNode merge = c.claimOne("Merge");
    c.errored(merge, "first");
    c.errored(c.claimOne("Merge"), "second");
    c.manualRetry(merge, "manual-1", 200);
    c.errored(c.claimOne("Merge"), "third");
    c.history("g", run);
    c.claim(0, "Merge");
  }

  /** A manual retry whose fanout id is the state's own id. */
  static void manualRetryWithStateId(ScenarioClient c) {
    c.register("Once: x -> y");
    c.upsert("g", graph(RETRY_NONE, node("o", "Once", "{'x':'initial'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    JsonNode failed = c.claimOne("Once");
    c.errored(failed, "again");
    c.call("manual-retry o", "POST", c.stateUrl(failed) + "/manual-retry",
        c.json("{'fanout_id':'" + failed.get("state_id").textValue() + "'}"));
    c.history("g", run);
  }

  /** A list output placed inside a text input fails the child's creation with Python's own message. */
  static void listOutputInText(ScenarioClient c) {
    reportRawOutputs(c, "items: ${{ a.outputs.y }}", "[{'y':['p','q']}]");
  }

  /** A fan-out whose second output cannot be stored (a field name with a NUL character). */
  static void unstorableFanOut(ScenarioClient c) {
    reportRawOutputs(c, "${{ a.outputs.y }}", "[{'y':'one'},{'y':'two','b\\u0000d':'x'}]");
  }

  /**
   * a → b, where b's input is {@code childInput}; a reports {@code outputs} (a JSON list the typed
   * helpers would refuse), then the run is recorded.
   */
  private static void reportRawOutputs(ScenarioClient c, String childInput, String outputs) {
    c.register("A: x -> y", "B: y -> ");
    c.upsert("g", graph(RETRY_NONE,
        node("a", "A", "{'x':'initial'}", "['b']"),
        node("b", "B", "{'y':'" + childInput + "'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    JsonNode a = c.claimOne("A");
    c.call("executed a", "POST", c.stateUrl(a) + "/executed", c.json("{'outputs':" + outputs + "}"));
    c.history("g", run);
  }

  /** A graph whose second node lives in another namespace: its state is listed there, with no edge. */
  static void crossNamespace(ScenarioClient c) {
    String other = c.ns + "-other";
    c.register("A: x -> y");
    c.registerIn(other, "B: y -> ");
    c.upsert("g", graph(RETRY_NONE,
        node("a", "A", "{'x':'initial'}", "['b']"),
        node("b", "B", "{'y':'${{ a.outputs.y }}'}", "[]").replace("'namespace':'NS'", "'namespace':'NS-other'")),
        "VALID");
    String run = c.trigger("g", "{}");
    c.executed(c.claimOne("A"), "{'y':'v'}");
    JsonNode b = c.claimIn(other, 1, "B").get(0);
    c.call("executed b", "POST", "/v0/namespace/" + other + "/state/" + b.get("state_id").textValue() + "/executed",
        c.json("{'outputs':[{}]}"));
    c.history("g", run);
    ScenarioClient.Answer elsewhere = c.send("GET", "/v0/namespace/" + other + "/states/run/" + run + "/graph", null);
    c.record("structure in the other namespace", elsewhere.status(), elsewhere.body());
  }

  /** Required keys, defaults, a key read downstream, and a trigger missing a required key. */
  static void store(ScenarioClient c) {
    c.register("Fetch: url, page -> rows", "Write: rows, target -> ");
    c.upsert("g", graph(RETRY_NONE + ",'store_config':{'required_keys':['bucket'],'default_values':{'page':'1','target':'db'}}",
        node("f", "Fetch", "{'url':'s3://${{ store.bucket }}/in','page':'${{ store.page }}'}", "['w']"),
        node("w", "Write", "{'rows':'${{ f.outputs.rows }}','target':'${{ store.target }}'}", "[]")), "VALID");
    c.call("trigger without the required key", "POST", c.base + "/graph/g/trigger", c.json("{'store':{'page':'2'}}"));
    String run = c.trigger("g", "{'store':{'bucket':'orders','page':'7','extra':'kept'}}");
    c.executed(c.claimOne("Fetch"), "{'rows':'42'}");
    c.executed(c.claimOne("Write"));
    c.history("g", run);
  }

  /** Secrets: what the graph answers show, what a state is given. */
  static void secrets(ScenarioClient c) {
    c.register("Use: x -> | api_key");
    c.upsert("g", "{'secrets':{'api_key':'s3cr\u00e9t'},'nodes':[" + node("u", "Use", "{'x':'initial'}", "[]") + "],"
        + RETRY_NONE + "}", "VALID");
    String run = c.trigger("g", "{}");
    JsonNode state = c.claimOne("Use");
    c.call("secrets", "GET", c.stateUrl(state) + "/secrets", null);
    c.executed(state);
    c.history("g", run);
  }

  /** A graph with cron triggers: how the upload and the graph answers show them. */
  static void cron(ScenarioClient c) {
    c.register("Tick: x -> ");
    c.upsert("g", graph(RETRY_NONE + ",'triggers':[{'type':'CRON','value':{'expression':'0 9 * * 1-5'}},"
        + "{'type':'CRON','value':{'expression':'*/5 * * * *'}}]",
        node("t", "Tick", "{'x':'initial'}", "[]")), "VALID");
    c.call("bad cron", "PUT", c.base + "/graph/bad", c.json(graph("'triggers':[{'type':'CRON','value':{'expression':'61 9 * * *'}}]",
        node("t", "Tick", "{'x':'initial'}", "[]"))));
  }

  /** Uploads each layer of validation refuses, and one that verification marks INVALID. */
  static void invalidGraphs(ScenarioClient c) {
    c.register("A: x -> y", "B: y -> ");
    c.call("422 empty identifier", "PUT", c.base + "/graph/bad", c.json(graph("", node("", "A", "{'x':'v'}", "[]"))));
    c.call("422 items of several types", "PUT", c.base + "/graph/bad", c.json("{'secrets':{'5':1},'nodes':[{"
        + "'node_name':'A','namespace':'n','identifier':'a','inputs':{},'next_nodes':[' ','b','b']}],"
        + "'retry_policy':{'max_retries':'abc','backoff_factor':1.5,'strategy':'SOMETIMES'},"
        + "'store_config':{'required_keys':['a.b','']},'triggers':[{'type':'CRON','value':{'expression':'bad'}}]}"));
    c.call("400 two roots", "PUT", c.base + "/graph/bad", c.json(graph("",
        node("a", "A", "{'x':'v'}", "[]"), node("b", "B", "{'y':'v'}", "[]"))));
    c.call("400 unknown next", "PUT", c.base + "/graph/bad", c.json(graph("", node("a", "A", "{'x':'v'}", "['zz']"))));
    c.upsert("unknown-node", graph("", node("a", "Ghost", "{'x':'v'}", "[]")), "INVALID");
    c.upsert("missing-field", graph("",
        node("a", "A", "{'x':'v'}", "['b']"), node("b", "B", "{'y':'${{ a.outputs.dta }}'}", "[]")), "INVALID");
    c.call("trigger an invalid graph", "POST", c.base + "/graph/missing-field/trigger", c.json("{}"));
  }

  /** The statuses a runtime or a dashboard meets when it gets something wrong. */
  static void errorStatuses(ScenarioClient c) {
    c.register("A: x -> y");
    c.upsert("g", graph(RETRY_NONE, node("a", "A", "{'x':'initial'}", "[]")), "VALID");
    String run = c.trigger("g", "{}");
    c.call("trigger an unknown graph", "POST", c.base + "/graph/nope/trigger", c.json("{}"));
    c.call("get an unknown graph", "GET", c.base + "/graph/nope", null);
    c.call("trigger with a negative delay", "POST", c.base + "/graph/g/trigger", c.json("{'start_delay':-1}"));
    c.call("enqueue without batch size", "POST", c.base + "/states/enqueue", c.json("{'nodes':['A']}"));
    String unknownState = "/state/0123456789abcdef01234567";
    c.call("executed on an unknown state", "POST", c.base + unknownState + "/executed", c.json("{'outputs':[]}"));
    c.call("errored on an unknown state", "POST", c.base + unknownState + "/errored", c.json("{'error':'x'}"));
    c.call("prune an unknown state", "POST", c.base + unknownState + "/prune", c.json("{'data':{}}"));
    c.call("re-enqueue with zero delay", "POST", c.base + unknownState + "/re-enqueue-after", c.json("{'enqueue_after':0}"));
    c.call("manual retry of an unknown state", "POST", c.base + unknownState + "/manual-retry", c.json("{'fanout_id':'f'}"));
    c.call("details with a bad id", "GET", c.base + "/graph/g/run/" + run + "/node/not-an-id", null);
    c.call("details of an unknown state", "GET", c.base + "/graph/g/run/" + run + "/node/0123456789abcdef01234567", null);
    JsonNode state = c.claimOne("A");
    c.executed(state, "{'y':'done'}");
    c.call("executed twice", "POST", c.stateUrl(state) + "/executed", c.json("{'outputs':[{'y':'again'}]}"));
    c.call("errored after executed", "POST", c.stateUrl(state) + "/errored", c.json("{'error':'late'}"));
    c.call("prune after executed", "POST", c.stateUrl(state) + "/prune", c.json("{'data':{}}"));
    ScenarioClient.Answer noKey = c.sendAs("GET", c.base + "/graph/g", null);
    c.record("no key", noKey.status(), noKey.body());
    ScenarioClient.Answer wrongKey = c.sendAs("GET", c.base + "/graph/g", "wrong-key");
    c.record("wrong key", wrongKey.status(), wrongKey.body());
    c.history("g", run);
  }
}
