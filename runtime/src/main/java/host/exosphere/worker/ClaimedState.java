package host.exosphere.worker;

import host.exosphere.client.EnqueuedState;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A state this runtime claimed with {@code enqueue} and still owes the server something for. It holds
 * one unit of the runtime's capacity until both its execution has returned and its report has been
 * settled (delivered, refused for good, or abandoned at shutdown).
 */
final class ClaimedState {

  enum Phase {
    /** Claimed, waiting for a worker. */
    WAITING,
    /** A worker is running the node. */
    RUNNING,
    /** The outcome is decided; its report is being delivered. */
    REPORTING,
    /** The report was delivered or refused for good. */
    SETTLED,
    /** Given up at shutdown or after a timeout took over; a late result is discarded. */
    ABANDONED
  }

  final EnqueuedState state;
  /** {@code null} when the server handed out a node this runtime does not have. */
  final NodeAdapter adapter;

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);
  /** Execution and report each hold a part; the capacity unit is freed when both are released. */
  private final AtomicInteger parts = new AtomicInteger(2);
  /** Whether the execution's part was released: by the worker when the node returns, or when given up for stuck. */
  private final AtomicBoolean executionReleased = new AtomicBoolean();

  private volatile Thread runner;
  /** The server handed this state out again: whatever it still owes was evidently applied. */
  private volatile boolean superseded;
  private volatile String lastDeliveryError;

  ClaimedState(EnqueuedState state, NodeAdapter adapter) {
    this.state = state;
    this.adapter = adapter;
  }

  String id() {
    return state.stateId();
  }

  Phase phase() {
    return phase.get();
  }

  /** WAITING → RUNNING on the calling thread; false when the state was abandoned before it started. */
  boolean begin() {
    if (!phase.compareAndSet(Phase.WAITING, Phase.RUNNING)) {
      return false;
    }
    runner = Thread.currentThread();
    return true;
  }

  /** RUNNING → REPORTING: whoever wins (the node returning, or its timeout) reports the state. */
  boolean decide() {
    return phase.compareAndSet(Phase.RUNNING, Phase.REPORTING);
  }

  /** REPORTING → SETTLED; false when shutdown abandoned the report first (then it released the part). */
  boolean settled() {
    return phase.compareAndSet(Phase.REPORTING, Phase.SETTLED);
  }

  /** Takes the state away from whatever phase it is in, unless it is already settled. */
  boolean abandon(Phase from) {
    return phase.compareAndSet(from, Phase.ABANDONED);
  }

  void finishedRunning() {
    runner = null;
  }

  Thread runner() {
    return runner;
  }

  void supersede() {
    superseded = true;
  }

  boolean superseded() {
    return superseded;
  }

  void deliveryFailed(String error) {
    lastDeliveryError = error;
  }

  String lastDeliveryError() {
    return lastDeliveryError;
  }

  /** True for exactly one caller: the one that releases the execution's part. */
  boolean releaseExecution() {
    return executionReleased.compareAndSet(false, true);
  }

  /** Releases one part; true when this was the last, i.e. the capacity unit is free now. */
  boolean release() {
    return parts.decrementAndGet() == 0;
  }

  @Override
  public String toString() {
    return state.nodeName() + "/" + state.identifier() + " state " + state.stateId();
  }
}
