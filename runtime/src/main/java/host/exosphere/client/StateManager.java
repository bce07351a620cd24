package host.exosphere.client;

import host.exosphere.graph.GraphTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A typed client of one namespace of an Exosphere state manager (contract §1), over {@code java.net.http}.
 *
 * <p>API CONTRACT SKELETON: the signatures below are what the worker, the generated upload helpers and
 * the CLI call; the client work fills in the bodies.
 */
public final class StateManager implements AutoCloseable {

  /** Starts a builder: {@code StateManager.builder().uri(uri).apiKey(key).namespace(ns).build()}. */
  public static Builder builder() {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** From {@code EXOSPHERE_STATE_MANAGER_URI} and {@code EXOSPHERE_API_KEY}. */
  public static StateManager fromEnvironment(String namespace) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  public String namespace() {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  public URI uri() {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** The same server and key, another namespace. */
  public StateManager withNamespace(String namespace) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /**
   * PUTs the template (its secret values filled in) and waits until the server says VALID.
   *
   * @throws GraphValidationException when the server answers 400/422 or the graph ends INVALID; it
   *     carries the server's errors
   */
  public GraphStatus upsertGraph(GraphTemplate template, UpsertOptions options) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** Triggers a run; returns its run id. */
  public String trigger(String graphName, TriggerRequest request) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** Registers nodes for {@code runtimeName}. */
  public void registerNodes(String runtimeName, List<NodeRegistration> nodes) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** Claims up to {@code batchSize} CREATED states of these nodes. */
  public List<EnqueuedState> enqueue(List<String> nodeNames, int batchSize) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  public void executed(String stateId, List<Map<String, String>> outputs) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** Reports a failure; returns whether the server created a retry. */
  public boolean errored(String stateId, String error) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  public void prune(String stateId, Map<String, Object> data) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** Returns the new absolute {@code enqueue_after} in epoch milliseconds. */
  public long reEnqueueAfter(String stateId, Duration delay) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** Returns the new state's id. */
  public String manualRetry(String stateId, String fanoutId) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  /** All secrets of the state's graph, decrypted. Never logged. */
  public Map<String, String> secrets(String stateId) {
    throw new UnsupportedOperationException("client: not implemented yet");
  }

  @Override
  public void close() {}

  /** Builder of {@link StateManager}. */
  public interface Builder {
    Builder uri(URI uri);

    Builder uri(String uri);

    Builder apiKey(String apiKey);

    Builder namespace(String namespace);

    Builder requestTimeout(Duration timeout);

    Builder maxRetries(int retries);

    StateManager build();
  }
}
