package host.exosphere.worker;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the runtime owes the state manager for one execution of a state: exactly one of these. */
sealed interface Report {

  /** Sends the report; throws the client's exception when it could not be delivered. */
  void send(StateManagerPort port, String stateId);

  /** The endpoint's name, for logs. */
  String kind();

  /** How the execution ended, as listeners hear it. */
  StateOutcome outcome();

  /** {@code POST …/executed}: the node returned (docs/state-manager.md §1.2.11). */
  record Executed(List<Map<String, String>> outputs) implements Report {
    public Executed {
      // Keep each output's field order: the server stores it verbatim and the dashboard shows it.
      outputs = outputs.stream().map(o -> Collections.unmodifiableMap(new LinkedHashMap<>(o))).toList();
    }

    @Override
    public void send(StateManagerPort port, String stateId) {
      port.executed(stateId, outputs);
    }

    @Override
    public String kind() {
      return "executed";
    }

    @Override
    public StateOutcome outcome() {
      return StateOutcome.EXECUTED;
    }
  }

  /** {@code POST …/errored}: the node threw, or its inputs did not fit (docs/state-manager.md §1.2.12). */
  record Errored(String error) implements Report {
    @Override
    public void send(StateManagerPort port, String stateId) {
      port.errored(stateId, error);
    }

    @Override
    public String kind() {
      return "errored";
    }

    @Override
    public StateOutcome outcome() {
      return StateOutcome.ERRORED;
    }
  }

  /** {@code POST …/prune}: the node threw {@link PruneSignal} (docs/state-manager.md §1.2.13). */
  record Pruned(Map<String, Object> data) implements Report {
    public Pruned {
      data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    @Override
    public void send(StateManagerPort port, String stateId) {
      port.prune(stateId, data);
    }

    @Override
    public String kind() {
      return "prune";
    }

    @Override
    public StateOutcome outcome() {
      return StateOutcome.PRUNED;
    }
  }

  /** {@code POST …/re-enqueue-after}: the node threw {@link RequeueAfterSignal} (docs/state-manager.md §1.2.14). */
  record Requeued(Duration delay) implements Report {
    @Override
    public void send(StateManagerPort port, String stateId) {
      port.reEnqueueAfter(stateId, delay);
    }

    @Override
    public String kind() {
      return "re-enqueue-after";
    }

    @Override
    public StateOutcome outcome() {
      return StateOutcome.REQUEUED;
    }
  }
}
