package host.exosphere.worker;

/**
 * Creates the instances of {@code @Node} classes for a runtime, e.g. from a dependency-injection
 * container: {@link ExosphereRuntime.Builder#nodeFactory(NodeFactory)} calls {@link #create} once per node
 * class given with {@code nodes(…)}, when the runtime is built, never per state.
 *
 * <p><b>Threading.</b> The runtime runs every state of a node class on the one instance created for it, on
 * as many worker threads at once as it has workers. A node must therefore be stateless, or keep only
 * thread-safe collaborators (an HTTP client, a connection pool) in its fields.
 *
 * <p><b>Ownership.</b> The instances belong to whoever made them: the runtime closes ({@link AutoCloseable})
 * only the instances it created itself with a node's no-argument constructor. For the instances a factory
 * made it calls {@link #release} once each when it closes, which does nothing by default (a container
 * destroys its own beans); instances passed to {@code node(Object)} are never closed by the runtime.
 */
@FunctionalInterface
public interface NodeFactory {

  /**
   * An instance of {@code nodeClass} (it may be a subclass or proxy of it) to run every state of that node.
   *
   * @throws Exception when it cannot be made; {@code build()} then fails with this as the cause
   */
  <T> T create(Class<T> nodeClass) throws Exception;

  /**
   * Called once for each instance {@link #create} returned, when the runtime that asked for it closes,
   * after its last state finished. By default nothing: the factory's owner disposes of its instances.
   *
   * @throws Exception logged by the runtime, which goes on closing
   */
  default void release(Object node) throws Exception {
    // The container that made the instance owns it.
  }
}
