package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the graph templates the annotation processor writes as resources
 * ({@code META-INF/exosphere/graphs/<namespace>/<name>.json}, the exact upsert body with secret values
 * {@code null}). A generated {@code <X>Graph} class loads its template from there instead of spelling
 * every step out in code: one JSON file instead of thousands of statements javac would compile.
 */
public final class GraphResources {
  private GraphResources() {}

  /**
   * The template in {@code resource}, found through {@code anchor}'s class loader, with secret values
   * {@code null} (as the processor wrote them; {@link GraphTemplate#withSecretValues} fills them).
   *
   * @throws IllegalStateException when the resource is missing or is not a valid upsert body (a build
   *     that dropped or edited the generated resource)
   */
  public static GraphTemplate template(Class<?> anchor, String resource, String name, String namespace) {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(resource, "resource");
    ClassLoader loader = anchor.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : anchor.getClassLoader();
    JsonNode body;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + resource + " of " + anchor.getName() + " is missing: it is"
            + " generated with the class by the annotation processor and must be packaged with it");
      }
      body = GraphJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource + " of " + anchor.getName(), e);
    }
    // Secret values are null until upload; the strict reader wants strings, so read names only.
    Map<String, String> secrets = new LinkedHashMap<>();
    if (body instanceof ObjectNode object && object.get("secrets") instanceof ObjectNode given) {
      given.fieldNames().forEachRemaining(secret -> secrets.put(secret, null));
      ObjectNode placeholders = object.putObject("secrets");
      secrets.keySet().forEach(secret -> placeholders.put(secret, ""));
    }
    GraphTemplate read;
    try {
      read = GraphJson.fromJson(body, name, namespace);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Resource " + resource + " of " + anchor.getName()
          + " is not the template the processor wrote: " + e.getMessage(), e);
    }
    return new GraphTemplate(read.name(), read.namespace(), secrets, read.nodes(), read.retryPolicy(),
        read.storeConfig(), read.triggers());
  }
}
