package host.exosphere.local.engine;

import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.ManualRetryRequest;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineRequests.ReEnqueueRequest;
import host.exosphere.local.engine.EngineResponses.EnqueueResponse;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.ErroredResponse;
import host.exosphere.local.engine.EngineResponses.ExecutedResponse;
import host.exosphere.local.engine.EngineResponses.ManualRetryResponse;
import host.exosphere.local.engine.EngineResponses.SecretsResponse;
import host.exosphere.local.engine.EngineResponses.SignalResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The state endpoints (#9–#15 of docs/state-manager.md §1.2), as the server's state router. */
final class StateOps {
  private final EngineStore store;
  private final NextStates.Scheduler nextStates;
  private final SecretCipher cipher;
  private final RandomGenerator random;

  StateOps(EngineStore store, NextStates.Scheduler nextStates, SecretCipher cipher, RandomGenerator random) {
    this.store = store;
    this.nextStates = nextStates;
    this.cipher = cipher;
    this.random = random;
  }

  /** Atomic claims of due CREATED states (§1.2.9); find_one_and_update is a $set: updated_at stays. */
  EnqueueResponse enqueue(String namespace, EnqueueRequest request) {
    List<EnqueuedStateBody> claimed = store.write(() -> {
      List<EnqueuedStateBody> out = new ArrayList<>();
      for (StateRec s : store.claim(namespace, request.nodes(), request.batchSize())) {
        out.add(new EnqueuedStateBody(s.id, s.nodeName, s.identifier, s.inputs, Timestamps.format(s.createdAt)));
      }
      return out;
    });
    return new EnqueueResponse(claimed.size(), namespace, "QUEUED", claimed);
  }

  /** One look at the queues: the earliest due time, the clock, and the arrivals seen so far. */
  private record Look(long earliestDue, long now, long version) {}

  /**
   * Waits until a CREATED state of one of {@code nodes} is due, claiming nothing (the embedded-only {@code
   * states/await}; see {@link LocalEngine#awaitStates}). The look at the queues and the arrivals version
   * are taken together under the store lock, so an arrival between that look and the wait is never lost.
   */
  boolean awaitStates(String namespace, List<String> nodes, Duration timeout, String waiterId)
      throws InterruptedException {
    StateArrivals arrivals = store.arrivals();
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    StateArrivals.Waiter waiter = arrivals.enter(waiterId);
    try {
      while (true) {
        Look look = store.read(() -> new Look(store.earliestDue(namespace, nodes), store.nowMillis(), arrivals.version()));
        if (look.earliestDue <= look.now) {
          return true;
        }
        long dueInMillis = look.earliestDue == Long.MAX_VALUE ? Long.MAX_VALUE : look.earliestDue - look.now;
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // A delayed state (start_delay, retry, re-enqueue-after) becomes due without any arrival; with
        // the system clock the wait ends then. A test clock calls arrived() itself when it moves.
        long park = dueInMillis >= left / 1_000_000 ? left : Math.max(1, dueInMillis) * 1_000_000;
        if (!arrivals.await(waiter, look.version, park)) {
          return false;
        }
      }
    } finally {
      arrivals.leave(waiter);
    }
  }

  /**
   * Every secret of the state's graph, decrypted. A missing state, a state of another namespace or a
   * missing graph are plain errors on the server, hence 500 (§1.2.10).
   */
  SecretsResponse secrets(String namespace, String stateId) {
    Map<String, String> encrypted = store.read(() -> {
      if (!Ids.isObjectId(stateId)) {
        throw ApiException.internalError("invalid ObjectId for state_id");
      }
      StateRec state = store.state(stateId.toLowerCase(Locale.ROOT));
      if (state == null) {
        throw ApiException.internalError("State not found");
      }
      if (!state.namespace.equals(namespace)) {
        throw ApiException.internalError("State does not belong to namespace " + namespace);
      }
      GraphRec graph = store.graph(namespace, state.graphName);
      if (graph == null) {
        throw ApiException.internalError("Graph template not found");
      }
      return new LinkedHashMap<>(graph.encryptedSecrets());
    });
    Map<String, String> plain = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : encrypted.entrySet()) {
        plain.put(e.getKey(), cipher.decrypt(e.getValue()));
      }
    } catch (SecretCipher.KeyException | IllegalStateException e) {
      throw ApiException.internalError(e.getMessage());
    }
    return new SecretsResponse(plain);
  }

  /** Fan-out (§4.3); next states are created after the answer, in the background (§4.4). */
  ExecutedResponse executed(String namespace, String stateId, ExecutedRequest request) {
    store.write(() -> {
      StateRec state = store.stateForUpdate(stateId);
      if (state.status != Status.QUEUED) {
        throw new ApiException(400, "State is not queued");
      }
      List<Map<String, Object>> outputs = request.outputs();
      Map<String, Object> first = outputs.isEmpty() ? Map.of() : outputs.get(0);
      if (!Bson.fits(first)) {
        throw ApiException.internalError("outputs hold what BSON cannot store");
      }
      List<StateRec> executed = new ArrayList<>(Math.max(1, outputs.size()));
      LocalDateTime now = store.now();
      state.outputs = first;
      state.updatedAt = now;
      store.setStatus(state, Status.EXECUTED);
      if (!Bson.fits(outputs.subList(Math.min(1, outputs.size()), outputs.size()))) {
        // The server saves the state with its first output before it inserts the fan-out's other states;
        // when those cannot be stored the answer is a 500 and no next state is ever created.
        HangDetector.logIfFinished(store, state.run);
        throw ApiException.internalError("fan-out outputs hold what BSON cannot store");
      }
      state.childrenPending = true;
      executed.add(state);
      for (int i = 1; i < outputs.size(); i++) {
        StateRec extra = store.insertState(state.run, state.nodeName, state.namespace, state.identifier,
            state.graphName, state.inputs, new LinkedHashMap<>(state.parents), false, 0, null, "", Status.EXECUTED,
            store.nowMillis(), now);
        extra.outputs = outputs.get(i);
        extra.childrenPending = true;
        executed.add(extra);
      }
      // Queued while still holding the lock, so the task is durable together with the states it is for.
      nextStates.later(executed);
    });
    return new ExecutedResponse("EXECUTED");
  }

  /** Automatic retries (§1.2.12, §4.6). */
  ErroredResponse errored(String namespace, String stateId, ErroredRequest request) {
    return store.write(() -> {
      StateRec state = store.stateForUpdate(stateId);
      if (state.status != Status.QUEUED && state.status != Status.EXECUTED) {
        throw new ApiException(400, "State is not queued or executed");
      }
      if (state.status == Status.EXECUTED) {
        throw new ApiException(400, "State is already executed");
      }
      GraphRec graph = store.graph(namespace, state.graphName);
      if (graph == null) {
        throw new ApiException(404, "Graph template not found");
      }
      LocalDateTime now = store.now();
      boolean retryCreated = false;
      if (state.retryCount < graph.retryPolicy().maxRetries()) {
        int attempt = state.retryCount + 1;
        long delay = graph.retryPolicy().delayMillis(attempt, random);
        long due;
        try {
          due = Math.addExact(store.nowMillis(), delay);
        } catch (ArithmeticException e) {
          // The retry's insert fails on a value beyond Mongo's 64-bit ints: 500, the state is unchanged.
          throw ApiException.internalError("retry enqueue_after beyond 64 bits");
        }
        // A retry that already exists (the state was re-enqueued and failed again) still counts as created,
        // and so does one whose join fingerprint is taken: the server's insert fails and it says nothing.
        boolean fingerprintTaken = state.doesUnites && store.hasUniteFingerprint(state, attempt, state.parents, "");
        if (!fingerprintTaken && store.addRetryKey(state, attempt, state.fanoutId)) {
          // The server's retry copies the fanout id but not the manual-retry one, so the retry of a join
          // that was retried by hand shares its fingerprint with the earlier automatic retry.
          store.insertState(state.run, state.nodeName, state.namespace, state.identifier, state.graphName,
              state.inputs, new LinkedHashMap<>(state.parents), state.doesUnites, attempt, state.fanoutId, "",
              Status.CREATED, due, now);
        }
        retryCreated = true;
        store.setStatus(state, Status.RETRY_CREATED);
      } else {
        store.setStatus(state, Status.ERRORED);
      }
      state.error = request.error();
      state.updatedAt = now;
      HangDetector.logIfFinished(store, state.run);
      return new ErroredResponse("ERRORED", retryCreated);
    });
  }

  SignalResponse prune(String namespace, String stateId, PruneRequest request) {
    return store.write(() -> {
      StateRec state = store.stateForUpdate(stateId);
      if (state.status != Status.QUEUED) {
        throw new ApiException(400, "State is not queued");
      }
      if (!Bson.fits(request.data())) {
        throw ApiException.internalError("prune data holds what BSON cannot store");
      }
      store.setStatus(state, Status.PRUNED);
      state.data = request.data();
      state.updatedAt = store.now();
      HangDetector.logIfFinished(store, state.run);
      return new SignalResponse(state.enqueueAfter, "PRUNED");
    });
  }

  /** No status precondition: any state goes back to CREATED (§1.2.14 QUIRK). */
  SignalResponse reEnqueueAfter(String namespace, String stateId, ReEnqueueRequest request) {
    return store.write(() -> {
      StateRec state = store.stateForUpdate(stateId);
      long due;
      try {
        due = Math.addExact(store.nowMillis(), request.enqueueAfter());
      } catch (ArithmeticException e) {
        // The save of a value beyond Mongo's 64-bit ints fails: 500, the state is left as it was.
        throw ApiException.internalError("enqueue_after beyond 64 bits");
      }
      store.requeue(state, due);
      state.updatedAt = store.now();
      return new SignalResponse(due, "CREATED");
    });
  }

  ManualRetryResponse manualRetry(String namespace, String stateId, ManualRetryRequest request) {
    return store.write(() -> {
      StateRec state = store.stateForUpdate(stateId);
      if (!state.namespace.equals(namespace)) {
        throw new ApiException(404, "State not found");
      }
      LinkedHashMap<String, String> parents = new LinkedHashMap<>(state.parents);
      if (store.hasRetryKey(state, 0, request.fanoutId())
          || (state.doesUnites && store.hasUniteFingerprint(state, 0, parents, request.fanoutId()))) {
        throw new ApiException(409, "Duplicate retry state detected");
      }
      store.addRetryKey(state, 0, request.fanoutId());
      LocalDateTime now = store.now();
      StateRec copy = store.insertState(state.run, state.nodeName, state.namespace, state.identifier,
          state.graphName, state.inputs, parents, state.doesUnites, 0, request.fanoutId(), request.fanoutId(),
          Status.CREATED, store.nowMillis(), now);
      store.setStatus(state, Status.RETRY_CREATED);
      state.updatedAt = now;
      return new ManualRetryResponse(copy.id, "CREATED");
    });
  }
}
