package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent runtimes: every state is claimed exactly once (the atomic claim of §1.2.9), all runs finish. */
class ConcurrencyTest {

  @Test
  void concurrentWorkersClaimEachStateOnceAndEveryRunSucceeds() throws Exception {
    try (EngineFixture f = new EngineFixture()) {
      f.register("Root", List.of("seed"), List.of("x"));
      f.register("Work", List.of("x"), List.of());
      f.upsertValid("g", graph(node("r", "Root", List.of("a"), "seed", "s"),
          node("a", "Work", List.of(), "x", "${{ r.outputs.x }}")));
      int runs = 400;
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<String>>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          workers.add(pool.submit(() -> {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < runs / 4; i++) {
              f.trigger("g");
            }
            int idleRounds = 0;
            while (idleRounds < 200) {
              List<EnqueuedStateBody> claimed =
                  f.engine.enqueue(NS, new EnqueueRequest(List.of("Root", "Work"), 7)).states();
              if (claimed.isEmpty()) {
                idleRounds++;
                Thread.onSpinWait();
                continue;
              }
              idleRounds = 0;
              for (EnqueuedStateBody s : claimed) {
                seen.add(s.stateId());
                List<java.util.Map<String, Object>> outputs =
                    s.nodeName().equals("Root") ? List.of(EngineFixture.out("x", "1")) : List.of();
                f.engine.executed(NS, s.stateId(), new ExecutedRequest(outputs));
              }
            }
            return seen;
          }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> w : workers) {
          all.addAll(w.get());
        }
        f.idle();
        // Whatever the workers left (they stop after a quiet spell), finish here.
        for (EnqueuedStateBody s : f.claim("Work")) {
          all.add(s.stateId());
          f.executed(s.stateId());
        }
        Set<String> distinct = new HashSet<>(all);
        assertEquals(all.size(), distinct.size(), "a state was handed out twice");
        assertEquals(2 * runs, distinct.size());
        var listing = f.engine.runs(NS, 1, 0);
        assertEquals(runs, listing.total());
        assertEquals(runs, listing.runs().stream().filter(r -> r.status().equals("SUCCESS")).count());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
