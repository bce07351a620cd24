package host.exosphere.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The graph's {@code store_config}: keys a trigger must supply and defaults for the others.
 *
 * @param requiredKeys {@code required_keys}, as written (the validator trims and checks them)
 * @param defaultValues {@code default_values}, in declaration order
 */
public record StoreConfig(List<String> requiredKeys, Map<String, String> defaultValues) {

  /** The server's default: no required keys, no defaults. */
  public static final StoreConfig EMPTY = new StoreConfig(List.of(), Map.of());

  public StoreConfig {
    requiredKeys = List.copyOf(Objects.requireNonNull(requiredKeys, "requiredKeys"));
    defaultValues = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(defaultValues, "defaultValues")));
  }
}
