package host.exosphere.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.local.ModelReader.Bound;
import host.exosphere.local.engine.EngineRequests.EnqueueRequest;
import host.exosphere.local.engine.EngineRequests.ErroredRequest;
import host.exosphere.local.engine.EngineRequests.ExecutedRequest;
import host.exosphere.local.engine.EngineRequests.ManualRetryRequest;
import host.exosphere.local.engine.EngineRequests.NodeBody;
import host.exosphere.local.engine.EngineRequests.PruneRequest;
import host.exosphere.local.engine.EngineRequests.ReEnqueueRequest;
import host.exosphere.local.engine.EngineRequests.RegisterNodesRequest;
import host.exosphere.local.engine.EngineRequests.TriggerRequestBody;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request models of docs/state-manager.md §1.2: each reads a JSON body the way FastAPI validates it (every
 * problem collected, then one 422) into the engine's request record.
 */
final class RequestModels {
  private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {};

  private RequestModels() {}

  static RegisterNodesRequest registerNodes(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    String runtimeName = model.string("runtime_name");
    List<NodeBody> nodes = model.modelList("nodes", node -> {
      String name = node.string("name");
      ObjectNode inputs = node.dict("inputs_schema");
      ObjectNode outputs = node.dict("outputs_schema");
      List<String> secrets = node.stringList("secrets");
      boolean complete = name != null && inputs != null && outputs != null && secrets != null;
      return complete ? new NodeBody(name, inputs, outputs, secrets) : null;
    });
    model.finish();
    return new RegisterNodesRequest(runtimeName, nodes);
  }

  static TriggerRequestBody trigger(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    Map<String, String> inputs = model.stringMap("inputs", false);
    Map<String, String> store = model.stringMap("store", false);
    BigInteger startDelay = model.integer("start_delay", BigInteger.ZERO, Bound.AT_LEAST_ZERO);
    model.finish();
    return new TriggerRequestBody(inputs, store, int64(startDelay));
  }

  static EnqueueRequest enqueue(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    List<String> nodes = model.stringList("nodes");
    BigInteger batchSize = model.integer("batch_size", null, Bound.NONE);
    model.finish();
    // No range check upstream (§1.2.9); beyond int the answer is the same as at Integer.MAX_VALUE.
    return new EnqueueRequest(nodes, clampToInt(batchSize));
  }

  static ExecutedRequest executed(JsonNode body, ObjectMapper mapper) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    List<ObjectNode> outputs = model.dictList("outputs");
    model.finish();
    List<Map<String, Object>> converted = new ArrayList<>(outputs.size());
    for (ObjectNode output : outputs) {
      converted.add(mapper.convertValue(output, JSON_MAP));
    }
    return new ExecutedRequest(converted);
  }

  static ErroredRequest errored(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    String error = model.string("error");
    model.finish();
    return new ErroredRequest(error);
  }

  static PruneRequest prune(JsonNode body, ObjectMapper mapper) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    ObjectNode data = model.dict("data");
    model.finish();
    return new PruneRequest(mapper.convertValue(data, JSON_MAP));
  }

  static ReEnqueueRequest reEnqueue(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    BigInteger delay = model.integer("enqueue_after", null, Bound.GREATER_THAN_ZERO);
    model.finish();
    return new ReEnqueueRequest(int64(delay));
  }

  static ManualRetryRequest manualRetry(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    String fanoutId = model.string("fanout_id");
    model.finish();
    return new ManualRetryRequest(fanoutId);
  }

  /** The body of the embedded-only {@code states/await} call; {@code timeoutMs} saturates at 64 bits. */
  record AwaitRequest(List<String> nodes, long timeoutMs, String waiter, int batchSize) {}

  static AwaitRequest awaitStates(JsonNode body) throws RequestValidationException {
    ModelReader model = ModelReader.body(body);
    List<String> nodes = model.stringList("nodes");
    BigInteger timeout = model.integer("timeout_ms", null, Bound.AT_LEAST_ZERO);
    String waiter = model.string("waiter");
    // Absent or 0: the wait claims nothing and answers only whether a state is there.
    BigInteger batchSize = model.integer("batch_size", BigInteger.ZERO, Bound.AT_LEAST_ZERO);
    model.finish();
    return new AwaitRequest(nodes, int64(timeout), waiter, batchSize == null ? 0 : clampToInt(batchSize));
  }

  /**
   * Python ints are unbounded but Mongo stores 64 bits: a delay that large makes the controller's final
   * write fail (the generic 500) only after every check before it passed (404, 400, ...). Saturating keeps
   * that order: the engine's overflow check on {@code now + delay} then fails at the same point.
   */
  private static long int64(BigInteger value) {
    return value.bitLength() >= 64 ? Long.MAX_VALUE : value.longValue();
  }

  private static int clampToInt(BigInteger value) {
    if (value.bitLength() >= 32) {
      return value.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }
    return value.intValue();
  }
}
