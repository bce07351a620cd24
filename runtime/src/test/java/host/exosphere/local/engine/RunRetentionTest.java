package host.exosphere.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, defect 7: the engine kept every state forever; finished runs beyond the retention now go. */
class RunRetentionTest {

  @Test
  void theOldestFinishedRunsAreDroppedAndRunsStillGoingAreKept() {
    try (EngineFixture f = new EngineFixture(LocalEngine.builder().retainFinishedRuns(5))) {
      oneStepGraph(f);
      String stillGoing = f.trigger("one");
      f.claimOne("Step"); // claimed, never reported: its run is still going
      List<String> finished = finishRuns(f, 300);
      long total = f.engine.runs(EngineFixture.NS, 1, 1000).total();
      // At most the kept finished runs, the run still going, and the slack a sweep waits for.
      assertTrue(total <= 5 + 1 + 100, "runs kept: " + total);
      assertTrue(total >= 5 + 1, "runs kept: " + total);
      assertEquals("QUEUED", f.only(stillGoing, "step").status(), "a run still going is never dropped");
      assertEquals(Map.of("step", List.of("SUCCESS")), f.statuses(finished.get(finished.size() - 1)),
          "the newest finished runs are kept");
      assertEquals(List.of(), f.states(finished.get(0)), "the oldest finished run is gone with its states");
      List<String> listed = listed(f);
      assertTrue(listed.contains(stillGoing));
      assertTrue(!listed.contains(finished.get(0)));
    }
  }

  /** Finishes {@code count} one-step runs; returns their ids, oldest first. */
  private static List<String> finishRuns(EngineFixture f, int count) {
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String runId = f.trigger("one");
      for (EnqueuedStateBody state : f.claim("Step")) {
        f.executed(state.stateId(), EngineFixture.out("y", "done"));
      }
      finished.add(runId);
    }
    return finished;
  }

  private static void oneStepGraph(EngineFixture f) {
    f.register("Step", List.of("x"), List.of("y"));
    f.upsertValid("one", EngineFixture.graph(EngineFixture.node("step", "Step", List.of(), "x", "in")));
  }

  private static List<String> listed(EngineFixture f) {
    return f.engine.runs(EngineFixture.NS, 1, 100_000).runs().stream().map(RunSummary::runId).toList();
  }

  @Test
  void droppedRunsAreDroppedFromTheDataDirectoryToo(@TempDir Path dir) {
    List<String> kept;
    List<String> finished;
    try (EngineFixture f = new EngineFixture(LocalEngine.builder().dataDir(dir).retainFinishedRuns(5))) {
      oneStepGraph(f);
      finished = finishRuns(f, 300);
      kept = listed(f);
    }
    // Opened with room for every run: only what the first engine kept is on disk.
    try (EngineFixture f = new EngineFixture(LocalEngine.builder().dataDir(dir).retainFinishedRuns(100_000))) {
      List<String> reloaded = listed(f);
      assertEquals(kept.size(), reloaded.size(), "runs after the restart");
      assertEquals(Set.copyOf(kept), Set.copyOf(reloaded));
      assertEquals(List.of(), f.states(finished.get(0)), "a dropped run stays dropped after a restart");
      assertEquals(Map.of("step", List.of("SUCCESS")), f.statuses(finished.get(finished.size() - 1)));
    }
  }

  @Test
  void withNoFinishedRunKeptTheRunJustTriggeredIsNotDropped() {
    try (EngineFixture f = new EngineFixture(LocalEngine.builder().retainFinishedRuns(0))) {
      oneStepGraph(f);
      // 100 finished runs are the slack a sweep waits for: the next trigger sweeps.
      finishRuns(f, 100);
      String fresh = f.trigger("one");
      assertTrue(listed(f).contains(fresh), "the run being triggered is listed");
      assertEquals(1, f.claim("Step").size());
      assertEquals(Map.of("step", List.of("QUEUED")), f.statuses(fresh));
    }
  }
}
