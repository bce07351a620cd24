package host.exosphere.testing;

import host.exosphere.client.NodeRunDetails;
import host.exosphere.client.RunGraph;
import host.exosphere.client.StateManager;
import host.exosphere.local.LocalStateManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Waits for a run to finish and collects what each of its states did, for tests:
 *
 * <pre>{@code
 * String runId = client.trigger("my-workflow", TriggerRequest.EMPTY);
 * RunResult run = Runs.await(client, "my-workflow", runId, Duration.ofSeconds(30));
 * assertEquals(List.of("a", "b"), run.outputs("loader", "data"));
 * }</pre>
 *
 * <p>A run is finished when it has states and none of them is CREATED, QUEUED or EXECUTED (the
 * state manager's own "pending" group, docs/state-manager.md §1.2.16), seen on two polls in a row: the server marks
 * a state SUCCESS a moment before it creates a deferred unite state (§4.4 step 6), so one quiet poll
 * is not proof.
 */
public final class Runs {
  private static final Set<String> PENDING = Set.of("CREATED", "QUEUED", "EXECUTED");
  private static final Set<String> FAILED = Set.of("ERRORED", "NEXT_CREATED_ERROR");
  /**
   * The pauses between polls start at a millisecond and grow by a quarter each time, up to 100 ms: a run
   * is noticed at most a quarter of its duration (plus a round trip) after it finished, which keeps a
   * test's wait close to the run itself, at about 15 polls in the first 100 ms and 10 a second after.
   */
  private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
  private static final long MAX_PAUSE_NANOS = Duration.ofMillis(100).toNanos();
  /** Before the poll that confirms a finish: long enough for a deferred unite state to appear meanwhile. */
  private static final long CONFIRM_PAUSE_NANOS = Duration.ofMillis(2).toNanos();

  private Runs() {}

  /** Where {@link Runs} reads a run from: the two client calls it needs. */
  interface Source {
    RunGraph graphStructure(String runId);

    NodeRunDetails nodeRunDetails(String graphName, String runId, String stateId);
  }

  /**
   * Polls the run until it finishes and returns every state's status, outputs and error.
   *
   * @throws AssertionError when the run does not finish within {@code timeout}; the message lists the
   *     states still pending
   */
  public static RunResult await(StateManager client, String graphName, String runId, Duration timeout) {
    return await(client, graphName, runId, timeout, id -> List.of());
  }

  /**
   * Like {@link #await(StateManager, String, String, Duration)}, with the reasons {@code stuckReasons}
   * gives for the run (e.g. the embedded state manager's diagnostics of a unite that can never fire) in
   * {@link RunResult#diagnostics()} and in the timeout message.
   */
  public static RunResult await(StateManager client, String graphName, String runId, Duration timeout,
      Function<String, List<String>> stuckReasons) {
    Objects.requireNonNull(client, "client");
    return await(new Source() {
      @Override
      public RunGraph graphStructure(String id) {
        return client.graphStructure(id);
      }

      @Override
      public NodeRunDetails nodeRunDetails(String graph, String id, String stateId) {
        return client.nodeRunDetails(graph, id, stateId);
      }
    }, graphName, runId, timeout, stuckReasons);
  }

  /**
   * Waits for a run on an embedded state manager. The server's own diagnosis of what cannot happen (a
   * unite that can never fire, states nobody runs) is in {@link RunResult#diagnostics()}, and in the
   * message when the run does not finish in time.
   */
  public static RunResult await(LocalStateManager server, String namespace, String graphName, String runId,
      Duration timeout) {
    Objects.requireNonNull(server, "server");
    StateManager client = server.client(namespace);
    return await(client, graphName, runId, timeout, id -> server.engine().runDiagnostics(namespace, id).stuck()
        .stream().map(r -> r.kind() + ": " + r.reason()).toList());
  }

  static RunResult await(Source source, String graphName, String runId, Duration timeout,
      Function<String, List<String>> stuckReasons) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    RunGraph previous = null;
    RuntimeException lastFailure = null;
    while (true) {
      try {
        RunGraph graph = source.graphStructure(runId);
        lastFailure = null;
        if (finished(graph)) {
          if (previous != null && statuses(previous).equals(statuses(graph))) {
            return collect(source, graphName == null || graphName.isEmpty() ? graph.graphName() : graphName, runId,
                graph, stuckReasons);
          }
          pause = CONFIRM_PAUSE_NANOS;
        }
        previous = graph;
      } catch (RuntimeException e) {
        // The server may be restarting under a fault test; keep trying until the deadline.
        lastFailure = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(timeoutMessage(runId, graphName, timeout, previous, lastFailure, stuckReasons));
      }
      sleep(pause);
      pause = Math.min(pause + pause / 4, MAX_PAUSE_NANOS);
    }
  }

  private static boolean finished(RunGraph graph) {
    return !graph.nodes().isEmpty() && graph.nodes().stream().noneMatch(s -> PENDING.contains(s.status()));
  }

  private static List<String> statuses(RunGraph graph) {
    return graph.nodes().stream().map(s -> s.id() + "=" + s.status()).sorted().toList();
  }

  private static RunResult collect(Source source, String graphName, String runId, RunGraph graph,
      Function<String, List<String>> stuckReasons) {
    List<StateResult> states = new ArrayList<>();
    for (RunGraph.StateNode node : graph.nodes()) {
      NodeRunDetails d = source.nodeRunDetails(graphName, runId, node.id());
      states.add(new StateResult(d.id(), d.nodeName(), d.identifier(), d.status(), d.inputs(), d.outputs(), d.error(),
          d.parents()));
    }
    boolean failed = states.stream().anyMatch(s -> FAILED.contains(s.status()));
    List<String> diagnostics;
    try {
      diagnostics = stuckReasons.apply(runId);
    } catch (RuntimeException e) {
      diagnostics = List.of("the run's diagnostics could not be read: " + e.getMessage());
    }
    return new RunResult(runId, graphName, failed ? "FAILED" : "SUCCESS", states, diagnostics);
  }

  private static String timeoutMessage(String runId, String graphName, Duration timeout, RunGraph last,
      RuntimeException lastFailure, Function<String, List<String>> stuckReasons) {
    StringBuilder text = new StringBuilder("Run ").append(runId);
    if (graphName != null && !graphName.isEmpty()) {
      text.append(" of graph '").append(graphName).append('\'');
    }
    text.append(" did not finish within ").append(timeout);
    if (last == null) {
      text.append(": the state manager never answered");
    } else if (last.nodes().isEmpty()) {
      text.append(": the state manager lists no states for it (wrong run id or namespace?)");
    } else {
      List<RunGraph.StateNode> pending = last.nodes().stream().filter(s -> PENDING.contains(s.status())).toList();
      text.append(": ").append(pending.size()).append(" of ").append(last.nodes().size())
          .append(" state(s) still pending: ")
          .append(pending.stream().map(s -> s.identifier() + " (" + s.nodeName() + ") " + s.status() + " [state "
              + s.id() + "]").collect(Collectors.joining(", ")));
      if (pending.isEmpty()) {
        text.append("none, but the run was still changing");
      }
      if (pending.stream().anyMatch(s -> s.status().equals("CREATED"))) {
        text.append("; CREATED states wait for a runtime that registered their node (or for a retry/re-enqueue "
            + "delay)");
      }
    }
    try {
      List<String> reasons = stuckReasons.apply(runId);
      if (!reasons.isEmpty()) {
        text.append("; the state manager says: ").append(String.join("; ", reasons));
      }
    } catch (RuntimeException e) {
      text.append("; its diagnostics could not be read (").append(e.getMessage()).append(')');
    }
    if (lastFailure != null) {
      text.append("; the last poll failed: ").append(lastFailure.getMessage());
    }
    return text.toString();
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a run", e);
    }
  }
}
