package host.exosphere.local.engine;

import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.TemplateRenderException;
import host.exosphere.graph.TemplateString;
import host.exosphere.graph.TemplateSyntaxException;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import host.exosphere.local.engine.EngineResponses.EdgeBody;
import host.exosphere.local.engine.EngineResponses.GraphNodeBody;
import host.exosphere.local.engine.EngineResponses.GraphStructureResponse;
import host.exosphere.local.engine.EngineResponses.NodeRunDetailsResponse;
import host.exosphere.local.engine.EngineResponses.RunDiagnosticsResponse;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import host.exosphere.local.engine.EngineResponses.RunsResponse;
import host.exosphere.local.engine.EngineResponses.StuckReason;
import host.exosphere.local.engine.EngineResponses.TriggerResponse;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The run endpoints (#8, #16–#18 of docs/state-manager.md §1.2) and the embedded-only run diagnostics. */
final class RunOps {
  private final EngineStore store;

  RunOps(EngineStore store) {
    this.store = store;
  }

  /** Checks in the order of §1.2.8. */
  TriggerResponse trigger(String namespace, String graphName, TriggerRequestBody request) {
    String runId = Ids.uuid4();
    store.write(() -> {
      GraphRec graph = store.graph(namespace, graphName);
      if (graph == null) {
        throw new ApiException(404, "Graph template not found for namespace " + namespace + " and graph " + graphName);
      }
      if (!GraphOps.VALID.equals(graph.validationStatus)) {
        throw new ApiException(400, "Graph template is not valid");
      }
      NodeTemplate root = graph.root();
      Map<String, Object> inputs = new LinkedHashMap<>();
      try {
        for (Map.Entry<String, Object> input : root.inputs().entrySet()) {
          String given = request.inputs().get(input.getKey());
          Object template = given != null ? given : input.getValue();
          inputs.put(input.getKey(), renderRootInput(String.valueOf(template), root.identifier(), request.store(),
              graph.storeConfig().defaultValues()));
        }
      } catch (TemplateSyntaxException | TemplateRenderException e) {
        throw new ApiException(400, "Invalid input: " + e.getMessage());
      } catch (ApiException e) {
        // Starlette's HTTPException renders as "<status>: <detail>" inside the re-wrapped text (§1.2.8).
        throw new ApiException(400, "Invalid input: " + e.status() + ": " + e.detail().asText());
      }
      List<String> missing = new ArrayList<>();
      for (String key : graph.storeConfig().requiredKeys()) {
        if (!request.store().containsKey(key)) {
          missing.add(key);
        }
      }
      if (!missing.isEmpty()) {
        throw new ApiException(400, "Missing store keys: " + PyRepr.set(missing));
      }
      LocalDateTime now = store.now();
      RunRec run = store.addRun(new RunRec(runId, ++store.seq, namespace, graphName, now, Map.copyOf(request.store())));
      long due;
      try {
        due = Math.addExact(store.nowMillis(), request.startDelay());
      } catch (ArithmeticException e) {
        // Mongo stores enqueue_after as a 64-bit int: the root state's insert fails after the run and its
        // store rows were written, leaving a run with no states (listed as FAILED) and a 500 (§4.2).
        throw ApiException.internalError("enqueue_after beyond 64 bits");
      }
      store.insertState(run, root.nodeName(), namespace, root.identifier(), graphName, inputs, new LinkedHashMap<>(),
          false, 0, null, "", Status.CREATED, due, now);
    });
    return new TriggerResponse("CREATED", runId);
  }

  /**
   * A root input: only {@code ${{ store.k }}} placeholders, resolved from the trigger's store, then the
   * defaults. The two refusals are HTTPExceptions on the server, which the caller re-wraps (§1.2.8).
   */
  private static String renderRootInput(String template, String rootIdentifier, Map<String, String> store,
      Map<String, String> defaults) {
    TemplateString parsed = TemplateString.parse(template);
    for (TemplateString.Placeholder p : parsed.placeholders()) {
      if (!p.isStore()) {
        throw new ApiException(400, "Root node can have only store identifier as dependent but got " + p.identifier());
      }
      if (!store.containsKey(p.field()) && !defaults.containsKey(p.field())) {
        throw new ApiException(400, "Dependent " + p.field() + " not found in store for root node " + rootIdentifier);
      }
    }
    return parsed.render(p -> store.containsKey(p.field()) ? store.get(p.field()) : defaults.get(p.field()));
  }

  /**
   * Page and size as unbounded as Python's ints (§1.2.16): they are echoed as given, and the server hands
   * {@code skip=(page-1)*size} and {@code limit=size} to Mongo. A negative skip, or a skip or limit beyond
   * 64 bits (BSON's int64), fails there → the generic 500. A negative limit is Mongo's "single batch of at
   * most |size|"; 0 is no limit.
   */
  RunsResponse runs(String namespace, BigInteger page, BigInteger size) {
    BigInteger skip = page.subtract(BigInteger.ONE).multiply(size);
    if (skip.signum() < 0) {
      throw ApiException.internalError("negative skip " + skip);
    }
    BigInteger limit = size.abs();
    if (skip.bitLength() >= 64 || limit.bitLength() >= 64) {
      throw ApiException.internalError("skip or limit beyond 64 bits");
    }
    return store.read(() -> {
      List<RunRec> all = new ArrayList<>(store.runsByNamespace.getOrDefault(namespace, List.of()));
      all.sort(Comparator.<RunRec, LocalDateTime>comparing(r -> r.createdAt).thenComparingLong(r -> r.seq).reversed());
      long max = limit.signum() == 0 ? Long.MAX_VALUE : limit.longValueExact();
      long from = skip.longValueExact();
      List<RunSummary> summaries = new ArrayList<>();
      for (long i = from; i < all.size() && summaries.size() < max; i++) {
        summaries.add(summary(all.get((int) i)));
      }
      return new RunsResponse(namespace, all.size(), page, size, summaries);
    });
  }

  private static RunSummary summary(RunRec run) {
    int success = run.count(Status.SUCCESS) + run.count(Status.PRUNED);
    int pending = run.pendingCount();
    int errored = run.count(Status.ERRORED) + run.count(Status.NEXT_CREATED_ERROR);
    int retried = run.count(Status.RETRY_CREATED);
    int total = run.states.size();
    String status = total == 0 ? "FAILED" : pending > 0 ? "PENDING" : errored > 0 ? "FAILED" : "SUCCESS";
    return new RunSummary(run.runId, run.graphName, success, pending, errored, retried, total, status,
        Timestamps.format(run.createdAt));
  }

  GraphStructureResponse graphStructure(String namespace, String runId) {
    return store.read(() -> {
      RunRec run = store.runs.get(runId);
      List<GraphNodeBody> roots = new ArrayList<>();
      List<GraphNodeBody> all = new ArrayList<>();
      List<EdgeBody> edges = new ArrayList<>();
      Map<String, Integer> summary = new LinkedHashMap<>();
      for (Status status : Status.all()) {
        summary.put(status.name(), 0);
      }
      String graphName = "";
      if (run != null) {
        Set<String> listed = new HashSet<>();
        for (StateRec s : run.states) {
          if (!s.namespace.equals(namespace)) {
            continue;
          }
          listed.add(s.id);
          if (all.isEmpty()) {
            graphName = s.graphName;
          }
          GraphNodeBody node = new GraphNodeBody(s.id, s.nodeName, s.identifier, s.status.name(), s.error);
          all.add(node);
          summary.merge(s.status.name(), 1, Integer::sum);
          if (s.parents.isEmpty()) {
            roots.add(node);
          } else if (listed.contains(s.directParentId())) {
            // A parent in another namespace is not among the listed states, and the server draws no edge
            // to a state it does not list. Parents come before their children in the run's states.
            edges.add(new EdgeBody(s.directParentId(), s.id));
          }
        }
      }
      return new GraphStructureResponse(roots, graphName, all, edges, all.size(), edges.size(), summary);
    });
  }

  NodeRunDetailsResponse nodeRunDetails(String namespace, String graphName, String runId, String nodeId) {
    if (!Ids.isObjectId(nodeId)) {
      throw new ApiException(400, "Invalid node ID format: " + nodeId);
    }
    return store.read(() -> {
      StateRec s = store.state(nodeId.toLowerCase(Locale.ROOT));
      if (s == null || !s.run.runId.equals(runId) || !s.graphName.equals(graphName) || !s.namespace.equals(namespace)) {
        throw new ApiException(404, "Node " + nodeId + " not found in run " + runId + " for graph " + graphName);
      }
      return new NodeRunDetailsResponse(s.id, s.nodeName, s.identifier, s.graphName, s.run.runId, s.status.name(),
          s.inputs, s.outputs, s.error, new LinkedHashMap<>(s.parents), Timestamps.format(s.createdAt),
          Timestamps.format(s.updatedAt));
    });
  }

  RunDiagnosticsResponse runDiagnostics(String namespace, String runId) {
    return store.read(() -> {
      RunRec run = store.runs.get(runId);
      if (run == null || !run.namespace.equals(namespace)) {
        throw new ApiException(404, "Run " + runId + " not found in namespace " + namespace);
      }
      List<StuckReason> reasons = HangDetector.findAndLog(store, run);
      return new RunDiagnosticsResponse(run.runId, run.namespace, run.graphName, run.pendingCount() == 0, reasons);
    });
  }
}
