package host.exosphere.local.engine;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The real server's two unique indexes on states (docs/state-manager.md §4.1): one retry per (node,
 * namespace, graph, identifier, run, retry count, fanout id), and one unite state per fingerprint of its
 * node, run, retry count, parents and manual-retry fanout id. An insert that would break one is what
 * makes the server swallow a duplicate retry or unite. Guarded by the store lock.
 */
final class UniqueKeys {
  private final Set<String> retryKeys = new HashSet<>();
  private final Set<String> uniteFingerprints = new HashSet<>();

  /** The retry key of a retry of {@code of}; the run id is its fifth part, as {@link RunRetention} expects. */
  static String retryKey(StateRec of, int retryCount, String fanoutId) {
    return String.join("\u0000", of.nodeName, of.namespace, of.graphName, of.identifier, of.run.runId,
        Integer.toString(retryCount), fanoutId);
  }

  /** Adds a retry key; false when it is taken. */
  boolean addRetryKey(String key) {
    return retryKeys.add(key);
  }

  boolean hasRetryKey(String key) {
    return retryKeys.contains(key);
  }

  /** The retry keys a durable journal kept. */
  void loadRetryKeys(Collection<String> keys) {
    retryKeys.addAll(keys);
  }

  /** Records the fingerprint of a unite state, new or loaded. */
  void addUnite(StateRec s) {
    uniteFingerprints.add(fingerprint(s.nodeName, s.namespace, s.identifier, s.graphName, s.run.runId,
        s.retryCount, s.parents, s.manualRetryFanoutId));
  }

  boolean hasUnite(String nodeName, String namespace, String identifier, String graphName, String runId,
      int retryCount, Map<String, String> parents, String manualRetryFanoutId) {
    return uniteFingerprints.contains(fingerprint(nodeName, namespace, identifier, graphName, runId, retryCount,
        parents, manualRetryFanoutId));
  }

  /** Forgets the keys of dropped runs, telling {@code droppedRetryKey} of each retry key it removes. */
  void dropRuns(Set<String> runIds, Consumer<String> droppedRetryKey) {
    retryKeys.removeIf(key -> {
      boolean owned = RunRetention.ownedBy(key, runIds);
      if (owned) {
        droppedRetryKey.accept(key);
      }
      return owned;
    });
    uniteFingerprints.removeIf(key -> RunRetention.ownedBy(key, runIds));
  }

  /** The unite uniqueness key; the server hashes the same fields (§4.1), equality is all that matters here. */
  private static String fingerprint(String nodeName, String namespace, String identifier, String graphName,
      String runId, int retryCount, Map<String, String> parents, String manualRetryFanoutId) {
    StringBuilder key = new StringBuilder();
    key.append(nodeName).append('\u0000').append(namespace).append('\u0000').append(identifier).append('\u0000')
        .append(graphName).append('\u0000').append(runId).append('\u0000').append(retryCount).append('\u0000')
        .append(manualRetryFanoutId);
    // The server's canonical JSON sorts keys, so the order of parents does not matter.
    new TreeMap<>(parents).forEach((k, v) -> key.append('\u0000').append(k).append('=').append(v));
    return key.toString();
  }
}
