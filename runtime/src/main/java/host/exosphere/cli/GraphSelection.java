package host.exosphere.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Which graphs {@code validate} and {@code upsert} work on, and under which name and namespace. A graph's
 * name is {@code --name}, else the template's {@code "name"} key, else its resource path; its namespace
 * is {@code --namespace}, else the {@code "namespace"} key, else the resource path, else
 * {@code $EXOSPHERE_NAMESPACE}. In a classes directory or jar holding several graphs, {@code --name} and
 * {@code --namespace} pick graphs instead of renaming them.
 */
final class GraphSelection {

  @Option(names = "--name", description = "Graph name (default: the template's \"name\", else its resource path"
      + " META-INF/exosphere/graphs/<namespace>/<name>.json); in a classes directory or jar, picks that graph.")
  String name;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: the template's"
      + " \"namespace\", else its resource path, else $" + ServerOptions.NAMESPACE_VARIABLE + ").")
  String namespace;

  /**
   * One graph to work on.
   *
   * @param source how messages name its template
   * @param body the upsert body as written (secret values may be {@code null}: given at upload)
   * @param name the graph's name
   * @param namespace the graph's namespace
   * @param bundled the node resources the processor wrote beside it
   */
  record Graph(String source, JsonNode body, String name, String namespace, BuildOutputs.NodeResources bundled) {
    String label() {
      return namespace + "/" + name;
    }

    /**
     * The body with every {@code null} secret value replaced, for validation: a generated template leaves
     * values for upload time, and the server only ever sees (encrypted) strings there.
     */
    JsonNode withSecretsGivenAtUpload() {
      if (!(body instanceof ObjectNode object) || !(object.get("secrets") instanceof ObjectNode secrets)) {
        return body;
      }
      ObjectNode copy = object.deepCopy();
      ObjectNode values = (ObjectNode) copy.get("secrets");
      secrets.fieldNames().forEachRemaining(secret -> {
        if (values.get(secret).isNull()) {
          values.put(secret, "(given at upload)");
        }
      });
      return copy;
    }
  }

  /**
   * The graphs at {@code path}: one for a template file, every one (or those {@code --name} and
   * {@code --namespace} pick) in a classes directory or jar.
   *
   * @throws UsageException when the path is unusable, a graph has no name or namespace, or none is picked
   */
  List<Graph> select(Path path, Function<String, String> environment) {
    BuildOutputs.Found found = BuildOutputs.read(path);
    boolean tree = Files.isDirectory(path) || BuildTree.isArchive(path);
    List<Graph> graphs = new ArrayList<>();
    List<String> available = new ArrayList<>();
    for (BuildOutputs.Template t : found.templates()) {
      String ownName = pathParameter(t.body(), "name", t.pathName(), tree ? null : name, "--name", null);
      String ownNamespace = pathParameter(t.body(), "namespace", t.pathNamespace(), tree ? null : namespace,
          "--namespace", environment.apply(ServerOptions.NAMESPACE_VARIABLE));
      available.add(ownNamespace + "/" + ownName);
      if (tree && ((name != null && !name.equals(ownName)) || (namespace != null && !namespace.equals(ownNamespace)))) {
        continue;
      }
      graphs.add(new Graph(t.source(), t.body(), ownName, ownNamespace, found.nodes()));
    }
    if (graphs.isEmpty()) {
      throw new UsageException("no graph " + (namespace == null ? "" : namespace + "/") + (name == null ? "" : name)
          + " in " + path + "; it holds " + String.join(", ", available));
    }
    return graphs;
  }

  private static String pathParameter(JsonNode body, String key, String fromPath, String flag, String option,
      String fromEnvironment) {
    if (flag != null) {
      return flag;
    }
    JsonNode value = body.isObject() ? body.get(key) : null;
    if (value != null && !value.isNull()) {
      if (!value.isTextual()) {
        throw new UsageException("the template's \"" + key + "\" must be a string; pass " + option + " instead");
      }
      return value.textValue();
    }
    if (fromPath != null) {
      return fromPath;
    }
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    throw new UsageException("no graph " + key + ": the template has no \"" + key + "\" key and is not a generated"
        + " resource (" + BuildOutputs.GRAPHS + "<namespace>/<name>.json); pass " + option
        + (key.equals("namespace") ? " or set " + ServerOptions.NAMESPACE_VARIABLE : ""));
  }
}
