package host.exosphere.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph template: the path parameters and the body of {@code PUT /v0/namespace/{namespace}/graph/{name}}.
 *
 * <p>Immutable. Values are kept as written; {@code GraphValidator} says whether the state manager would
 * accept them.
 *
 * @param name the graph name (path parameter)
 * @param namespace the namespace (path parameter)
 * @param secrets secret name → value. A value is {@code null} until it is supplied at upload time
 *     ({@link #withSecretValues(Map)}); the JSON form then carries {@code null}, which the state manager
 *     refuses, so a template without its values can never be uploaded by accident
 * @param nodes the node templates, in order (order matters to the server's ancestor rules)
 * @param retryPolicy the retry policy, or {@code null} to leave the key out (the server's default applies)
 * @param storeConfig the store configuration, or {@code null} to leave the key out
 * @param triggers cron triggers; an empty list leaves the key out
 */
public record GraphTemplate(
    String name,
    String namespace,
    Map<String, String> secrets,
    List<NodeTemplate> nodes,
    RetryPolicy retryPolicy,
    StoreConfig storeConfig,
    List<CronTrigger> triggers) {

  public GraphTemplate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    secrets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(secrets, "secrets")));
    nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    triggers = List.copyOf(Objects.requireNonNull(triggers, "triggers"));
  }

  /** The retry policy that applies: the one given, else the server's default. */
  public RetryPolicy effectiveRetryPolicy() {
    return retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
  }

  /** The store configuration that applies: the one given, else the empty one. */
  public StoreConfig effectiveStoreConfig() {
    return storeConfig == null ? StoreConfig.EMPTY : storeConfig;
  }

  /** The retry policy as written, if any. */
  public Optional<RetryPolicy> declaredRetryPolicy() {
    return Optional.ofNullable(retryPolicy);
  }

  /** The store configuration as written, if any. */
  public Optional<StoreConfig> declaredStoreConfig() {
    return Optional.ofNullable(storeConfig);
  }

  /** The node with this identifier (as written), if any. */
  public Optional<NodeTemplate> node(String identifier) {
    return nodes.stream().filter(n -> n.identifier().equals(identifier)).findFirst();
  }

  /**
   * A copy whose secret values are {@code values}. Every declared secret must get a value; names that are
   * not declared are refused, so a typo cannot upload a secret under the wrong name. The message names
   * secrets, never their values.
   */
  public GraphTemplate withSecretValues(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    Map<String, String> filled = new LinkedHashMap<>();
    for (String secret : secrets.keySet()) {
      String value = values.get(secret);
      if (value == null) {
        throw new IllegalArgumentException("No value for secret '" + secret + "' of graph '" + name
            + "': every secret declared on the graph needs a value at upload time");
      }
      filled.put(secret, value);
    }
    for (String given : values.keySet()) {
      if (!secrets.containsKey(given)) {
        throw new IllegalArgumentException("Secret '" + given + "' is not declared by graph '" + name
            + "'; declared: " + secrets.keySet());
      }
    }
    return new GraphTemplate(name, namespace, filled, nodes, retryPolicy, storeConfig, triggers);
  }
}
