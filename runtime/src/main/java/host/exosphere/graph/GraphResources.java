package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the graph templates the annotation processor writes as resources
 * ({@code META-INF/exosphere/graphs/<namespace>/<name>.json}, the exact upsert body with secret values
 * {@code null}). A generated {@code <X>Graph} class loads its template from there instead of spelling
 * every step out in code: one JSON file instead of thousands of statements javac would compile.
 */
public final class GraphResources {
  /** The folder the processor writes graph templates to, one sub-folder per namespace. */
  public static final String GRAPHS = "META-INF/exosphere/graphs/";

  private static final Pattern ESCAPE = Pattern.compile("~([0-9a-f]{4})");

  private GraphResources() {}

  /** The resource of graph {@code name} in {@code namespace}: {@code GRAPHS/<namespace>/<name>.json}, escaped. */
  public static String path(String namespace, String name) {
    return GRAPHS + pathSegment(namespace) + "/" + pathSegment(name) + ".json";
  }

  /**
   * A path segment safe in every file system and jar, for names the state manager allows freely. Letters,
   * digits, '.', '_' and '-' stay; any other character becomes {@code ~} and its four hex digits, so two
   * different names never share a resource ('a b' is {@code a~0020b}, 'a_b' stays {@code a_b}). Empty,
   * "." and ".." get a leading {@code ~}, which no other name produces.
   */
  public static String pathSegment(String name) {
    StringBuilder safe = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-') {
        safe.append(c);
      } else {
        safe.append('~').append(String.format("%04x", (int) c));
      }
    }
    String segment = safe.toString();
    return segment.isEmpty() || segment.equals(".") || segment.equals("..") ? "~" + segment : segment;
  }

  /** The name a path segment was made from: undoes {@link #pathSegment}. */
  public static String name(String segment) {
    if (segment.equals("~") || segment.equals("~.") || segment.equals("~..")) {
      return segment.substring(1);
    }
    Matcher m = ESCAPE.matcher(segment);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(out);
    return out.toString();
  }

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
