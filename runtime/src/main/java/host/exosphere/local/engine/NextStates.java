package host.exosphere.local.engine;

import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.TemplateRenderException;
import host.exosphere.graph.TemplateString;
import host.exosphere.graph.TemplateSyntaxException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the state manager's {@code create_next_states} task (docs/state-manager.md §4.4, §4.5), under the engine
 * lock: children of the executed states, then the unites that became ready. Every failure carries the
 * server's exact text, which ends up in the executed states' {@code error} with status
 * NEXT_CREATED_ERROR.
 */
final class NextStates {
  private static final Logger LOG = LoggerFactory.getLogger(NextStates.class);

  /** A failure of the task; its message is the server's {@code str(exception)}. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Queues and runs {@code create_next_states} for executed states. The server runs it as a background
   * task of {@code executed}; so does the engine, and a durable engine runs it again after a restart for
   * states whose task had not finished ({@code childrenPending}).
   */
  static final class Scheduler {
    private final EngineStore store;
    private final BackgroundTasks tasks;

    Scheduler(EngineStore store, BackgroundTasks tasks) {
      this.store = store;
      this.tasks = tasks;
    }

    /** Queues the task for states executed together (one report and its fan-out). */
    void later(List<StateRec> executed) {
      StateRec origin = executed.get(0);
      tasks.submitInStore(() -> create(executed, origin.identifier, origin.namespace, origin.graphName,
          origin.parents));
    }

    /** Runs inside a store write. */
    private void create(List<StateRec> executed, String x, String namespace, String graphName,
        Map<String, String> parentIds) {
      GraphRec graph = store.graph(namespace, graphName);
      if (graph != null && GraphOps.PENDING.equals(graph.validationStatus)) {
        // get_valid polls while PENDING; the verification that ends it is already queued before us.
        tasks.submitInStore(() -> create(executed, x, namespace, graphName, parentIds));
        return;
      }
      try {
        new NextStates(store, graph, executed, x, namespace, graphName, parentIds).run();
      } catch (Failure e) {
        fail(executed, e.getMessage());
        LOG.warn("creating next states after {} in run {} failed: {}", x, executed.get(0).run.runId, e.getMessage());
      } catch (RuntimeException e) {
        // The server turns any exception of the task into NEXT_CREATED_ERROR; so does the engine, rather
        // than leaving the states EXECUTED forever.
        fail(executed, e.toString());
        LOG.error("creating next states after {} in run {} failed unexpectedly", x, executed.get(0).run.runId, e);
      } finally {
        for (StateRec s : executed) {
          s.childrenPending = false;
          store.touch(s);
        }
      }
      HangDetector.logIfFinished(store, executed.get(0).run);
    }

    /** The server marks them with a bare update query, which leaves {@code updated_at} as it was. */
    private void fail(List<StateRec> executed, String error) {
      for (StateRec s : executed) {
        store.setStatus(s, Status.NEXT_CREATED_ERROR);
        s.error = error;
      }
    }
  }

  private record Child(NodeTemplate node, StateRec current, Map<String, Object> inputs) {}

  private final EngineStore store;
  private final GraphRec graph;
  private final List<StateRec> executed;
  private final String x;
  private final String namespace;
  private final String graphName;
  private final Map<String, String> parentIds;
  /** The ancestors of the executed states, by identifier (not including {@code x}). */
  private final Map<String, StateRec> parents = new LinkedHashMap<>();

  NextStates(EngineStore store, GraphRec graph, List<StateRec> executed, String x, String namespace,
      String graphName, Map<String, String> parentIds) {
    this.store = store;
    this.graph = graph;
    this.executed = executed;
    this.x = x;
    this.namespace = namespace;
    this.graphName = graphName;
    this.parentIds = parentIds;
  }

  void run() throws Failure {
    if (graph == null) {
      throw new Failure("Graph template not found for namespace: " + namespace + " and graph name: " + graphName);
    }
    if ("INVALID".equals(graph.validationStatus)) {
      throw new Failure("Graph template is in a non-validating state: INVALID for namespace: " + namespace
          + " and graph name: " + graphName);
    }
    NodeTemplate current = graph.node(x);
    if (current == null) {
      throw new Failure("Current state node template not found for identifier: " + x);
    }
    List<String> next = current.nextNodes();
    if (next == null || next.isEmpty()) {
      markSuccess();
      return;
    }
    for (String id : parentIds.values()) {
      StateRec parent = store.state(id);
      if (parent != null) {
        parents.put(parent.identifier, parent);
      }
    }
    List<NodeTemplate> deferred = new ArrayList<>();
    List<Child> children = new ArrayList<>();
    for (String n : next) {
      NodeTemplate node = graph.node(n);
      if (node == null) {
        throw new Failure("Next state node template not found for identifier: " + n);
      }
      if (node.unites() != null) {
        deferred.add(node);
        continue;
      }
      List<String> fields = inputFields(node);
      validateDependencies(node, fields);
      for (StateRec s : executed) {
        children.add(new Child(node, s, render(node, fields, s)));
      }
    }
    LocalDateTime now = store.now();
    long nowMs = store.nowMillis();
    for (Child c : children) {
      store.insertState(c.current().run, c.node().nodeName(), c.node().namespace(), c.node().identifier(),
          c.current().graphName, c.inputs(), c.current().parentsForChild(), false, 0, null, "", Status.CREATED,
          nowMs, now);
    }
    markSuccess();
    for (NodeTemplate unite : deferred) {
      if (!unitesSatisfied(unite)) {
        continue;
      }
      List<String> fields = inputFields(unite);
      validateDependencies(unite, fields);
      StateRec target = parents.get(unite.unites().identifier());
      store.insertUniteState(target.run, unite, target.graphName, render(unite, fields, target),
          target.parentsForChild());
    }
  }

