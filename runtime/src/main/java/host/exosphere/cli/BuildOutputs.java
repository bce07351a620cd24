package host.exosphere.cli;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.graph.GraphResources;
import host.exosphere.graph.RegisteredNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the graph templates and node registrations in what the user named: a template file (a
 * generated resource or one written by hand), a classes directory or a jar. The annotation processor
 * writes each graph to {@code META-INF/exosphere/graphs/<namespace>/<name>.json} and each node to
 * {@code META-INF/exosphere/nodes/[<namespace>/]<name>.json}, so a generated template's name and
 * namespace come from its path and its nodes from the files beside it.
 */
final class BuildOutputs {
  static final String GRAPHS = GraphResources.GRAPHS;
  static final String NODES = "META-INF/exosphere/nodes/";

  private BuildOutputs() {}

  /**
   * A graph template found in a build output.
   *
   * @param source how messages name it (a path, or {@code jar!/resource})
   * @param body the upsert body as written
   * @param pathName the name its resource path gives, or {@code null} for a file outside
   *     {@code META-INF/exosphere/graphs}
   * @param pathNamespace likewise for the namespace
   */
  record Template(String source, JsonNode body, String pathName, String pathNamespace) {}

  /**
   * The node registrations the processor wrote beside the templates; entries without a namespace belong
   * to the graph's.
   *
   * @param source where they were found, or {@code null} when there were none
   * @param entries one registration entry per node ({@code name}, schemas, {@code secrets})
   */
  record NodeResources(String source, List<JsonNode> entries) {
    static final NodeResources NONE = new NodeResources(null, List.of());

    boolean isEmpty() {
      return entries.isEmpty();
    }

    /** The nodes as registered for a graph in {@code graphNamespace}. */
    List<RegisteredNode> in(String graphNamespace) {
      return NodeFiles.entries(entries, graphNamespace, source);
    }
  }

  /** What {@link #read} found: the templates (at least one) and the nodes beside them. */
  record Found(List<Template> templates, NodeResources nodes) {}

  /**
   * Reads {@code path}: a JSON template, or a classes directory or jar holding generated templates.
   *
   * @throws UsageException when it does not exist, cannot be read, or holds no template
   */
  static Found read(Path path) {
    if (Files.isDirectory(path) || BuildTree.isArchive(path)) {
      try (BuildTree tree = BuildTree.open(path)) {
        List<Template> templates = new ArrayList<>();
        for (String resource : tree.files(GRAPHS)) {
          String[] parts = resource.substring(GRAPHS.length()).split("/");
          if (parts.length == 2 && parts[1].endsWith(".json")) {
            JsonNode body = parse(tree, resource);
            templates.add(new Template(tree.describe(resource), body,
                decode(parts[1].substring(0, parts[1].length() - ".json".length())), decode(parts[0])));
          }
        }
        if (templates.isEmpty()) {
          throw new UsageException(tree.label() + " holds no graph templates (" + GRAPHS
              + "<namespace>/<name>.json): compile @Graph types with the Exosphere annotation processor, or pass "
              + "the classes directory or jar it wrote to");
        }
        return new Found(templates, nodes(tree));
      }
    }
    JsonNode body = JsonFiles.read(path, "Template");
    Path absolute = path.toAbsolutePath().normalize();
    int count = absolute.getNameCount();
    if (count >= 5 && absolute.getName(count - 5).toString().equals("META-INF")
        && absolute.getName(count - 4).toString().equals("exosphere")
        && absolute.getName(count - 3).toString().equals("graphs")
        && absolute.getFileName().toString().endsWith(".json")) {
      String file = absolute.getFileName().toString();
      String name = decode(file.substring(0, file.length() - ".json".length()));
      String namespace = decode(absolute.getName(count - 2).toString());
      Path root = absolute.getRoot() == null ? absolute.subpath(0, count - 5)
          : count == 5 ? absolute.getRoot() : absolute.getRoot().resolve(absolute.subpath(0, count - 5));
      NodeResources nodes;
      try (BuildTree tree = BuildTree.open(root)) {
        nodes = nodes(tree);
      }
      return new Found(List.of(new Template(path.toString(), body, name, namespace)), nodes);
    }
    return new Found(List.of(new Template(path.toString(), body, null, null)), NodeResources.NONE);
  }

  private static NodeResources nodes(BuildTree tree) {
    List<JsonNode> entries = new ArrayList<>();
    for (String resource : tree.files(NODES)) {
      if (resource.endsWith(".json")) {
        entries.add(parse(tree, resource));
      }
    }
    return entries.isEmpty() ? NodeResources.NONE : new NodeResources(tree.describe(NODES), entries);
  }

  private static JsonNode parse(BuildTree tree, String resource) {
    String name = tree.describe(resource);
    try {
      return JsonFiles.parse(new ByteArrayInputStream(tree.read(resource)), name);
    } catch (IOException e) {
      throw new UsageException(name + " cannot be read: " + e.getMessage());
    }
  }

  /** Undoes the processor's path-segment escaping ({@link GraphResources#pathSegment}). */
  static String decode(String segment) {
    return GraphResources.name(segment);
  }

}
