package host.exosphere.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12, defect 7: the engine kept every state forever; finished runs beyond the retention now go. */
class RunRetentionTest {

  @Test
  void theOldestFinishedRunsAreDroppedAndRunsStillGoingAreKept() {
    try (EngineFixture f = new EngineFixture(LocalEngine.builder().retainFinishedRuns(5))) {
      f.register("Step", List.of("x"), List.of("y"));
      f.upsertValid("one", EngineFixture.graph(EngineFixture.node("step", "Step", List.of(), "x", "in")));
      String stillGoing = f.trigger("one");
      f.claimOne("Step"); // claimed, never reported: its run is still going
      List<String> finished = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String runId = f.trigger("one");
        List<EnqueuedStateBody> claimed = f.claim("Step");
        for (EnqueuedStateBody state : claimed) {
          f.executed(state.stateId(), EngineFixture.out("y", "done"));
        }
        finished.add(runId);
      }
      long total = f.engine.runs(EngineFixture.NS, 1, 1000).total();
      // At most the kept finished runs, the run still going, and the slack a sweep waits for.
      assertTrue(total <= 5 + 1 + 100, "runs kept: " + total);
      assertTrue(total >= 5 + 1, "runs kept: " + total);
      assertEquals("QUEUED", f.only(stillGoing, "step").status(), "a run still going is never dropped");
      assertEquals(Map.of("step", List.of("SUCCESS")), f.statuses(finished.get(finished.size() - 1)),
          "the newest finished runs are kept");
      assertEquals(List.of(), f.states(finished.get(0)), "the oldest finished run is gone with its states");
      List<String> listed = f.engine.runs(EngineFixture.NS, 1, 1000).runs().stream().map(RunSummary::runId).toList();
      assertTrue(listed.contains(stillGoing));
      assertTrue(!listed.contains(finished.get(0)));
    }
  }
}