  /** {@code mark_success_states}: a Mongo $set, so {@code updated_at} stays. */
  private void markSuccess() {
    for (StateRec s : executed) {
      store.setStatus(s, Status.SUCCESS);
    }
  }

  /** §4.5 steps 1–2: the readiness query over every descendant of the T state. */
  private boolean unitesSatisfied(NodeTemplate unite) throws Failure {
    String target = unite.unites().identifier();
    String targetId = parentIds.get(target);
    if (targetId == null) {
      throw new Failure("Unit identifier not found in parents: " + target);
    }
    StateRec t = store.state(targetId);
    if (t == null) {
      return true;
    }
    boolean allSuccess = unite.unites().strategy() != UnitesStrategy.ALL_DONE;
    if (!t.foreignDescendants && t.namespace.equals(namespace) && t.graphName.equals(graphName)) {
      return allSuccess ? t.descendantsBlockingAllSuccess == 0 : t.descendantsPending == 0;
    }
    for (StateRec d : t.descendants()) {
      if (d.namespace.equals(namespace) && d.graphName.equals(graphName)
          && (allSuccess ? d.status.blocksAllSuccess() : d.status.pending())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fields of {@code create_model(inputs_schema)} of the node's current registration, with the two
   * schema errors that library raises (docs/state-manager.md §2.3).
   */
  private List<String> inputFields(NodeTemplate node) throws Failure {
    NodeRec registered = store.registeredNode(node.nodeName(), node.namespace()).orElseThrow(() -> new Failure(
        "Registered node not found for node name: " + node.nodeName() + " and namespace: " + node.namespace()));
    try {
      return NodeSchemas.fields(registered.inputsSchema).stream().map(NodeSchemas.Field::name).toList();
    } catch (NodeSchemas.SchemaException e) {
      throw new Failure(e.getMessage());
    }
  }

  /** {@code validate_dependencies} (§4.4 step 4). */
  private void validateDependencies(NodeTemplate node, List<String> fields) throws Failure {
    for (String field : fields) {
      if (!node.inputs().containsKey(field)) {
        throw new Failure("Field '" + field + "' not found in inputs for template '" + node.identifier() + "'");
      }
      for (TemplateString.Placeholder p : parse(node.inputs().get(field)).placeholders()) {
        String id = p.identifier();
        if (p.isStore() || id.equals(x)) {
          continue;
        }
        StateRec parent = parents.get(id);
        if (parent == null) {
          // A KeyError: str() of it is the repr of its message.
          throw new Failure(GraphJson.pythonRepr("Identifier '" + id + "' not found in parents for template '"
              + node.identifier() + "'"));
        }
        if (!parent.outputs.containsKey(p.field())) {
          throw new Failure("Output field '" + p.field() + "' not found on state '" + id + "' for template '"
              + node.identifier() + "'");
        }
      }
    }
  }

  /** Carries a {@link Failure} out of the template's resolver callback. */
  private static final class Unresolved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unresolved(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code generate_next_state}'s inputs: only the schema's fields, each template rendered (§4.4 step 5). */
  private Map<String, Object> render(NodeTemplate node, List<String> fields, StateRec current) throws Failure {
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (String field : fields) {
      TemplateString template = parse(node.inputs().get(field));
      try {
        inputs.put(field, template.render(p -> resolve(p, node, current)));
      } catch (Unresolved | TemplateRenderException e) {
        throw new Failure(e.getMessage());
      }
    }
    return inputs;
  }

  private Object resolve(TemplateString.Placeholder p, NodeTemplate node, StateRec current) {
    String id = p.identifier();
    String f = p.field();
    if (p.isStore()) {
      return storeValue(current.run, f);
    }
    if (id.equals(current.identifier)) {
      if (!current.outputs.containsKey(f)) {
        throw new Unresolved("Output field '" + f + "' not found on current state '" + current.identifier
            + "' for template '" + node.identifier() + "'");
      }
      return current.outputs.get(f);
    }
    // parents[identifier].outputs[field]: a Python KeyError, whose str() is the repr of the key.
    StateRec parent = parents.get(id);
    if (parent == null) {
      throw new Unresolved(GraphJson.pythonRepr(id));
    }
    if (!parent.outputs.containsKey(f)) {
      throw new Unresolved(GraphJson.pythonRepr(f));
    }
    return parent.outputs.get(f);
  }

  /** The run's Store row, else the graph's default, else the server's error (§4.8). */
  private String storeValue(RunRec run, String key) {
    if (run.namespace.equals(namespace) && run.graphName.equals(graphName) && run.store.containsKey(key)) {
      return run.store.get(key);
    }
    String value = graph.storeConfig().defaultValues().get(key);
    if (value == null) {
      throw new Unresolved("Store value not found for field '" + key + "' in namespace '" + namespace + "' and graph '"
          + graphName + "'");
    }
    return value;
  }

  private static TemplateString parse(Object template) throws Failure {
    try {
      return TemplateString.parse(String.valueOf(template));
    } catch (TemplateSyntaxException e) {
      throw new Failure(e.getMessage());
    }
  }
}
