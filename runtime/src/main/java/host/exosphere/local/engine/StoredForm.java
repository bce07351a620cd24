package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import host.exosphere.local.engine.EngineResponses.NodeTemplateBody;
import host.exosphere.local.engine.EngineResponses.UnitesBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upsert body as the server stores it once the validator accepted it: names, identifiers, next
 * nodes, unites targets and store keys trimmed; {@code next_nodes} null when omitted and {@code []} when
 * sent as null (§1.2.5); defaults for absent retry policy, store config and triggers.
 */
record StoredForm(List<NodeTemplateBody> nodes, Map<String, String> secrets, RetryPolicy retryPolicy,
    StoreConfig storeConfig, List<String> triggers) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static StoredForm read(JsonNode body) {
    List<NodeTemplateBody> nodes = new ArrayList<>();
    for (JsonNode n : body.path("nodes")) {
      List<String> next = null;
      if (n.has("next_nodes")) {
        next = new ArrayList<>();
        for (JsonNode id : n.get("next_nodes")) {
          next.add(id.asText().strip());
        }
      }
      UnitesBody unites = null;
      JsonNode u = n.get("unites");
      if (u != null && !u.isNull()) {
        unites = new UnitesBody(u.path("identifier").asText().strip(),
            u.hasNonNull("strategy") ? u.get("strategy").asText() : "ALL_SUCCESS");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> inputs = MAPPER.convertValue(n.path("inputs"), LinkedHashMap.class);
      nodes.add(new NodeTemplateBody(n.path("node_name").asText().strip(), n.path("namespace").asText(),
          n.path("identifier").asText().strip(), inputs == null ? new LinkedHashMap<>() : inputs, next, unites));
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    body.path("secrets").fields().forEachRemaining(e -> secrets.put(e.getKey(), e.getValue().asText()));
    RetryPolicy retry = RetryPolicy.DEFAULT;
    JsonNode r = body.get("retry_policy");
    if (r != null && r.isObject()) {
      retry = new RetryPolicy(
          r.has("max_retries") ? r.get("max_retries").asLong() : RetryPolicy.DEFAULT.maxRetries(),
          r.has("strategy") ? RetryStrategy.valueOf(r.get("strategy").asText()) : RetryPolicy.DEFAULT.strategy(),
          r.has("backoff_factor") ? r.get("backoff_factor").asLong() : RetryPolicy.DEFAULT.backoffFactor(),
          r.has("exponent") ? r.get("exponent").asLong() : RetryPolicy.DEFAULT.exponent(),
          r.hasNonNull("max_delay") ? Long.valueOf(r.get("max_delay").asLong()) : null);
    }
    StoreConfig store = StoreConfig.EMPTY;
    JsonNode s = body.get("store_config");
    if (s != null && s.isObject()) {
      List<String> required = new ArrayList<>();
      s.path("required_keys").forEach(k -> required.add(k.asText().strip()));
      Map<String, String> defaults = new LinkedHashMap<>();
      s.path("default_values").fields().forEachRemaining(e -> defaults.put(e.getKey().strip(), e.getValue().asText()));
      store = new StoreConfig(required, defaults);
    }
    List<String> triggers = new ArrayList<>();
    for (JsonNode t : body.path("triggers")) {
      triggers.add(t.path("value").path("expression").asText());
    }
    return new StoredForm(nodes, secrets, retry, store, triggers);
  }
}
