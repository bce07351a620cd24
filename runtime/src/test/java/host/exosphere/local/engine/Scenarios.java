package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static host.exosphere.local.engine.EngineFixture.out;
import static host.exosphere.local.engine.EngineFixture.unites;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Graphs several tests share. */
final class Scenarios {
  private Scenarios() {}

  /** Adds {@code store_config {required_keys: [cursor], default_values: {page: 100}}} and upserts. */
  static void withStore(EngineFixture f, String name, ObjectNode body) {
    ObjectNode store = body.putObject("store_config");
    store.putArray("required_keys").add("cursor");
    store.putObject("default_values").put("page", "100");
    f.upsertValid(name, body);
  }

  /**
   * r → [a, b]; a → afterA; b → [m]; m unites r with {@code strategy}; no retries. After construction r
   * has run with output {@code x = root-x} and a and b are claimed.
   */
  static final class Join {
    final EngineFixture f;
    final String run;
    final Map<String, String> claimed = new HashMap<>();

    Join(EngineFixture f, String strategy, List<String> afterA) {
      this.f = f;
      ObjectNode body = graph(node("r", "Root", List.of("a", "b"), "seed", "s"),
          node("a", "Work", afterA, "x", "${{ r.outputs.x }}"),
          node("b", "Work", List.of("m"), "x", "${{ r.outputs.x }}"),
          unites(node("m", "Join", List.of(), "x", "${{ r.outputs.x }}"), "r", strategy));
      EngineFixture.retry(body, 0, "EXPONENTIAL", 2000, 2, null);
      String name = "join-" + strategy.toLowerCase() + "-" + afterA.size();
      f.upsertValid(name, body);
      run = f.trigger(name);
      f.run("Root", out("x", "root-x"));
      List<EnqueuedStateBody> work = new ArrayList<>(f.claim("Work"));
      assertEquals(2, work.size());
      work.forEach(s -> claimed.put(s.identifier(), s.stateId()));
    }

    void succeed(String identifier) {
      f.executed(claimed.get(identifier), out("y", identifier));
    }

    void fail(String identifier) {
      f.engine.errored(EngineFixture.NS, claimed.get(identifier), new ErroredRequest("boom"));
      f.idle();
    }

    void prune(String identifier) {
      f.engine.prune(EngineFixture.NS, claimed.get(identifier), new PruneRequest(Map.of("why", "test")));
      f.idle();
    }
  }
}
