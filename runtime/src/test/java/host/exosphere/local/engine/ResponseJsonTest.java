package host.exosphere.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.local.engine.EngineResponses.EnqueueResponse;
import host.exosphere.local.engine.EngineResponses.EnqueuedStateBody;
import host.exosphere.local.engine.EngineResponses.ErroredResponse;
import host.exosphere.local.engine.EngineResponses.GraphTemplateResponse;
import host.exosphere.local.engine.EngineResponses.RunSummary;
import host.exosphere.local.engine.EngineResponses.RunsResponse;
import host.exosphere.local.engine.EngineResponses.SignalResponse;
import host.exosphere.local.engine.EngineResponses.TriggerResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plain ObjectMapper writes the response records as the contract's bodies: snake_case, its key order. */
class ResponseJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String json(Object value) throws Exception {
    return MAPPER.writeValueAsString(value);
  }

  @Test
  void bodiesHaveTheContractsKeysInItsOrder() throws Exception {
    assertEquals("{\"status\":\"CREATED\",\"run_id\":\"r\"}", json(new TriggerResponse("CREATED", "r")));
    assertEquals("{\"status\":\"ERRORED\",\"retry_created\":true}", json(new ErroredResponse("ERRORED", true)));
    assertEquals("{\"enqueue_after\":5,\"status\":\"PRUNED\"}", json(new SignalResponse(5, "PRUNED")));
    assertEquals("{\"count\":1,\"namespace\":\"ns\",\"status\":\"QUEUED\",\"states\":[{\"state_id\":\"s\","
        + "\"node_name\":\"N\",\"identifier\":\"n\",\"inputs\":{\"a\":\"b\"},\"created_at\":\"2025-09-04T10:11:12.345000\"}]}",
        json(new EnqueueResponse(1, "ns", "QUEUED", List.of(new EnqueuedStateBody("s", "N", "n", Map.of("a", "b"),
            "2025-09-04T10:11:12.345000")))));
    assertEquals("{\"namespace\":\"ns\",\"total\":1,\"page\":1,\"size\":10,\"runs\":[{\"run_id\":\"r\","
        + "\"graph_name\":\"g\",\"success_count\":1,\"pending_count\":0,\"errored_count\":0,\"retried_count\":0,"
        + "\"total_count\":1,\"status\":\"SUCCESS\",\"created_at\":\"t\"}]}",
        json(new RunsResponse("ns", 1, 1, 10, List.of(new RunSummary("r", "g", 1, 0, 0, 0, 1, "SUCCESS", "t")))));
    assertEquals("{\"nodes\":[],\"secrets\":{\"k\":true},\"retry_policy\":{\"max_retries\":3,\"strategy\":"
        + "\"EXPONENTIAL\",\"backoff_factor\":2000,\"exponent\":2,\"max_delay\":null},\"store_config\":"
        + "{\"required_keys\":[],\"default_values\":{}},\"triggers\":[],\"created_at\":\"c\",\"updated_at\":\"u\","
        + "\"validation_status\":\"PENDING\",\"validation_errors\":[]}",
        json(new GraphTemplateResponse(List.of(), Map.of("k", true), EngineResponses.RetryPolicyBody.DEFAULT,
            EngineResponses.StoreConfigBody.EMPTY, List.of(), "c", "u", "PENDING", List.of())));
  }

  @Test
  void timestampsArePythonIsoformatOfMillisecondPrecision() {
    assertEquals("2025-09-04T10:11:12.345000",
        Timestamps.format(java.time.LocalDateTime.of(2025, 9, 4, 10, 11, 12, 345_000_000)));
    assertEquals("2025-09-04T10:11:12", Timestamps.format(java.time.LocalDateTime.of(2025, 9, 4, 10, 11, 12)));
  }
}
