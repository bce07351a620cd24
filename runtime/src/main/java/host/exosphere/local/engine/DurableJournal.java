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
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's records on disk, in an H2 MVStore file ({@code exosphere.mv.db}) inside the data
 * directory: one map per kind of record, one JSON document per record. Each store write becomes one
 * MVStore commit, which is atomic (a crash leaves the last complete commit) and written to the file
 * before the engine answers, so a {@code kill -9} loses nothing a client was told had happened.
 *
 * <p>The secrets encryption key lives beside it in {@code secrets.key} (owner-only where the file
 * system has permissions), created on first use, unless one is given: graphs keep their ciphertexts on
 * disk, and the key must outlive restarts to read them.
 */
final class DurableJournal implements Journal {
  private static final Logger LOG = LoggerFactory.getLogger(DurableJournal.class);
  static final String STORE_FILE = "exosphere.mv.db";
  static final String KEY_FILE = "secrets.key";

  private final Path dir;
  private final MVStore mv;
  private final MVMap<String, String> nodes;
  private final MVMap<String, String> graphs;
  private final MVMap<String, String> runs;
  private final MVMap<String, String> states;
  private final MVMap<String, String> cronRows;
  private final MVMap<String, String> retryKeys;

  private DurableJournal(Path dir, MVStore mv) {
    this.dir = dir;
    this.mv = mv;
    this.nodes = mv.openMap("nodes");
    this.graphs = mv.openMap("graphs");
    this.runs = mv.openMap("runs");
    this.states = mv.openMap("states");
    this.cronRows = mv.openMap("cron_triggers");
    this.retryKeys = mv.openMap("retry_keys");
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
          // Commits happen when the engine says, never on a background timer half-way through a write.
          .autoCommitDisabled()
          .open();
      return new DurableJournal(dir, mv);
    } catch (MVStoreException e) {
      throw new IllegalStateException("Cannot open the data directory " + dir + " (is another server using it?): "
          + e.getMessage(), e);
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

  @Override
  public void commit(Changes changes) {
    for (NodeRec n : changes.nodes) {
      nodes.put(n.namespace + '\u0000' + n.name, Documents.write(NodeDoc.of(n)));
    }
    for (GraphRec g : changes.graphs) {
      graphs.put(g.namespace + '\u0000' + g.name, Documents.write(GraphDoc.of(g)));
    }
    for (RunRec r : changes.runs) {
      runs.put(r.runId, Documents.write(RunDoc.of(r)));
    }
    for (StateRec s : changes.states) {
      states.put(s.id, Documents.write(StateDoc.of(s)));
    }
    for (String key : changes.removedCronKeys) {
      cronRows.remove(key);
    }
    for (CronRow row : changes.cronRows) {
      cronRows.put(row.key(), Documents.write(CronDoc.of(row)));
    }
    for (String key : changes.retryKeys) {
      retryKeys.put(key, "");
    }
    mv.commit();
  }

  /** Fills an empty store with everything on disk; returns what was in flight. */
  Resumption load(EngineStore store) {
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
    List<StateDoc> docs = new ArrayList<>(states.size());
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
    store.retryKeys.addAll(retryKeys.keySet());
    LOG.info("Loaded {} graph(s), {} run(s) and {} state(s) from {}", graphs.size(), allRuns.size(), docs.size(), dir);
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
      mv.close();
    }
  }
}
