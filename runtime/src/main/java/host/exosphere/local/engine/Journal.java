package host.exosphere.local.engine;

/**
 * Where the engine's records outlive the process. The engine keeps every record in memory and works
 * on those; a durable journal also writes what each store write changed, before the write returns.
 */
interface Journal extends AutoCloseable {
  /** The default: nothing is written, everything is gone when the engine stops. */
  Journal IN_MEMORY = new Journal() {
    @Override
    public boolean durable() {
      return false;
    }

    @Override
    public void commit(Changes changes) {}

    @Override
    public void close() {}
  };

  boolean durable();

  /** Writes these changed records as one atomic commit; called under the store's lock. */
  void commit(Changes changes);

  @Override
  void close();
}
