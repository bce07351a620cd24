package host.exosphere.worker;

import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManagerException;
import host.exosphere.graph.NodeSchemas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a runtime's nodes registered. A state manager that restarts without its database (the embedded
 * one always does) forgets them, and then refuses every graph that uses them as INVALID while the
 * runtime keeps polling happily; so the nodes are registered again after every outage the poller saw,
 * whenever an answer says a node is unknown, and every refresh interval in case a restart fell between
 * two polls. Registering is an upsert on the server, so repeating it is harmless.
 */
final class Registration {
  private static final Logger log = LoggerFactory.getLogger(Registration.class);

  private final StateManagerPort port;
  private final String runtimeName;
  private final List<String> nodeNames;
  private final List<NodeRegistration> registrations;
  private final Backoff retryBackoff;
  private final Duration refresh;
  private long lastNanos;
  private long notBeforeNanos;
  private boolean owed;

  Registration(StateManagerPort port, String runtimeName, Collection<NodeAdapter> adapters, Backoff retryBackoff,
      Duration refresh) {
    this.port = port;
    this.runtimeName = runtimeName;
    this.retryBackoff = retryBackoff;
    this.refresh = refresh;
    List<NodeRegistration> list = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (NodeAdapter adapter : adapters) {
      names.add(adapter.name());
      list.add(new NodeRegistration(adapter.name(), NodeSchemas.pydanticSchema("Inputs", adapter.inputFields()),
          NodeSchemas.pydanticSchema("Outputs", adapter.outputFields()), adapter.secretFields()));
    }
    this.registrations = List.copyOf(list);
    this.nodeNames = List.copyOf(names);
  }

  /**
   * The first registration: retried with backoff while the server is unreachable or failing, up to
   * {@code timeout}.
   *
   * @throws IllegalStateException when the server refused the nodes or did not take them in time
   */
  void initial(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        send();
        log.info("Runtime '{}' registered nodes {} in namespace '{}'", runtimeName, nodeNames, port.namespace());
        return;
      } catch (RuntimeException e) {
        String why = Failures.summary(e);
        long pause = retryBackoff.jitteredNanos(attempt);
        if (!Failures.retryable(e)) {
          throw new IllegalStateException("Runtime '" + runtimeName + "' could not register nodes " + nodeNames
              + " in namespace '" + port.namespace() + "': the state manager refused them (" + why + ")", e);
        }
        if (System.nanoTime() + pause - deadline > 0) {
          throw new IllegalStateException("Runtime '" + runtimeName + "' could not register nodes " + nodeNames
              + " in namespace '" + port.namespace() + "' within " + timeout + "; last failure: " + why, e);
        }
        log.warn("Registering nodes of runtime '{}' failed ({}); retrying in {} ms", runtimeName, why,
            TimeUnit.NANOSECONDS.toMillis(pause));
        try {
          TimeUnit.NANOSECONDS.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while registering runtime '" + runtimeName + "'", ie);
        }
      }
    }
  }

  /** The server was unreachable or failing: it may come back without the nodes. Poller thread only. */
  void outage() {
    owed = true;
  }

  /** A failure that says a node is unknown to the server. Poller thread only. */
  void failed(Throwable e) {
    if (e instanceof StateManagerException sme && sme.detail() != null) {
      String detail = sme.detail();
      if (detail.contains("Registered node not found") || (detail.startsWith("Node ") && detail.contains("does not exist"))) {
        owed = true;
      }
    }
  }

  /**
   * Registers again when an outage or a refusal made it owed, or the refresh interval passed. Called by
   * the poller after each successful poll; a failure leaves it owed for the next one.
   */
  void refreshIfDue() {
    long now = System.nanoTime();
    if ((!owed && now - lastNanos < refresh.toNanos()) || now - notBeforeNanos < 0) {
      return;
    }
    boolean afterOutage = owed;
    try {
      send();
      owed = false;
      if (afterOutage) {
        log.info("Runtime '{}' registered nodes {} again after the state manager came back", runtimeName, nodeNames);
      } else {
        log.debug("Runtime '{}' refreshed the registration of nodes {}", runtimeName, nodeNames);
      }
    } catch (RuntimeException e) {
      owed = true;
      notBeforeNanos = System.nanoTime() + retryBackoff.max().toNanos();
      log.warn("Registering nodes {} again failed ({}); trying again in {}", nodeNames,
          Failures.summary(e), retryBackoff.max());
    }
  }

  private void send() {
    port.registerNodes(runtimeName, registrations);
    lastNanos = System.nanoTime();
  }
}
