package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.Stage;
import host.exosphere.graph.StoreConfig;
import host.exosphere.graph.ValidationReport;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineResponses.GraphTemplateDocument;
import host.exosphere.local.engine.EngineResponses.GraphTemplateResponse;
import host.exosphere.local.engine.EngineResponses.ListGraphsResponse;
import host.exosphere.local.engine.EngineResponses.ListNodesResponse;
import host.exosphere.local.engine.EngineResponses.NamespacesResponse;
import host.exosphere.local.engine.EngineResponses.NodeTemplateBody;
import host.exosphere.local.engine.EngineResponses.RegisterNodesResponse;
import host.exosphere.local.engine.EngineResponses.RegisteredNodeBody;
import host.exosphere.local.engine.EngineResponses.RegisteredNodeDocument;
import host.exosphere.local.engine.EngineResponses.RetryPolicyBody;
import host.exosphere.local.engine.EngineResponses.StoreConfigBody;
import host.exosphere.local.engine.EngineResponses.TriggerBody;
import host.exosphere.local.engine.EngineResponses.UnitesBody;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph and node endpoints (#2–#7 of docs/state-manager.md §1.2), as the server's graph and node routers, and
 * the background verification of an uploaded graph against the registered nodes (§3.3).
 */
final class GraphOps {
  private static final Logger LOG = LoggerFactory.getLogger(GraphOps.class);
  static final String PENDING = "PENDING";
  static final String VALID = "VALID";
  static final String INVALID = "INVALID";

  private final EngineStore store;
  private final BackgroundTasks tasks;
  private final SecretCipher cipher;
  private final CronOps cron;

  GraphOps(EngineStore store, BackgroundTasks tasks, SecretCipher cipher, CronOps cron) {
    this.store = store;
    this.tasks = tasks;
    this.cipher = cipher;
    this.cron = cron;
  }

  NamespacesResponse listNamespaces() {
    return store.read(() -> {
      TreeSet<String> names = new TreeSet<>();
      for (NodeRec node : store.nodes.values()) {
        if (node.namespace != null && !node.namespace.isEmpty()) {
          names.add(node.namespace);
        }
      }
      return new NamespacesResponse(List.copyOf(names), names.size());
    });
  }

  RegisterNodesResponse registerNodes(String namespace, RegisterNodesRequest request) {
    List<RegisteredNodeBody> echoed = new ArrayList<>();
    for (NodeBody body : request.nodes()) {
      if (!Bson.fits(body.inputsSchema()) || !Bson.fits(body.outputsSchema())) {
        throw ApiException.internalError("node schema holds what BSON cannot store");
      }
    }
    store.write(() -> {
      LocalDateTime now = store.now();
      for (NodeBody body : request.nodes()) {
        NodeRec node = store.node(body.name(), namespace, now);
        node.runtimeName = request.runtimeName();
        node.runtimeNamespace = namespace;
        node.inputsSchema = body.inputsSchema().deepCopy();
        node.outputsSchema = body.outputsSchema().deepCopy();
        node.secrets = List.copyOf(body.secrets());
        echoed.add(new RegisteredNodeBody(body.name(), body.inputsSchema(), body.outputsSchema(), body.secrets()));
      }
    });
    return new RegisterNodesResponse(request.runtimeName(), echoed);
  }

  ListNodesResponse listNodes(String namespace) {
    return store.read(() -> {
      List<RegisteredNodeDocument> list = new ArrayList<>();
      for (NodeRec n : store.nodes.values()) {
        if (n.namespace.equals(namespace)) {
          list.add(new RegisteredNodeDocument(n.id, n.name, n.namespace, n.runtimeName, n.runtimeNamespace,
              n.inputsSchema.deepCopy(), n.outputsSchema.deepCopy(), n.secrets,
              Timestamps.format(n.createdAt), Timestamps.format(n.updatedAt)));
        }
      }
      return new ListNodesResponse(namespace, list.size(), list);
    });
  }

  GraphTemplateResponse upsertGraph(String namespace, String graphName, JsonNode body) {
    Objects.requireNonNull(body, "body");
    ValidationReport report;
    try {
      report = GraphValidator.validateJson(body, graphName, namespace, null);
    } catch (RuntimeException e) {
      LOG.error("graph validation of {}/{} failed unexpectedly", namespace, graphName, e);
      throw ApiException.internalError("graph validation failed: " + e);
    }
    List<Diagnostic> errors = errorsOf(report, Stage.REQUEST_MODEL);
    if (!errors.isEmpty()) {
      throw new ApiException(422, UpsertErrors.requestModelDetail(errors, body));
    }
    errors = errorsOf(report, Stage.TEMPLATE);
    if (!errors.isEmpty()) {
      // Every template diagnostic carries the whole 400 detail, "Error validating graph template: …".
      throw new ApiException(400, errors.get(0).serverMessage());
    }
    refuseWhatBsonCannotStore(body);
    GraphTemplate model = report.normalized();
    Map<String, String> encrypted = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> secret : model.secrets().entrySet()) {
        encrypted.put(secret.getKey(), cipher.encrypt(secret.getValue()));
      }
    } catch (SecretCipher.KeyException e) {
      throw new ApiException(400, "Error validating graph template: " + e.getMessage());
    }
    GraphTemplate storedModel = new GraphTemplate(model.name(), model.namespace(), encrypted, model.nodes(),
        model.retryPolicy(), model.storeConfig(), model.triggers());
    Set<String> nextNodesOmitted = nextNodesOmitted(body, model);
    GraphRec[] stored = new GraphRec[1];
    long[] version = new long[1];
    GraphTemplateResponse response = store.write(() -> {
      LocalDateTime precise = Timestamps.preciseNow(store.clock());
      LocalDateTime now = precise.truncatedTo(ChronoUnit.MILLIS);
      GraphRec graph = store.graph(namespace, graphName);
      boolean created = graph == null;
      List<String> oldTriggers = List.of();
      if (graph == null) {
        // Stored under the trimmed names, looked up by the raw ones (§3.2 QUIRK): a second PUT of
        // " g" misses the lookup and hits the unique index.
        List<String> key = List.of(namespace.strip(), graphName.strip());
        if (store.graphs.containsKey(key)) {
          throw ApiException.internalError("duplicate key: graph template " + key);
        }
        graph = new GraphRec(store.newObjectId(), graphName.strip(), namespace.strip(), now);
        store.graphs.put(key, graph);
      } else {
        oldTriggers = graph.triggers();
      }
      store.touch(graph);
      graph.updatedAt = now;
      graph.version++;
      graph.setTemplate(storedModel, nextNodesOmitted);
      graph.validationStatus = PENDING;
      graph.validationErrors = List.of();
      if (!oldTriggers.isEmpty()) {
        cron.deletePendingRows(graph.name, oldTriggers);
      }
      stored[0] = graph;
      version[0] = graph.version;
      // The answer shows the document as built in memory: microseconds where it set the time now, the
      // stored milliseconds where it read created_at back.
      return new GraphTemplateResponse(nodeBodies(graph), secretNames(graph), retryBody(graph.retryPolicy()),
          storeBody(graph.storeConfig()), triggerBodies(graph.triggers()),
          Timestamps.format(created ? precise : graph.createdAt), Timestamps.format(precise), PENDING, List.of());
    });
    verifyLater(stored[0], version[0]);
    return response;
  }

  /**
   * The nodes whose upload had no {@code next_nodes} key. The validator's model holds a list for every
   * node; whether the key was there is all it does not keep, so it is looked up in the body here.
   */
  private static Set<String> nextNodesOmitted(JsonNode body, GraphTemplate model) {
    Set<String> omitted = new HashSet<>();
    JsonNode nodes = body.path("nodes");
    for (int i = 0; i < model.nodes().size(); i++) {
      if (!nodes.path(i).has("next_nodes")) {
        omitted.add(model.nodes().get(i).identifier());
      }
    }
    return omitted;
  }

  /** The nodes as the server stores and shows them (§1.2.5): next_nodes null where the upload left it out. */
  private static List<NodeTemplateBody> nodeBodies(GraphRec graph) {
    List<NodeTemplateBody> out = new ArrayList<>(graph.nodes().size());
    for (NodeTemplate n : graph.nodes()) {
      UnitesBody unites = n.unites() == null ? null
          : new UnitesBody(n.unites().identifier(), n.unites().strategy().name());
      out.add(new NodeTemplateBody(n.nodeName(), n.namespace(), n.identifier(), n.inputs(),
          graph.nextNodesOmitted.contains(n.identifier()) ? null : n.nextNodes(), unites));
    }
    return out;
  }

  /** Validation lets these through; the insert or save is what fails (§1.2.5: a non-ValueError → 500). */
  private static void refuseWhatBsonCannotStore(JsonNode body) {
    JsonNode retryPolicy = body.path("retry_policy");
    for (String field : List.of("max_retries", "backoff_factor", "exponent", "max_delay")) {
      if (!Bson.fitsLaxInt(retryPolicy.get(field))) {
        throw ApiException.internalError("retry_policy." + field + " beyond 64 bits");
      }
    }
    if (!Bson.fits(body.path("secrets")) || !Bson.fits(body.path("store_config").path("default_values"))) {
      throw ApiException.internalError("a stored field name contains a NUL character");
    }
    for (JsonNode node : body.path("nodes")) {
      if (!Bson.fits(node.path("inputs"))) {
        throw ApiException.internalError("a stored field name contains a NUL character");
      }
    }
  }

  /** Shows the default retry policy, store config and triggers whatever was stored (§1.2.6 QUIRK). */
  GraphTemplateResponse getGraph(String namespace, String graphName) {
    return store.read(() -> {
      GraphRec graph = store.graph(namespace, graphName);
      if (graph == null) {
        throw new ApiException(404, "Graph template " + graphName + " not found in namespace " + namespace);
      }
      return new GraphTemplateResponse(nodeBodies(graph), secretNames(graph), RetryPolicyBody.DEFAULT,
          StoreConfigBody.EMPTY, List.of(), Timestamps.format(graph.createdAt), Timestamps.format(graph.updatedAt),
          graph.validationStatus, graph.validationErrors);
    });
  }

  ListGraphsResponse listGraphs(String namespace) {
    return store.read(() -> {
      List<GraphTemplateDocument> list = new ArrayList<>();
      for (GraphRec g : store.graphs.values()) {
        if (g.namespace.equals(namespace)) {
          list.add(new GraphTemplateDocument(g.id, g.name, g.namespace, nodeBodies(g), g.validationStatus,
              g.validationErrors, new LinkedHashMap<>(g.encryptedSecrets()), triggerBodies(g.triggers()),
              retryBody(g.retryPolicy()), storeBody(g.storeConfig()), Timestamps.format(g.createdAt),
              Timestamps.format(g.updatedAt)));
        }
      }
      return new ListGraphsResponse(namespace, list.size(), list);
    });
  }

  /** Queues the verification of this version of the graph. */
  void verifyLater(GraphRec graph, long version) {
    tasks.submit(() -> verify(graph, version));
  }

  /** Background verification against the registered nodes (§3.3), then cron rows (§4.9). */
  private void verify(GraphRec graph, long version) {
    GraphTemplate[] template = new GraphTemplate[1];
    NodeRegistry registry = store.read(() -> {
      if (graph.version != version) {
        return null;
      }
      template[0] = graph.template;
      List<RegisteredNode> registered = new ArrayList<>(store.nodes.size());
      for (NodeRec n : store.nodes.values()) {
        registered.add(new RegisteredNode(n.name, n.namespace, n.inputsSchema, n.outputsSchema, n.secrets));
      }
      return NodeRegistry.of(registered);
    });
    if (registry == null) {
      return;
    }
    List<String> errors = new ArrayList<>();
    try {
      // The stored model passed the request model and the template validators at upload; validating it
      // again only adds what depends on the registered nodes.
      ValidationReport report = GraphValidator.validate(template[0], registry);
      for (Diagnostic d : report.errors()) {
        errors.add(d.serverMessage() != null ? d.serverMessage() : d.message());
      }
    } catch (RuntimeException e) {
      LOG.error("verification of graph {}/{} failed unexpectedly", graph.namespace, graph.name, e);
      errors = List.of("Validation failed due to unexpected error: " + e.getMessage());
    }
    List<String> found = errors;
    store.write(() -> {
      if (graph.version != version) {
        return;
      }
      store.touch(graph);
      graph.validationErrors = List.copyOf(found);
      graph.validationStatus = found.isEmpty() ? VALID : INVALID;
      graph.updatedAt = store.now();
      if (found.isEmpty()) {
        cron.schedule(graph, store.now());
      } else {
        LOG.info("graph {}/{} is INVALID: {}", graph.namespace, graph.name, found);
      }
    });
  }

  private static List<Diagnostic> errorsOf(ValidationReport report, Stage stage) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : report.errors()) {
      if (d.stage() == stage) {
        out.add(d);
      }
    }
    return out;
  }

  private static Map<String, Boolean> secretNames(GraphRec graph) {
    Map<String, Boolean> names = new LinkedHashMap<>();
    graph.encryptedSecrets().keySet().forEach(k -> names.put(k, true));
    return names;
  }

  private static RetryPolicyBody retryBody(RetryPolicy p) {
    return new RetryPolicyBody(p.maxRetries(), p.strategy().name(), p.backoffFactor(), p.exponent(), p.maxDelay());
  }

  private static StoreConfigBody storeBody(StoreConfig c) {
    return new StoreConfigBody(c.requiredKeys(), c.defaultValues());
  }

  private static List<TriggerBody> triggerBodies(List<String> expressions) {
    List<TriggerBody> out = new ArrayList<>();
    for (String e : expressions) {
      out.add(new TriggerBody("CRON", Map.of("expression", e)));
    }
    return out;
  }
}
