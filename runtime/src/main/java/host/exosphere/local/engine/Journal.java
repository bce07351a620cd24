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
    public void sync() {}

    @Override
    public void close() {}
  };

  boolean durable();

  /** Records these changes as one atomic unit; called under the store's lock, so it should not wait for disk. */
  void commit(Changes changes);

  /** Returns once everything committed so far is on disk; called outside the store's lock. */
  void sync();

  @Override
  void close();
}
