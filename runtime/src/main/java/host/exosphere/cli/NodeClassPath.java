package host.exosphere.cli;

import host.exosphere.worker.NodeAdapter;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code @Node} classes of a user's build, found through the adapters the annotation processor
 * generates beside each one ({@code <Node>Adapter}, implementing {@link NodeAdapter}). Only the generated
 * adapters are instantiated; no node class runs any code until a state arrives.
 */
final class NodeClassPath implements AutoCloseable {
  private static final String SUFFIX = "Adapter.class";

  private final List<Path> entries;
  private final URLClassLoader loader;

  private NodeClassPath(List<Path> entries, URLClassLoader loader) {
    this.entries = entries;
    this.loader = loader;
  }

  /**
   * Opens a class path: jars and classes directories separated by the platform's path separator.
   *
   * @throws UsageException when it is empty or an entry does not exist
   */
  static NodeClassPath open(String classPath) {
    List<Path> entries = new ArrayList<>();
    List<URL> urls = new ArrayList<>();
    for (String part : classPath.split(File.pathSeparator)) {
      if (part.isBlank()) {
        continue;
      }
      Path entry = Path.of(part);
      if (!Files.exists(entry)) {
        throw new UsageException("Class path entry " + entry + " does not exist");
      }
      entries.add(entry);
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UsageException("Class path entry " + entry + " cannot be used: " + e.getMessage());
      }
    }
    if (entries.isEmpty()) {
      throw new UsageException("--classpath is empty: give a jar, a classes directory or a class path");
    }
    // Parent first: the node adapters must implement this runtime's NodeAdapter, not a copy from a fat jar.
    return new NodeClassPath(entries, new URLClassLoader(urls.toArray(URL[]::new), NodeClassPath.class.getClassLoader()));
  }

  /** Every generated node adapter on the class path, one per node class, in class-name order. */
  List<NodeAdapter> adapters() {
    Set<String> names = new LinkedHashSet<>();
    for (Path entry : entries) {
      try (BuildTree tree = BuildTree.open(entry)) {
        for (String file : tree.files("")) {
          if (file.endsWith(SUFFIX) && !file.startsWith("META-INF/")) {
            names.add(file.substring(0, file.length() - ".class".length()).replace('/', '.'));
          }
        }
      }
    }
    List<NodeAdapter> adapters = new ArrayList<>();
    for (String name : names.stream().sorted().toList()) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // Not loadable here (an optional dependency missing): not one of ours either way.
      }
      if (!NodeAdapter.class.isAssignableFrom(type) || type.isInterface()
          || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      try {
        adapters.add((NodeAdapter) type.getConstructor().newInstance());
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        throw new UsageException("Cannot create the node adapter " + name + ": " + e
            + " (recompile the node with the Exosphere annotation processor of this version)");
      }
    }
    return adapters;
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      // Only open jar handles are released here; nothing is lost.
    }
  }
}
