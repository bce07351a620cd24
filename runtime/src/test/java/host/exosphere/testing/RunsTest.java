package host.exosphere.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import host.exosphere.client.NodeRunDetails;
import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManagerException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsTest {

  private static RunGraph graph(RunGraph.StateNode... nodes) {
    return new RunGraph("g", List.of(nodes[0]), List.of(nodes), List.of(), nodes.length, 0, Map.of());
  }

  private static RunGraph.StateNode state(String id, String identifier, String status) {
    return new RunGraph.StateNode(id, "Node" + identifier, identifier, status, null);
  }

  /** Answers the queued graphs in turn, then keeps answering the last one. */
  private static final class Scripted implements Runs.Source {
    final Deque<Object> answers = new ArrayDeque<>();
    int polls;

    @Override
    public RunGraph graphStructure(String runId) {
      polls++;
      Object next = answers.size() > 1 ? answers.poll() : answers.peek();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (RunGraph) next;
    }

    @Override
    public NodeRunDetails nodeRunDetails(String graphName, String runId, String stateId) {
      String identifier = stateId.substring(0, 1);
      boolean failed = stateId.equals("b2");
      return new NodeRunDetails(stateId, "Node" + identifier, identifier, graphName, runId,
          failed ? "ERRORED" : "SUCCESS", Map.of("x", "1"), failed ? Map.of() : Map.of("y", "out-" + stateId),
          failed ? "IllegalStateException: boom" : null, Map.of(), "", "");
    }
  }

  @Test
  void waitsUntilNothingIsPendingOnTwoPollsAndCollectsEveryState() {
    Scripted source = new Scripted();
    source.answers.add(graph(state("a1", "a", "QUEUED")));
    source.answers.add(new StateManagerException("server restarting", 0, null));
    source.answers.add(graph(state("a1", "a", "EXECUTED")));
    // Quiet once, then a late unite state appears: not finished yet.
    source.answers.add(graph(state("a1", "a", "SUCCESS"), state("b1", "b", "SUCCESS")));
    source.answers.add(graph(state("a1", "a", "SUCCESS"), state("b1", "b", "SUCCESS"), state("b2", "b", "ERRORED"),
        state("c1", "c", "CREATED")));
    source.answers.add(graph(state("a1", "a", "SUCCESS"), state("b1", "b", "SUCCESS"), state("b2", "b", "ERRORED"),
        state("c1", "c", "SUCCESS")));
    RunResult run = Runs.await(source, "g", "run-1", Duration.ofSeconds(20), id -> List.of("note for " + id));
    assertEquals(7, source.polls);
    assertEquals("FAILED", run.status());
    assertEquals(List.of("a", "b", "c"), run.identifiers());
    assertEquals(List.of("SUCCESS", "ERRORED"), run.statuses("b"));
    assertEquals(List.of("out-b1"), run.outputs("b", "y"));
    assertEquals(List.of(Map.of("y", "out-a1")), run.outputs("a"));
    assertEquals(List.of("IllegalStateException: boom"), run.errors("b"));
    assertEquals(Map.of("ERRORED", 1L, "SUCCESS", 3L), run.statusCounts());
    assertEquals(List.of("note for run-1"), run.diagnostics());
  }

  @Test
  void timeoutNamesThePendingStatesAndTheServersReasons() {
    Scripted source = new Scripted();
    source.answers.add(graph(state("a1", "a", "SUCCESS"), state("m1", "m", "CREATED")));
    AssertionError e = assertThrows(AssertionError.class, () -> Runs.await(source, "g", "run-1",
        Duration.ofMillis(30), id -> List.of("UNITE_NEVER_FIRES: m waits for a pruned branch")));
    assertEquals("Run run-1 of graph 'g' did not finish within PT0.03S: 1 of 2 state(s) still pending: m (Nodem) "
        + "CREATED [state m1]; CREATED states wait for a runtime that registered their node (or for a "
        + "retry/re-enqueue delay); the state manager says: UNITE_NEVER_FIRES: m waits for a pruned branch",
        e.getMessage());
  }

  @Test
  void timeoutSaysWhenTheRunHasNoStates() {
    Scripted source = new Scripted();
    source.answers.add(new RunGraph("", List.of(), List.of(), List.of(), 0, 0, Map.of()));
    AssertionError e = assertThrows(AssertionError.class,
        () -> Runs.await(source, "g", "nope", Duration.ofMillis(20), id -> List.of()));
    assertEquals("Run nope of graph 'g' did not finish within PT0.02S: the state manager lists no states for it "
        + "(wrong run id or namespace?)", e.getMessage());
  }
}
