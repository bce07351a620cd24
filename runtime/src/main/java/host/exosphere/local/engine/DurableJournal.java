package host.exosphere.local.engine;

import host.exosphere.local.engine.Documents.CronDoc;
import host.exosphere.local.engine.Documents.GraphDoc;
import host.exosphere.local.engine.Documents.NodeDoc;
import host.exosphere.local.engine.Documents.RunDoc;
import host.exosphere.local.engine.Documents.StateDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's records on disk, in an H2 MVStore file ({@code exosphere.mv.db}) inside the data
 * directory: one map per kind of record, one JSON document per record. Each store write becomes one
 * MVStore transaction (all or nothing: a transaction a killed process left open is rolled back on
 * open), and the engine answers only after it is in the file ({@link #sync()}), so a {@code kill -9}
 * loses nothing a client was told had happened. Concurrent requests share file writes.
 *
 * <p>The secrets encryption key lives beside it in {@code secrets.key} (owner-only where the file
 * system has permissions), created on first use, unless one is given: graphs keep their ciphertexts on
 * disk, and the key must outlive restarts to read them.
 */
final class DurableJournal implements Journal {
  private static final Logger LOG = LoggerFactory.getLogger(DurableJournal.class);
  static final String STORE_FILE = "exosphere.mv.db";
  static final String KEY_FILE = "secrets.key";

  private static final String NODES = "nodes";
  private static final String GRAPHS = "graphs";
  private static final String RUNS = "runs";
  private static final String STATES = "states";
  private static final String CRON = "cron_triggers";
  private static final String RETRY_KEYS = "retry_keys";
  private static final String META = "exosphere_meta";
  private static final String FORMAT_KEY = "format";
  /**
   * The layout of the records this class writes. Raise it whenever a document changes shape, so that a
   * directory written in another layout is refused with a clear message instead of loading half-read.
   * Format 2: a graph is stored as the validator's model ({@code template}), no longer as its request body.
   */
  static final int FORMAT = 2;

  private final Path dir;
  private final MVStore mv;
  private final TransactionStore transactions;
  /** Store writes committed as transactions, and how many of them are on disk; guarded by {@code synced}. */
  private final AtomicLong committed = new AtomicLong();
  private final Object synced = new Object();
  private long onDisk;

  private DurableJournal(Path dir, MVStore mv) {
    this.dir = dir;
    this.mv = mv;
    this.transactions = new TransactionStore(mv);
    // Rolls back what a killed process had begun but not committed: a store write is all or nothing.
    transactions.init();
  }

  /** Opens (or creates) the store in {@code dir}; one process at a time, as the file is locked. */
  static DurableJournal open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory " + dir + ": " + e.getMessage(), e);
    }
    try {
      MVStore mv = new MVStore.Builder()
          .fileName(dir.resolve(STORE_FILE).toString())
          // Small pages: a commit rewrites every page it touched, and most writes touch one or two records.
          .pageSplitSize(4096)
          .open();
      // MVStore's background thread frees the space of old versions once they are this old (ms); the
      // default of 45 s lets a busy server's file grow by hundreds of MB before any space is reused.
      mv.setRetentionTime(1_000);
      checkFormat(dir, mv);
      return new DurableJournal(dir, mv);
    } catch (MVStoreException e) {
      throw new IllegalStateException("Cannot open the data directory " + dir + " (is another server using it?): "
          + e.getMessage(), e);
    }
  }

  /**
   * Stamps a new directory with {@link #FORMAT} and refuses one written in another layout. A directory
   * with records but no stamp was written before formats were stamped (format 1).
   */
  static void checkFormat(Path dir, MVStore mv) {
    MVMap<String, String> meta = mv.openMap(META);
    String stamped = meta.get(FORMAT_KEY);
    boolean hasRecords = mv.hasMap(NODES) || mv.hasMap(GRAPHS) || mv.hasMap(RUNS) || mv.hasMap(STATES);
    if (stamped == null && !hasRecords) {
      meta.put(FORMAT_KEY, Integer.toString(FORMAT));
      mv.commit();
      return;
    }
    String found = stamped == null ? "1" : stamped;
    if (!found.equals(Integer.toString(FORMAT))) {
      mv.closeImmediately();
      throw new IllegalStateException("The data directory " + dir + " holds data in format " + found
          + ", which this version of the embedded server cannot read (it reads format " + FORMAT + "). "
          + "Use the version that wrote it, or start this one with a new directory.");
    }
  }

  @Override
  public boolean durable() {
    return true;
  }

  /** The key kept in the data directory, generated and written (owner-only) the first time. */
  String secretsKey() {
    Path file = dir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        String key = SecretCipher.randomKey();
        Path tmp = dir.resolve(KEY_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
          Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(tmp);
        }
        Files.writeString(tmp, key, StandardCharsets.US_ASCII);
        try {
          Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(tmp);
        }
      }
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the secrets key in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes one store write's records as one transaction. Called under the store's lock, so it only
   * touches memory; {@link #sync()} puts it on disk.
   */
  @Override
  public void commit(Changes changes) {
    Transaction tx = transactions.begin();
    put(tx, NODES, changes.nodes, n -> n.namespace + '\u0000' + n.name, NodeDoc::of);
    put(tx, GRAPHS, changes.graphs, g -> g.namespace + '\u0000' + g.name, GraphDoc::of);
    put(tx, RUNS, changes.runs, r -> r.runId, RunDoc::of);
    put(tx, STATES, changes.states, s -> s.id, StateDoc::of);
    TransactionMap<String, String> cron = tx.openMap(CRON);
    for (String key : changes.removedCronKeys) {
      cron.remove(key);
    }
    put(tx, CRON, changes.cronRows, CronRow::key, CronDoc::of);
    TransactionMap<String, String> retries = tx.openMap(RETRY_KEYS);
    for (String key : changes.retryKeys) {
      retries.put(key, "");
    }
    remove(tx, RUNS, changes.droppedRunIds);
    remove(tx, STATES, changes.droppedStateIds);
    remove(tx, RETRY_KEYS, changes.droppedRetryKeys);
    tx.commit();
    committed.incrementAndGet();
  }

  private static <R> void put(Transaction tx, String map, Iterable<R> records, Function<R, String> key,
      Function<R, Object> document) {
    TransactionMap<String, String> target = null;
    for (R record : records) {
      if (target == null) {
        target = tx.openMap(map);
      }
      target.put(key.apply(record), Documents.write(document.apply(record)));
    }
  }

  private static void remove(Transaction tx, String map, Iterable<String> keys) {
    TransactionMap<String, String> target = null;
    for (String key : keys) {
      if (target == null) {
        target = tx.openMap(map);
      }
      target.remove(key);
    }
  }

  /**
   * Writes every committed transaction to the file, outside the store's lock. Callers that arrive while
   * one write is in progress share the next: under concurrent requests one file write serves many.
   */
  @Override
  public void sync() {
    long wanted = committed.get();
    synchronized (synced) {
      if (onDisk >= wanted) {
        return;
      }
      long upTo = committed.get();
      mv.commit();
      onDisk = upTo;
    }
  }

  /** Fills an empty store with everything on disk; returns what was in flight. */
  Resumption load(EngineStore store) {
    Transaction tx = transactions.begin();
    try {
      return load(store, tx);
    } finally {
      tx.commit();
    }
  }

  private Resumption load(EngineStore store, Transaction tx) {
    TransactionMap<String, String> nodes = tx.openMap(NODES);
    TransactionMap<String, String> graphs = tx.openMap(GRAPHS);
    TransactionMap<String, String> runs = tx.openMap(RUNS);
    TransactionMap<String, String> states = tx.openMap(STATES);
    TransactionMap<String, String> cronRows = tx.openMap(CRON);
    TransactionMap<String, String> retryKeys = tx.openMap(RETRY_KEYS);
    for (String json : nodes.values()) {
      NodeRec n = Documents.read(json, NodeDoc.class).toRecord();
      store.nodes.put(List.of(n.name, n.namespace), n);
    }
    List<GraphRec> pendingGraphs = new ArrayList<>();
    for (String json : graphs.values()) {
      GraphRec g = Documents.read(json, GraphDoc.class).toRecord();
      store.graphs.put(List.of(g.namespace, g.name), g);
      if (GraphOps.PENDING.equals(g.validationStatus)) {
        pendingGraphs.add(g);
      }
    }
    long seq = 0;
    List<RunRec> allRuns = new ArrayList<>();
    for (String json : runs.values()) {
      allRuns.add(Documents.read(json, RunDoc.class).toRecord());
    }
    allRuns.sort(Comparator.comparingLong(r -> r.seq));
    for (RunRec run : allRuns) {
      store.runs.put(run.runId, run);
      store.runsByNamespace.computeIfAbsent(run.namespace, k -> new ArrayList<>()).add(run);
      seq = Math.max(seq, run.seq);
    }
    List<StateDoc> docs = new ArrayList<>();
    for (String json : states.values()) {
      docs.add(Documents.read(json, StateDoc.class));
    }
    // Oldest first, so every state's parents are indexed before it.
    docs.sort(Comparator.comparingLong(StateDoc::seq));
    Map<List<Object>, List<StateRec>> unfinished = new LinkedHashMap<>();
    for (StateDoc doc : docs) {
      RunRec run = store.runs.get(doc.runId());
      if (run == null) {
        LOG.warn("state {} of unknown run {} left out", doc.id(), doc.runId());
        continue;
      }
      StateRec s = doc.toRecord(store, run);
      store.index(s);
      seq = Math.max(seq, Math.max(s.seq, s.changedSeq));
      if (s.childrenPending) {
        unfinished.computeIfAbsent(List.of(run.runId, s.identifier, s.parents), k -> new ArrayList<>()).add(s);
      }
    }
    store.seq = seq;
    for (String json : cronRows.values()) {
      store.addCronRow(Documents.read(json, CronDoc.class).toRecord());
    }
    store.uniqueKeys.loadRetryKeys(retryKeys.keySet());
    // A directory written with a larger retention (or before drops reached the disk) is trimmed now.
    store.sweepFinishedRuns(store.runs.size());
    LOG.info("Loaded {} graph(s), {} run(s) and {} state(s) from {}", store.graphs.size(), allRuns.size(), docs.size(),
        dir);
    return new Resumption(pendingGraphs, List.copyOf(unfinished.values()));
  }

  /** What a previous process left in flight: graphs not yet verified, executed states without next states. */
  record Resumption(List<GraphRec> pendingGraphs, List<List<StateRec>> executedWithoutChildren) {
    /** Queues that work again, in the order the previous process would have done it. */
    void resume(GraphOps graphOps, NextStates.Scheduler nextStates) {
      for (GraphRec g : pendingGraphs) {
        graphOps.verifyLater(g, g.version);
      }
      for (List<StateRec> executed : executedWithoutChildren) {
        nextStates.later(executed);
      }
    }
  }

  @Override
  public void close() {
    if (!mv.isClosed()) {
      transactions.close();
      mv.close();
    }
  }
}
