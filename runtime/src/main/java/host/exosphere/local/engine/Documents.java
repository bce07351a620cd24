package host.exosphere.local.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.GraphTemplate;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records as the durable journal writes them: one JSON document per node, graph, run, state and
 * cron row, holding the fields that cannot be derived. Indexes, counters and references between records
 * are rebuilt on load by the store itself.
 */
final class Documents {
  /** Outputs may hold what Python's json accepts (NaN, Infinity, big integers); they round-trip as they are. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Documents() {}

  record NodeDoc(String id, String name, String namespace, String createdAt, String runtimeName,
      String runtimeNamespace, ObjectNode inputsSchema, ObjectNode outputsSchema, List<String> secrets) {

    static NodeDoc of(NodeRec n) {
      return new NodeDoc(n.id, n.name, n.namespace, n.createdAt.toString(), n.runtimeName, n.runtimeNamespace,
          n.inputsSchema, n.outputsSchema, n.secrets);
    }

    NodeRec toRecord() {
      NodeRec n = new NodeRec(id, name, namespace, LocalDateTime.parse(createdAt));
      n.runtimeName = runtimeName;
      n.runtimeNamespace = runtimeNamespace;
      n.inputsSchema = inputsSchema;
      n.outputsSchema = outputsSchema;
      n.secrets = List.copyOf(secrets);
      return n;
    }
  }

  /** The template is the validator's model as its record components spell it; secrets are ciphertexts. */
  record GraphDoc(String id, String name, String namespace, String createdAt, String updatedAt, long version,
      GraphTemplate template, Set<String> nextNodesOmitted, String validationStatus, List<String> validationErrors) {

    static GraphDoc of(GraphRec g) {
      return new GraphDoc(g.id, g.name, g.namespace, g.createdAt.toString(), g.updatedAt.toString(), g.version,
          g.template, g.nextNodesOmitted, g.validationStatus, g.validationErrors);
    }

    GraphRec toRecord() {
      GraphRec g = new GraphRec(id, name, namespace, LocalDateTime.parse(createdAt));
      g.updatedAt = LocalDateTime.parse(updatedAt);
      g.version = version;
      g.setTemplate(template, nextNodesOmitted);
      g.validationStatus = validationStatus;
      g.validationErrors = List.copyOf(validationErrors);
      return g;
    }
  }

  record RunDoc(String runId, long seq, String namespace, String graphName, String createdAt,
      Map<String, String> store) {

    static RunDoc of(RunRec r) {
      return new RunDoc(r.runId, r.seq, r.namespace, r.graphName, r.createdAt.toString(), r.store);
    }

    RunRec toRecord() {
      return new RunRec(runId, seq, namespace, graphName, LocalDateTime.parse(createdAt), Map.copyOf(store));
    }
  }

  record StateDoc(String id, long seq, String runId, String nodeName, String namespace, String identifier,
      String graphName, Map<String, Object> inputs, LinkedHashMap<String, String> parents, boolean doesUnites,
      int retryCount, String fanoutId, String manualRetryFanoutId, String createdAt, Status status,
      Map<String, Object> outputs, Map<String, Object> data, String error, long enqueueAfter, String updatedAt,
      long changedSeq, boolean childrenPending) {

    static StateDoc of(StateRec s) {
      return new StateDoc(s.id, s.seq, s.run.runId, s.nodeName, s.namespace, s.identifier, s.graphName, s.inputs,
          s.parents, s.doesUnites, s.retryCount, s.fanoutId, s.manualRetryFanoutId, s.createdAt.toString(),
          s.status, s.outputs, s.data, s.error, s.enqueueAfter, s.updatedAt.toString(), s.changedSeq,
          s.childrenPending);
    }

    /** The state, linked to the ancestors the store already holds (states load oldest first). */
    StateRec toRecord(EngineStore store, RunRec run) {
      StateRec s = new StateRec(id, seq, run, nodeName, namespace, identifier, graphName, inputs, parents,
          store.ancestorsOf(parents), doesUnites, retryCount, fanoutId, manualRetryFanoutId,
          LocalDateTime.parse(createdAt));
      s.status = status;
      s.outputs = outputs;
      s.data = data;
      s.error = error;
      s.enqueueAfter = enqueueAfter;
      s.updatedAt = LocalDateTime.parse(updatedAt);
      s.changedSeq = changedSeq;
      s.childrenPending = childrenPending;
      return s;
    }
  }

  record CronDoc(String expression, String graphName, String namespace, String triggerTime, CronRow.Status status,
      String expiresAt) {

    static CronDoc of(CronRow r) {
      return new CronDoc(r.expression, r.graphName, r.namespace, r.triggerTime.toString(), r.status,
          r.expiresAt == null ? null : r.expiresAt.toString());
    }

    CronRow toRecord() {
      CronRow r = new CronRow(expression, graphName, namespace, LocalDateTime.parse(triggerTime));
      r.status = status;
      r.expiresAt = expiresAt == null ? null : LocalDateTime.parse(expiresAt);
      return r;
    }
  }

  static String write(Object document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
