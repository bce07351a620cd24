package host.exosphere.worker;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManagerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory state manager with the status rules of docs/state-manager.md §1.2.9–1.2.14 and fault injection:
 * every call first asks {@link #fault} whether to fail, and {@link #loseAnswer} makes a call take effect
 * and then fail as if the answer was lost.
 */
final class FakeStateManager implements StateManagerPort {

  /** Decides whether a call fails before it takes effect; {@code call} is e.g. "executed", "enqueue". */
  interface Fault {
    RuntimeException before(String call, String stateId);
  }

  static final class State {
    final String id;
    final String node;
    final Map<String, String> inputs;
    String status = "CREATED";
    long availableAtNanos = System.nanoTime();
    List<Map<String, String>> outputs;
    String error;
    Map<String, Object> data;
    Duration requeueDelay;
    int executions;

    State(String id, String node, Map<String, String> inputs) {
      this.id = id;
      this.node = node;
      this.inputs = inputs;
    }
  }

  final String namespace;
  final Map<String, State> states = new LinkedHashMap<>();
  /** Reports the fake accepted, in order: "executed s1", "errored s2", … */
  final List<String> accepted = new CopyOnWriteArrayList<>();
  /** Reports refused with a 4xx because the state was not QUEUED. */
  final List<String> refused = new CopyOnWriteArrayList<>();
  final List<List<NodeRegistration>> registrations = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final Map<String, String> secretValues = new LinkedHashMap<>();
  volatile Fault fault = (call, id) -> null;
  volatile boolean loseAnswer;
  /** Runs after an accepted executed report, outside the lock: e.g. creates next states, as a server does. */
  volatile java.util.function.BiConsumer<String, List<Map<String, String>>> afterExecuted = (id, outputs) -> {};
  /** Hands out states of any node, as a misbehaving server might. */
  volatile boolean handOutAnyNode;
  /** The most states this fake ever had QUEUED at once. */
  int maxQueued;

  FakeStateManager(String namespace) {
    this.namespace = namespace;
  }

  static StateManagerException unreachable() {
    return new StateManagerException("connection refused", new java.net.ConnectException("Connection refused"));
  }

  static StateManagerException status(int status, String detail) {
    return new StateManagerException("HTTP " + status + ": " + detail, status, detail);
  }

  synchronized State add(String id, String node, Map<String, String> inputs) {
    State s = new State(id, node, Map.copyOf(inputs));
    states.put(id, s);
    return s;
  }

  synchronized State state(String id) {
    return states.get(id);
  }

  synchronized String status(String id) {
    return states.get(id).status;
  }

  synchronized long count(String status) {
    return states.values().stream().filter(s -> s.status.equals(status)).count();
  }

  int calls(String call) {
    AtomicInteger n = calls.get(call);
    return n == null ? 0 : n.get();
  }

  private void enter(String call, String stateId) {
    calls.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
    RuntimeException e = fault.before(call, stateId);
    if (e != null) {
      throw e;
    }
  }

  private void answered(String call) {
    if (loseAnswer && !call.equals("enqueue")) {
      throw unreachable();
    }
  }

  private State queued(String call, String id, String notQueued) {
    State s = states.get(id);
    if (s == null) {
      throw status(404, "State not found");
    }
    if (!s.status.equals("QUEUED")) {
      refused.add(call + " " + id);
      throw status(400, notQueued);
    }
    return s;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public void registerNodes(String runtimeName, List<NodeRegistration> nodes) {
    enter("register", null);
    registrations.add(List.copyOf(nodes));
  }

  @Override
  public List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize) {
    enter("enqueue", null);
    synchronized (this) {
      List<EnqueuedState> out = new ArrayList<>();
      long now = System.nanoTime();
      for (State s : states.values()) {
        if (out.size() >= batchSize) {
          break;
        }
        if (s.status.equals("CREATED") && (handOutAnyNode || nodeNames.contains(s.node)) && s.availableAtNanos - now <= 0) {
          s.status = "QUEUED";
          s.executions++;
          out.add(new EnqueuedState(s.id, s.node, "id-" + s.node, s.inputs, "2026-01-01T00:00:00"));
        }
      }
      maxQueued = (int) Math.max(maxQueued, states.values().stream().filter(s -> s.status.equals("QUEUED")).count());
      return out;
    }
  }

  @Override
  public Map<String, String> secrets(String stateId) {
    enter("secrets", stateId);
    synchronized (this) {
      return Map.copyOf(secretValues);
    }
  }

  @Override
  public void executed(String stateId, List<Map<String, String>> outputs) {
    enter("executed", stateId);
    synchronized (this) {
      State s = queued("executed", stateId, "State is not queued");
      s.status = "EXECUTED";
      s.outputs = List.copyOf(outputs);
      accepted.add("executed " + stateId);
    }
    afterExecuted.accept(stateId, outputs);
    answered("executed");
  }

  @Override
  public boolean errored(String stateId, String error) {
    enter("errored", stateId);
    synchronized (this) {
      State s = states.get(stateId);
      if (s != null && s.status.equals("EXECUTED")) {
        refused.add("errored " + stateId);
        throw status(400, "State is already executed");
      }
      s = queued("errored", stateId, "State is not queued or executed");
      s.status = "ERRORED";
      s.error = error;
      accepted.add("errored " + stateId);
    }
    answered("errored");
    return false;
  }

  @Override
  public void prune(String stateId, Map<String, Object> data) {
    enter("prune", stateId);
    synchronized (this) {
      State s = queued("prune", stateId, "State is not queued");
      s.status = "PRUNED";
      s.data = Map.copyOf(data);
      accepted.add("prune " + stateId);
    }
    answered("prune");
  }

  @Override
  public long reEnqueueAfter(String stateId, Duration delay) {
    enter("re-enqueue-after", stateId);
    synchronized (this) {
      State s = states.get(stateId);
      if (s == null) {
        throw status(404, "State not found");
      }
      // No status precondition, as on the real server (docs/state-manager.md §1.2.14).
      s.status = "CREATED";
      s.requeueDelay = delay;
      s.availableAtNanos = System.nanoTime() + delay.toNanos();
      accepted.add("re-enqueue-after " + stateId);
    }
    answered("re-enqueue-after");
    return System.currentTimeMillis() + delay.toMillis();
  }
}
