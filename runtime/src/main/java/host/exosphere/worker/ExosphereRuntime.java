package host.exosphere.worker;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.StateManager;
import host.exosphere.client.StateManagerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code @Node} classes for a state manager: registers them, claims their states with
 * {@code enqueue}, executes each on a bounded pool through its generated {@link NodeAdapter}, and reports
 * the outcome ({@code executed}, {@code errored}, {@code prune}, {@code re-enqueue-after}).
 *
 * <pre>{@code
 * try (ExosphereRuntime runtime = ExosphereRuntime.builder(stateManager).name("my-runtime").nodes(MyWorkflowGraph.NODES).build()) {
 *   runtime.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>How it differs from the Python runtime (docs/state-manager.md §5.3), on purpose:
 * <ul>
 *   <li>It polls again at once while work keeps coming instead of sleeping a fixed interval, and claims no
 *       more than its free workers plus a small buffer, so claimed states do not sit in a local queue
 *       while other runtimes are idle.
 *   <li>On the embedded state manager, which offers {@code states/await}, each poll waits there and
 *       claims in the same call, so a new state starts within a round trip, each step costs one request
 *       and an idle runtime sends one request per 10 s. Against Exosphere's state manager it polls, pausing
 *       a tenth of the time since it last had work, within {@link Builder#idleBackoff} (polling at once
 *       when one of its states settles, since that is when the run's next states appear), and asks for
 *       one state unless the last poll came back full (see {@link IdleWait}).
 *   <li>A report that fails is kept and retried with backoff until the state manager takes it; failures
 *       never kill a worker. A 4xx answer is final and only logged.
 *   <li>It owns every state it claims, because the state manager has no lease on them: {@link #close()} (and
 *       SIGTERM) stops claiming, starts nothing more, finishes what runs within a bounded time and reports
 *       every other claimed state errored ("runtime shut down") so the retry policy creates it again;
 *       {@code enqueue} has no request timeout, since an answer given up on would strand its states; and the
 *       nodes are registered again when the server comes back from an outage, in case it forgot them.
 *   <li>Every node has an execution timeout (30 minutes unless configured), and a node that ignores the
 *       interrupt loses its worker to a fresh thread instead of holding it.
 * </ul>
 */
public final class ExosphereRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExosphereRuntime.class);
  /** How long a node may take to react to its timeout's interrupt before its worker is replaced. */
  private static final long STUCK_GRACE_MILLIS = 1_000;
  /** How long a node may run unless configured otherwise: long enough for real work, not forever. */
  public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofMinutes(30);

  private enum Lifecycle {
    NEW,
    RUNNING,
    CLOSING,
    CLOSED
  }

  private final StateManagerPort port;
  private final Settings settings;
  private final Map<String, NodeAdapter> adapters;
  private final NodeInstances instances;
  private final List<String> nodeNames;
  private final Counters counters = new Counters();
  private final Reporter reporter;
  private final Registration registration;
  private final HandBack handBack;
  private final Map<String, ClaimedState> inFlight = new ConcurrentHashMap<>();
  private final int capacity;
  private final IdleWait idle;
  private final RuntimeListener listener;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when capacity is freed, a state settles, or the runtime starts closing. */
  private final Condition changed = lock.newCondition();
  /** Claimed states holding a capacity unit. Guarded by {@link #lock}. */
  private int occupied;

  private volatile Lifecycle lifecycle = Lifecycle.NEW;
  private volatile boolean stopping;
  private volatile List<AbandonedState> abandoned = List.of();
  private ThreadPoolExecutor pool;
  private StuckWorkers stuckWorkers;
  private ScheduledExecutorService watchdog;
  private Thread poller;
  private Thread shutdownHook;
  private final AtomicInteger threadIds = new AtomicInteger();

  private ExosphereRuntime(StateManagerPort port, Settings settings, Map<String, NodeAdapter> adapters,
      NodeInstances instances, List<RuntimeListener> listeners) {
    this.port = port;
    // The counters listen first: a user listener reading metrics() sees the event it hears counted.
    List<RuntimeListener> all = new ArrayList<>();
    all.add(counters);
    all.addAll(listeners);
    this.listener = new Listeners(all);
    this.settings = settings;
    this.adapters = adapters;
    this.instances = instances;
    this.nodeNames = List.copyOf(adapters.keySet());
    this.capacity = settings.workers() + settings.bufferSize();
    this.reporter = new Reporter(port, settings.retryBackoff(), counters, c -> releasePart(c));
    this.registration = new Registration(port, settings.name(), adapters.values(), settings.retryBackoff(),
        settings.registrationRefresh());
    this.handBack = new HandBack(port, settings.name(), settings.retryBackoff());
    this.idle = new IdleWait(port, nodeNames, settings.idleBackoff(), IdleWait.AWAIT_TIMEOUT,
        settings.name() + "-" + UUID.randomUUID());
  }

  /** Starts a builder for a runtime that works for {@code stateManager}'s namespace. */
  public static Builder builder(StateManager stateManager) {
    return new Builder(StateManagerPort.over(stateManager));
  }

  static Builder builder(StateManagerPort port) {
    return new Builder(port);
  }

  /** The runtime's name, as registered with the state manager. */
  public String name() {
    return settings.name();
  }

  /** The names of the nodes this runtime executes, in registration order. */
  public List<String> nodeNames() {
    return nodeNames;
  }

  /**
   * Registers the nodes and starts polling and executing. Registration is retried with backoff while the
   * state manager is unreachable or failing (status 0 or 5xx), up to the registration timeout, so that
   * a graph upserted right after {@code start()} returns is verified against registered nodes.
   *
   * @throws IllegalStateException when the runtime was already started or closed, or registration was
   *     refused (e.g. 401 for a wrong API key) or did not succeed in time; nothing was started then
   */
  public synchronized void start() {
    if (lifecycle != Lifecycle.NEW) {
      throw new IllegalStateException("Runtime '" + name() + "' was already " + (lifecycle == Lifecycle.RUNNING
          ? "started" : "closed") + "; build a new one");
    }
    registration.initial(settings.registrationTimeout());
    pool = new ThreadPoolExecutor(settings.workers(), Integer.MAX_VALUE, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), threads("worker", true));
    watchdog = Executors.newSingleThreadScheduledExecutor(threads("timeout", true));
    stuckWorkers = new StuckWorkers(pool, name());
    reporter.start(threads("outbox", true).newThread(reporter::drainLoop));
    // The poller is the one non-daemon thread: a started runtime keeps the JVM alive until closed.
    poller = threads("poller", false).newThread(this::pollLoop);
    lifecycle = Lifecycle.RUNNING;
    idle.started();
    listener.started(this);
    poller.start();
    if (settings.closeOnJvmShutdown()) {
      // SIGTERM (a deployment stopping the process) must hand back what was claimed, as close() does.
      shutdownHook = new Thread(this::close, "exosphere-" + name() + "-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    log.info("Runtime '{}' started in namespace '{}' for nodes {} ({} workers, batch size {}, {})", name(),
        port.namespace(), nodeNames, settings.workers(), settings.batchSize(), settings.pollInterval() == null
            ? "polling again at once while there is work" : "fixed poll interval " + settings.pollInterval());
  }

  /**
   * Stops claiming states and starts none of those claimed but not yet running: each is reported errored
   * at once with a message starting "runtime shut down", so the graph's retry policy creates it again.
   * Running states get until the shutdown timeout to finish and be reported; any still running then is
   * interrupted, reported errored the same way, and a late result discarded. Reports the server could not
   * take by then are dropped. Every state handed back or given up is logged and listed by
   * {@link #abandonedStates()}. Also runs on JVM shutdown (SIGTERM) unless
   * {@link Builder#closeOnJvmShutdown(boolean)} turned that off. Last, the node instances are disposed of
   * as {@link NodeFactory} describes: those the runtime created are closed when {@link AutoCloseable},
   * those a factory made are {@linkplain NodeFactory#release released}, those it was given are left to
   * their owner. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (lifecycle == Lifecycle.NEW) {
        lifecycle = Lifecycle.CLOSED;
        instances.close();
        return;
      }
      if (lifecycle != Lifecycle.RUNNING) {
        return;
      }
      lifecycle = Lifecycle.CLOSING;
    }
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    log.info("Closing runtime '{}': no more claims; finishing {} claimed state(s) within {}", name(),
        inFlight.size(), settings.shutdownTimeout());
    lock.lock();
    try {
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // Ends the poller's idle sleep at once; a held states/await call is ended below.
    idle.stop();
    removeShutdownHook();
    List<AbandonedState> gone = new ArrayList<>(handBackWaiting(deadline));
    boolean interrupted = false;
    try {
      // A held states/await call claims nothing: end it rather than wait out its timeout.
      while (idle.endServerWait() && deadline - System.nanoTime() > 0) {
        poller.join(50);
      }
      // The poller may be inside an enqueue call; what it claims there is handed back before it exits.
      TimeUnit.NANOSECONDS.timedJoin(poller, Math.max(1, deadline - System.nanoTime()));
      pool.shutdown();
      awaitSettled(deadline);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    try {
      gone.addAll(abandonRemaining(interrupted ? 0 : deadline - System.nanoTime()));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    abandoned = List.copyOf(gone);
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
    lifecycle = Lifecycle.CLOSED;
    instances.close();
    RuntimeMetrics m = metrics();
    if (abandoned.stream().allMatch(AbandonedState::handedBack)) {
      log.info("Runtime '{}' closed: {} state(s) claimed, {} executed, {} failed, {} pruned, {} re-enqueued, "
          + "{} report(s) delivered, {} handed back as errored", name(), m.claimed(), m.executed(), m.failed(),
          m.pruned(), m.requeued(), m.reported(), abandoned.size());
    } else {
      log.warn("Runtime '{}' closed after {} with {} state(s) abandoned: {}", name(), settings.shutdownTimeout(),
          abandoned.size(), abandoned);
    }
    listener.closed(this);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    if (hook != null && hook != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or about to; it finds the runtime closing and returns.
      }
    }
  }

  /**
   * The states the last {@link #close()} handed back (reported errored, {@code handedBack}) or had to give
   * up on; empty when everything claimed had finished and been reported.
   */
  public List<AbandonedState> abandonedStates() {
    return abandoned;
  }

  /** A snapshot of the runtime's counters. */
  public RuntimeMetrics metrics() {
    return new RuntimeMetrics(counters.claimed.sum(), counters.executed.sum(), counters.failed.sum(),
        counters.pruned.sum(), counters.requeued.sum(), counters.reported.sum(), counters.reportRetries.sum(),
        counters.reportsRefused.sum(), counters.pollFailures.sum(), inFlight.size(), reporter.size());
  }

  @Override
  public String toString() {
    return "Runtime[" + name() + ", nodes " + nodeNames + ", " + lifecycle + "]";
  }

  // ---------------------------------------------------------------- polling

  private void pollLoop() {
    while (!stopping) {
      try {
        pollUntilClosed();
      } catch (RuntimeException | Error e) { // NOPMD: the poller must outlive any surprise, loudly
        log.error("Runtime '{}' hit an unexpected failure while polling; polling again after a pause", name(), e);
        pause(settings.retryBackoff().max().toNanos());
      }
    }
  }

  private void pollUntilClosed() {
    int failures = 0;
    while (!stopping) {
      int want = awaitCapacity();
      if (want == 0) {
        break;
      }
      List<EnqueuedState> claimed;
      try {
        claimed = settings.pollInterval() == null ? idle.poll(want) : port.enqueue(nodeNames, want);
      } catch (RuntimeException e) {
        failures++;
        listener.pollFailed(e);
        registration.failed(e);
        if (Failures.retryable(e)) {
          registration.outage();
        }
        long pause = settings.retryBackoff().jitteredNanos(failures);
        if (failures == 1) {
          log.warn("Polling for states of {} failed ({}); retrying with backoff", nodeNames, Failures.summary(e));
        } else {
          log.debug("Polling failed again ({}), attempt {}; next in {} ms", Failures.summary(e), failures,
              TimeUnit.NANOSECONDS.toMillis(pause));
        }
        pause(pause);
        continue;
      }
      if (failures > 0) {
        log.info("Polling works again after {} failed attempt(s)", failures);
        failures = 0;
      }
      reporter.reachable();
      for (EnqueuedState state : claimed) {
        dispatch(state);
      }
      registration.refreshIfDue();
      if (settings.pollInterval() != null) {
        pause(settings.pollInterval().toNanos());
      } else if (claimed.isEmpty()) {
        idle.waitForWork();
      } else {
        idle.claimed();
      }
    }
    log.debug("Runtime '{}' stopped polling", name());
  }

  /**
   * Waits for room and returns how many states to ask for: 0 when closing. It waits for a useful amount
   * of room (half the capacity, or a batch) rather than asking for one state at a time as each finishes,
   * unless the workers would otherwise run dry.
   */
  private int awaitCapacity() {
    lock.lock();
    try {
      while (!stopping) {
        if (roomToClaim()) {
          return Math.min(settings.batchSize(), capacity - occupied);
        }
        changed.await();
      }
      return 0;
    } catch (InterruptedException e) {
      // Only close() stops the poller; an interrupt from elsewhere is treated the same way.
      Thread.currentThread().interrupt();
      stopping = true;
      return 0;
    } finally {
      lock.unlock();
    }
  }

  /** Whether there is a useful amount of room to claim into (see {@link #awaitCapacity}). Under {@link #lock}. */
  private boolean roomToClaim() {
    int useful = occupied <= settings.workers() ? 1 : Math.min(settings.batchSize(), (capacity + 1) / 2);
    return capacity - occupied >= useful;
  }

  /** Sleeps up to {@code nanos}, waking early when the runtime starts closing. */
  private void pause(long nanos) {
    long until = System.nanoTime() + nanos;
    lock.lock();
    try {
      long left;
      while (!stopping && (left = until - System.nanoTime()) > 0) {
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(EnqueuedState state) {
    ClaimedState previous = inFlight.get(state.stateId());
    if (previous != null) {
      reporter.supersede(previous);
    }
    ClaimedState claimed = new ClaimedState(state, adapters.get(state.nodeName()));
    lock.lock();
    try {
      occupied++;
    } finally {
      lock.unlock();
    }
    inFlight.put(state.stateId(), claimed);
    // Counted once it is in flight, so a metrics snapshot never shows a claim that is neither in flight nor
    // settled (a caller waiting for "claimed 1, in flight 0" would otherwise stop before the state ran).
    listener.claimed(state.nodeName());
    if (stopping) {
      // Claimed by an enqueue call that was out when close() began: started by nobody, so handed back.
      handBackUnstarted(claimed, System.nanoTime() + settings.shutdownTimeout().toNanos());
      return;
    }
    try {
      pool.execute(() -> run(claimed));
    } catch (RejectedExecutionException e) {
      handBackUnstarted(claimed, System.nanoTime() + settings.retryBackoff().max().toNanos());
    }
  }

  /** Hands back a state claimed but not started, unless a worker or close() took it first. */
  private AbandonedState handBackUnstarted(ClaimedState claimed, long deadlineNanos) {
    if (!claimed.abandon(ClaimedState.Phase.WAITING)) {
      return null;
    }
    AbandonedState gone = handBack.errored(claimed, "was closing and did not start this state", deadlineNanos);
    if (!gone.handedBack()) {
      log.warn("Runtime '{}' could not hand back {}: {}", name(), claimed, gone.reason());
    }
    releasePart(claimed); // the execution's part: it never ran
    releasePart(claimed); // the report's part: the hand-back was its report
    return gone;
  }

  /** close() starts no claimed state: every one still waiting for a worker is handed back now. */
  private List<AbandonedState> handBackWaiting(long deadlineNanos) {
    List<AbandonedState> gone = new ArrayList<>();
    for (ClaimedState claimed : List.copyOf(inFlight.values())) {
      AbandonedState state = handBackUnstarted(claimed, deadlineNanos);
      if (state != null) {
        gone.add(state);
      }
    }
    return gone;
  }

  // ---------------------------------------------------------------- execution

  private void run(ClaimedState claimed) {
    if (!claimed.begin()) {
      return;
    }
    ScheduledFuture<?> timeout = null;
    Duration limit = settings.timeoutOf(claimed.state.nodeName());
    if (limit != null) {
      timeout = watchdog.schedule(() -> timedOut(claimed, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
    }
    Report report;
    long began = System.nanoTime();
    try {
      report = execute(claimed);
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      claimed.finishedRunning();
    }

    // A timeout or the shutdown may have interrupted the node; the report below must not inherit that.
    Thread.interrupted();
    if (claimed.decide()) {
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      listener.finished(claimed.state.nodeName(), report.outcome(), took);
      reporter.submit(claimed, report);
    } else {
      log.info("Discarding the late {} result of {}: it was already {}", report.kind(), claimed,
          claimed.phase() == ClaimedState.Phase.ABANDONED ? "handed back at shutdown" : "reported as timed out");
    }
    if (claimed.releaseExecution()) {
      releasePart(claimed);
    } else {
      // Its timeout gave this thread up for lost and added a worker in its place: one too many now.
      stuckWorkers.returned();
    }
  }

  private void timedOut(ClaimedState claimed, Duration limit) {
    if (!claimed.decide()) {
      return;
    }
    String error = "Node " + claimed.state.nodeName() + " did not finish within " + limit
        + " (execution timeout of runtime '" + name() + "'); its thread was interrupted";
    log.warn("{}: {}", claimed, error);
    Thread runner = claimed.runner();
    if (runner != null) {
      runner.interrupt();
    }
    Report report = new Report.Errored(error);
    listener.finished(claimed.state.nodeName(), report.outcome(), limit);
    reporter.submit(claimed, report);
    try {
      watchdog.schedule(() -> stuckWorkers.replaceIfStillRunning(claimed, this::releasePart), STUCK_GRACE_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // Shutting down: close() deals with what still runs.
    }
  }

  /** Runs the node once and turns whatever happens into the one report it owes. Never throws. */
  private Report execute(ClaimedState claimed) {
    EnqueuedState state = claimed.state;
    NodeAdapter adapter = claimed.adapter;
    if (adapter == null) {
      return new Report.Errored("Runtime '" + name() + "' has no node named '" + state.nodeName() + "'; it runs "
          + nodeNames);
    }
    Map<String, String> secrets = Map.of();
    if (!adapter.secretFields().isEmpty()) {
      try {
        secrets = fetchSecrets(claimed);
      } catch (RuntimeException e) {
        return new Report.Errored("Could not fetch the secrets of node " + state.nodeName() + " for state "
            + state.stateId() + ": " + Failures.summary(e));
      }
    }
    NodeContext context = new NodeContext(state.stateId(), "", "", state.identifier(), state.nodeName(),
        port.namespace());
    log.debug("Executing {}", claimed);
    try {
      List<Map<String, String>> outputs = adapter.execute(state.inputs(), secrets, context);
      return executed(claimed, outputs == null ? List.of() : outputs);
    } catch (PruneSignal signal) {
      log.debug("{} pruned its branch", claimed);
      return new Report.Pruned(signal.data());
    } catch (RequeueAfterSignal signal) {
      log.debug("{} asked to run again after {}", claimed, signal.delay());
      return new Report.Requeued(signal.delay());
    } catch (NodeInputException e) {
      String message = e.getMessage() == null ? Failures.describe(e) : e.getMessage();
      log.warn("{} could not start: {}", claimed, message);
      return new Report.Errored(message);
    } catch (Throwable t) { // NOPMD: any failure of user code, even an Error, becomes an errored state
      if (claimed.phase() == ClaimedState.Phase.RUNNING) {
        log.warn("{} failed", claimed, t);
      } else {
        log.debug("{} ended with {} after its timeout or shutdown took it over", claimed, Failures.describe(t));
      }
      return new Report.Errored(Failures.describe(t));
    }
  }

  /** A null output value would pass {@code executed} and then break every child (docs/state-manager.md §4.4). */
  private static Report executed(ClaimedState claimed, List<Map<String, String>> outputs) {
    for (Map<String, String> output : outputs) {
      if (output == null) {
        return new Report.Errored("Node " + claimed.state.nodeName() + " returned a null element in its list of "
            + "Outputs");
      }
      for (Map.Entry<String, String> field : output.entrySet()) {
        if (field.getValue() == null) {
          return new Report.Errored("Node " + claimed.state.nodeName() + " returned Outputs with " + field.getKey()
              + " = null; every output field needs a value (children read it as text)");
        }
      }
    }
    return new Report.Executed(outputs);
  }

  /**
   * Fetches the graph's secrets for a node that declares some. An unreachable server is waited for
   * (the state is ours until reported); a 5xx is tried a few times, because the real server also answers
   * 500 for a missing state or graph (docs/state-manager.md §1.2.10). Values are never logged.
   */
  private Map<String, String> fetchSecrets(ClaimedState claimed) {
    int serverErrors = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        return port.secrets(claimed.id());
      } catch (RuntimeException e) {
        boolean unreachable = !(e instanceof StateManagerException sme) || sme.status() == 0;
        if (!Failures.retryable(e) || (!unreachable && ++serverErrors >= 3) || stopping) {
          throw e;
        }
        log.debug("Fetching secrets for {} failed ({}); retrying", claimed, Failures.summary(e));
        try {
          TimeUnit.NANOSECONDS.sleep(settings.retryBackoff().jitteredNanos(attempt));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  // ---------------------------------------------------------------- capacity and shutdown

  private void releasePart(ClaimedState claimed) {
    if (!claimed.release()) {
      return;
    }
    inFlight.remove(claimed.id(), claimed);
    idle.activity();
    lock.lock();
    try {
      occupied--;
      // Wake the waiters only when one of them can go on: the poller once there is useful room (room
      // only grows as states settle), close() once nothing is left. Signalling on every settled state
      // woke the poller once per state only for it to wait again. pause() waits for the time or
      // close(), which signals itself.
      if (occupied == 0 || roomToClaim()) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitSettled(long deadline) throws InterruptedException {
    lock.lock();
    try {
      long left;
      while (occupied > 0 && (left = deadline - System.nanoTime()) > 0) {
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  private List<AbandonedState> abandonRemaining(long reporterWaitNanos) throws InterruptedException {
    reporter.stop(Math.max(reporterWaitNanos, TimeUnit.MILLISECONDS.toNanos(100)));
    List<AbandonedState> gone = new ArrayList<>();
    // A last short window to hand back what still runs: the shutdown timeout itself has passed.
    long handBackDeadline = System.nanoTime() + Math.min(settings.shutdownTimeout().toNanos(),
        settings.retryBackoff().max().toNanos());
    for (ClaimedState claimed : List.copyOf(inFlight.values())) {
      AbandonedState unstarted = handBackUnstarted(claimed, handBackDeadline);
      if (unstarted != null) {
        gone.add(unstarted);
      } else if (claimed.abandon(ClaimedState.Phase.RUNNING)) {
        Thread runner = claimed.runner();
        if (runner != null) {
          runner.interrupt();
        }
        gone.add(handBack.errored(claimed, "was still running this state when its shutdown timeout of "
            + settings.shutdownTimeout() + " passed; the node's thread was interrupted and a late result is "
            + "discarded", handBackDeadline));
        releasePart(claimed); // the report part; the execution part goes when the thread returns
      } else if (claimed.abandon(ClaimedState.Phase.REPORTING)) {
        String last = claimed.lastDeliveryError();
        gone.add(HandBack.state(claimed, "its report could not be delivered before the shutdown timeout ("
            + (last == null ? "still being sent" : "last failure: " + last) + ")", false));
        releasePart(claimed);
      }
    }
    pool.shutdownNow();
    return gone;
  }

  private ThreadFactory threads(String role, boolean daemon) {
    return task -> {
      Thread thread = new Thread(task, "exosphere-" + name() + "-" + role + "-" + threadIds.incrementAndGet());
      thread.setDaemon(daemon);
      thread.setUncaughtExceptionHandler((t, e) -> log.error("Unexpected failure on {}", t.getName(), e));
      return thread;
    };
  }

  // ---------------------------------------------------------------- configuration

  /**
   * The built configuration. {@code pollInterval} may be null (unset); {@code nodeTimeouts} overrides the
   * execution timeout per node name.
   */
  record Settings(
      String name,
      int workers,
      int batchSize,
      int bufferSize,
      Duration pollInterval,
      Backoff idleBackoff,
      Backoff retryBackoff,
      Duration shutdownTimeout,
      Duration registrationTimeout,
      Duration executionTimeout,
      Map<String, Duration> nodeTimeouts,
      Duration registrationRefresh,
      boolean closeOnJvmShutdown) {

    /** The execution timeout of one node. */
    Duration timeoutOf(String nodeName) {
      return nodeTimeouts.getOrDefault(nodeName, executionTimeout);
    }
  }

  /** Builder of {@link ExosphereRuntime}; every check happens in {@link #build()}, before anything is registered. */
  public static final class Builder {
    private final StateManagerPort port;
    private String name;
    /** Node classes, node instances and hand-written adapters, in the order given. */
    private final List<Object> nodeSources = new ArrayList<>();
    private NodeFactory nodeFactory;
    private int workers = 8;
    private int batchSize = 16;
    private Integer bufferSize;
    private Duration pollInterval;
    private Backoff idleBackoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(500));
    private Backoff retryBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration registrationTimeout = Duration.ofSeconds(60);
    private Duration executionTimeout = DEFAULT_EXECUTION_TIMEOUT;
    private Duration registrationRefresh = Duration.ofMinutes(1);
    private boolean closeOnJvmShutdown = true;
    private final Map<String, Duration> nodeTimeouts = new LinkedHashMap<>();
    private final List<RuntimeListener> listeners = new ArrayList<>();

    private Builder(StateManagerPort port) {
      this.port = Objects.requireNonNull(port, "stateManager");
    }

    /** The runtime name sent with the registration (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Node classes, e.g. a generated graph's {@code NODES}; their adapters are found in {@link #build()},
     * which also creates one instance of each: with the {@link #nodeFactory} when there is one, else with
     * the class's public no-argument constructor. That one instance runs every state of the node,
     * concurrently (see {@link NodeFactory} for the threading contract and who closes it).
     */
    public Builder nodes(Collection<? extends Class<?>> nodeClasses) {
      nodeClasses.forEach(c -> this.nodeSources.add(Objects.requireNonNull(c, "node class")));
      return this;
    }

    /** Node classes annotated with {@code @Node}; see {@link #nodes(Collection)}. */
    public Builder nodes(Class<?>... nodeClasses) {
      return nodes(Arrays.asList(nodeClasses));
    }

    /**
     * An instance of a {@code @Node} class, e.g. {@code node(new ChargePayment(httpClient))}, for a node
     * that needs collaborators. Its generated adapter is found as for {@link #nodes(Class...)} (for a proxy,
     * through the class it extends), and it replaces its class where that is also given to
     * {@link #nodes(Class...)}, e.g. in a graph's {@code NODES}. It runs every state of its node, on several
     * threads at once, so it must be thread-safe; the caller keeps owning it: the runtime never closes it.
     */
    public Builder node(Object nodeInstance) {
      Objects.requireNonNull(nodeInstance, "node instance");
      if (nodeInstance instanceof Class<?> nodeClass) {
        return nodes(nodeClass); // node(SomeNode.class) means the class, not an instance of Class
      }
      if (nodeInstance instanceof NodeAdapter adapter) {
        return node(adapter);
      }
      nodeSources.add(new GivenInstance(nodeInstance));
      return this;
    }

    /** A node given by its adapter directly (e.g. one written by hand). */
    public Builder node(NodeAdapter adapter) {
      nodeSources.add(Objects.requireNonNull(adapter, "adapter"));
      return this;
    }

    /**
     * Creates the instances of the classes given with {@link #nodes(Class...)}, once per class when the
     * runtime is built; e.g. {@code nodeFactory(applicationContext::getBean)}. Without one, the runtime uses
     * each class's public no-argument constructor.
     */
    public Builder nodeFactory(NodeFactory factory) {
      this.nodeFactory = Objects.requireNonNull(factory, "node factory");
      return this;
    }

    /** How many nodes run at once (default 8). */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** The most states asked for in one {@code enqueue} call (default 16). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * How many claimed states may wait for a free worker (default: the number of workers). Claims never
     * exceed free workers plus this buffer.
     */
    public Builder bufferSize(int bufferSize) {
      this.bufferSize = bufferSize;
      return this;
    }

    /**
     * Sleeps this long after every poll, like the Python runtime's {@code poll_interval} (docs/state-manager.md §5.3),
     * instead of polling again at once while there is work. For comparisons; not recommended.
     */
    public Builder fixedPollInterval(Duration interval) {
      this.pollInterval = positive(interval, "poll interval");
      return this;
    }

    /**
     * The pause after an empty poll, on a state manager without {@code states/await} (Exosphere's own): a
     * tenth of the time since the runtime last claimed or settled a state (or started), never below {@code
     * min} nor above {@code max} (default 10 ms to 500 ms); a settled state also ends the pause at once.
     * {@code max} is the trade-off between the latency of a run that starts after a long idle spell (it
     * waits {@code max / 2} on average for its first state; one that starts {@code t} after the last work
     * waits about {@code t / 20}) and the load of idle runtimes on the server ({@code 1 / max} polls per
     * second each once idle for {@code 10 · max}).
     */
    public Builder idleBackoff(Duration min, Duration max) {
      this.idleBackoff = new Backoff(min, max);
      return this;
    }

    /**
     * The pause before retrying a failed call (registration, poll, report): doubles from {@code initial}
     * up to {@code max}, with jitter (default 100 ms to 10 s).
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.retryBackoff = new Backoff(initial, max);
      return this;
    }

    /** How long {@link ExosphereRuntime#close()} waits for claimed states to finish and be reported (default 30 s). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = nonNegative(timeout, "shutdown timeout");
      return this;
    }

    /** How long {@link ExosphereRuntime#start()} keeps retrying registration while the server fails (default 60 s). */
    public Builder registrationTimeout(Duration timeout) {
      this.registrationTimeout = nonNegative(timeout, "registration timeout");
      return this;
    }

    /**
     * Reports a state as errored when its node runs longer than this, and interrupts the node's thread
     * (default {@link ExosphereRuntime#DEFAULT_EXECUTION_TIMEOUT}, 30 minutes; {@link
     * #executionTimeout(String, Duration)} overrides it per node). A node that ignores the interrupt keeps
     * its thread, but not its worker: after a second another thread takes its place.
     */
    public Builder executionTimeout(Duration timeout) {
      this.executionTimeout = positive(timeout, "execution timeout");
      return this;
    }

    /** Like {@link #executionTimeout(Duration)} for one node, overriding the runtime-wide limit either way. */
    public Builder executionTimeout(String nodeName, Duration timeout) {
      nodeTimeouts.put(Objects.requireNonNull(nodeName, "nodeName"), positive(timeout, "execution timeout"));
      return this;
    }

    /**
     * Adds a listener that hears what the runtime does, e.g. Micrometer metrics:
     * {@code .listener(new MicrometerRuntimeMetrics(registry))}. Listeners are called in the order added.
     */
    public Builder listener(RuntimeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * How often the nodes are registered again while nothing suggests the server forgot them (default 1
     * minute). They are also registered again right after every outage the runtime noticed, since a state
     * manager that restarts without its database (the embedded one always does) forgets them.
     */
    public Builder registrationRefresh(Duration interval) {
      this.registrationRefresh = positive(interval, "registration refresh");
      return this;
    }

    /**
     * Whether JVM shutdown (SIGTERM, {@code System.exit}) runs {@link ExosphereRuntime#close()}, so claimed
     * states are finished or handed back rather than left QUEUED (default true).
     */
    public Builder closeOnJvmShutdown(boolean close) {
      this.closeOnJvmShutdown = close;
      return this;
    }

    /**
     * Finds every node's adapter and checks the configuration.
     *
     * @throws IllegalArgumentException when a node class has no generated adapter, two nodes share a name,
     *     a node is a {@code @Node} interface (executed elsewhere), a node belongs to another namespace, or a
     *     setting is out of range
     */
    public ExosphereRuntime build() {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("A runtime needs a name: ExosphereRuntime.builder(stateManager).name(\"…\")");
      }
      if (workers < 1) {
        throw new IllegalArgumentException("Workers should be at least 1, got " + workers);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("Batch size should be at least 1, got " + batchSize);
      }
      int buffer = bufferSize == null ? workers : bufferSize;
      if (buffer < 0) {
        throw new IllegalArgumentException("Buffer size should be at least 0, got " + buffer);
      }
      if (nodeSources.isEmpty()) {
        throw new IllegalArgumentException("Runtime '" + name + "' has no nodes: pass node classes with nodes(…)");
      }
      NodeInstances instances = new NodeInstances();
      try {
        return build(buffer, instances);
      } catch (RuntimeException | Error e) {
        instances.close(); // what the runtime created so far is its to close
        throw e;
      }
    }

    private ExosphereRuntime build(int buffer, NodeInstances instances) {
      // An instance given for a class that is also listed (say in a graph's NODES) replaces it.
      Set<Class<?>> covered = new HashSet<>();
      for (Object source : nodeSources) {
        if (source instanceof GivenInstance instance) {
          covered.add(NodeAdapters.forInstance(instance.node()).nodeClass());
        }
      }
      for (Object source : nodeSources) {
        if (source instanceof Class<?> nodeClass) {
          if (covered.add(nodeClass)) { // also: a class listed twice runs once
            instances.addClass(nodeClass, nodeFactory);
          }
        } else if (source instanceof GivenInstance given) {
          instances.addInstance(given.node());
        } else {
          instances.addAdapter((NodeAdapter) source);
        }
      }
      List<NodeAdapter> all = instances.adapters();
      if (all.isEmpty()) {
        throw new IllegalArgumentException("Runtime '" + name + "' has no nodes: pass node classes with nodes(…)");
      }
      String namespace = port.namespace();
      Map<String, NodeAdapter> byName = new LinkedHashMap<>();
      for (NodeAdapter adapter : all) {
        String where = adapter.nodeClass().getName();
        if (!adapter.executable()) {
          throw new IllegalArgumentException("Node " + adapter.name() + " (" + where + ") is a @Node interface: "
              + "another runtime executes it, so it cannot be given to a Java runtime");
        }
        if (!adapter.namespace().isEmpty() && !adapter.namespace().equals(namespace)) {
          throw new IllegalArgumentException("Node " + adapter.name() + " (" + where + ") is in namespace '"
              + adapter.namespace() + "' but this runtime works for namespace '" + namespace + "': give it its "
              + "own runtime with a state manager client for '" + adapter.namespace() + "'");
        }
        NodeAdapter clash = byName.putIfAbsent(adapter.name(), adapter);
        if (clash != null) {
          throw new IllegalArgumentException("Nodes " + clash.nodeClass().getName() + " and " + where
              + " share the name '" + adapter.name() + "': node names must be unique in a runtime (and a "
              + "namespace); give one of them @Node(name = \"…\")");
        }
      }
      for (String timed : nodeTimeouts.keySet()) {
        if (!byName.containsKey(timed)) {
          throw new IllegalArgumentException("An execution timeout is set for node '" + timed + "', but runtime '"
              + name + "' has no such node; it runs " + byName.keySet());
        }
      }
      Settings settings = new Settings(name, workers, batchSize, buffer, pollInterval, idleBackoff, retryBackoff,
          shutdownTimeout, registrationTimeout, executionTimeout, Map.copyOf(nodeTimeouts), registrationRefresh,
          closeOnJvmShutdown);
      return new ExosphereRuntime(port, settings, Collections.unmodifiableMap(byName), instances, listeners);
    }

    /** A node instance given with {@link #node(Object)}, told apart from classes and adapters. */
    private record GivenInstance(Object node) {}

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("The " + what + " must be positive, got " + d);
      }
      return d;
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException("The " + what + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
