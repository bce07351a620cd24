package host.exosphere.local.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * The engine's pieces, wired from a {@link LocalEngine.Builder}: the storage (in memory, or a data
 * directory whose journal is loaded and whose runs in flight resume), the secrets key, the background
 * executor, and the operations over one store. Kept apart from {@link LocalEngine}, which only delegates
 * the endpoints to these pieces.
 */
record EngineParts(EngineStore store, BackgroundTasks tasks, GraphOps graphOps, StateOps stateOps, RunOps runOps,
    CronOps cron) {

  static EngineParts assemble(LocalEngine.Builder builder) {
    Journal journal = Journal.IN_MEMORY;
    String key = builder.encryptionKey;
    if (builder.dataDir != null) {
      requireStorageEngine();
      DurableJournal durable = DurableJournal.open(builder.dataDir);
      journal = durable;
      if (key == null) {
        try {
          key = durable.secretsKey();
        } catch (RuntimeException e) {
          durable.close();
          throw e;
        }
      }
    }
    EngineStore store = new EngineStore(builder.clock, journal);
    if (builder.clock instanceof MutableClock moving) {
      // A state whose enqueue_after a test clock just passed is claimable now: tell the waiters.
      moving.onChange(store.arrivals()::arrived);
    }
    store.retainFinishedRuns(builder.retainFinishedRuns);
    SecretCipher cipher = new SecretCipher(key != null ? key : SecretCipher.randomKey());
    ExecutorService executor = builder.executor;
    boolean ownsExecutor = executor == null;
    if (executor == null) {
      executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exosphere-engine");
        t.setDaemon(true);
        return t;
      });
    }
    BackgroundTasks tasks = new BackgroundTasks(store, executor, ownsExecutor);
    CronOps cron = new CronOps(store);
    GraphOps graphOps = new GraphOps(store, tasks, cipher, cron);
    RunOps runOps = new RunOps(store);
    cron.triggerWith(runOps::trigger);
    NextStates.Scheduler nextStates = new NextStates.Scheduler(store, tasks);
    StateOps stateOps = new StateOps(store, nextStates,
        cipher, builder.random != null ? builder.random : RandomGenerator.of("L64X128MixRandom"));
    if (journal instanceof DurableJournal durable) {
      try {
        store.write(() -> durable.load(store)).resume(graphOps, nextStates);
      } catch (RuntimeException e) {
        tasks.close();
        durable.close();
        throw e;
      }
    }
    return new EngineParts(store, tasks, graphOps, stateOps, runOps, cron);
  }

  private static void requireStorageEngine() {
    try {
      Class.forName("org.h2.mvstore.MVStore", false, EngineParts.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("A data directory needs H2's storage engine: add the dependency "
          + "com.h2database:h2-mvstore (the exosphere CLI jar already has it)", e);
    }
  }
}
