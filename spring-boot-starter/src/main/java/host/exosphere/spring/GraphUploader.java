package host.exosphere.spring;

import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphResources;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.spring.InvalidPropertiesException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Upserts the graphs the annotation processor generated for the client's namespace (the resources
 * {@code META-INF/exosphere/graphs/<namespace>/<name>.json} on the class path), each with the values of
 * the secrets it declares from {@code exosphere.graphs.secrets.*}, and waits for each to be VALID.
 * Secret values go to the state manager only; they are never logged.
 */
final class GraphUploader {
  private static final Logger log = LoggerFactory.getLogger(GraphUploader.class);

  private final StateManager client;
  private final Map<String, String> secrets;
  private final ResourcePatternResolver resources;

  GraphUploader(StateManager client, Map<String, String> secrets, ClassLoader classLoader) {
    this.client = client;
    this.secrets = Map.copyOf(secrets);
    this.resources = new PathMatchingResourcePatternResolver(classLoader);
  }

  /** The generated templates of the namespace, by graph name, with secret values still unset. */
  Map<String, GraphTemplate> templates() {
    String namespace = client.namespace();
    Map<String, GraphTemplate> byName = new TreeMap<>();
    Resource[] found;
    try {
      found = resources.getResources(ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX + GraphResources.GRAPHS
          + GraphResources.pathSegment(namespace) + "/*.json");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the generated graphs of namespace '" + namespace + "'", e);
    }
    for (Resource resource : found) {
      String file = resource.getFilename();
      // The processor escapes names a file system could not hold ('order flow' is order~0020flow.json).
      String name = GraphResources.name(file.substring(0, file.length() - ".json".length()));
      // The same graph in two jars: the class loader's first copy, as the generated class would read it.
      byName.computeIfAbsent(name, n -> GraphResources.template(GraphUploader.class,
          GraphResources.path(namespace, n), n, namespace));
    }
    return byName;
  }

  /** Upserts every template; a missing secret fails before anything is sent. */
  void upsertAll() {
    Map<String, GraphTemplate> filled = new LinkedHashMap<>();
    List<Problem> missing = new ArrayList<>();
    templates().forEach((name, template) -> {
      Map<String, String> values = new LinkedHashMap<>();
      for (String secret : template.secrets().keySet()) {
        String value = secrets.get(secret);
        if (value == null) {
          missing.add(new Problem("exosphere.graphs.secrets." + secret, "is not set; graph '" + name
              + "' declares it and exosphere.graphs.upsert is on",
              "Set exosphere.graphs.secrets." + secret + ", or turn exosphere.graphs.upsert off"));
        } else {
          values.put(secret, value);
        }
      }
      if (values.size() == template.secrets().size()) {
        filled.put(name, template.withSecretValues(values));
      }
    });
    if (!missing.isEmpty()) {
      throw new InvalidPropertiesException(missing);
    }
    if (filled.isEmpty()) {
      log.warn("exosphere.graphs.upsert is on, but no generated graph of namespace '{}' is on the class path",
          client.namespace());
    }
    filled.forEach((name, template) -> {
      client.upsertGraph(template);
      log.info("Graph {}/{} upserted and VALID", client.namespace(), name);
    });
  }
}
