package host.exosphere.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What a build produced, read the same way whether it is a classes directory or a jar: the names of the
 * files in it ({@code /}-separated, relative to its root) and their bytes.
 */
interface BuildTree extends AutoCloseable {

  /** How messages name the tree: the directory or the jar, as the user wrote it. */
  String label();

  /** The relative names of the files in the folder {@code prefix} ({@code ""} or ending in {@code /}), sorted. */
  List<String> files(String prefix);

  /** The bytes of {@code name}. */
  byte[] read(String name) throws IOException;

  @Override
  void close();

  /** How messages name one file of the tree: a path for a directory, {@code jar!/name} for a jar. */
  String describe(String name);

  /**
   * Opens {@code path}: a directory as it is, any other file as a jar (zip).
   *
   * @throws UsageException when it does not exist or is not a readable jar
   */
  static BuildTree open(Path path) {
    if (Files.isDirectory(path)) {
      return new Directory(path);
    }
    if (!Files.exists(path)) {
      throw new UsageException(path + " does not exist");
    }
    try {
      return new Jar(path, new ZipFile(path.toFile()));
    } catch (ZipException e) {
      throw new UsageException(path + " is not a jar, a classes directory or a JSON template: " + e.getMessage());
    } catch (IOException e) {
      throw new UsageException(path + " cannot be read: " + e.getMessage());
    }
  }

  /** Whether {@code path} looks like a jar by its name (templates are read as JSON instead). */
  static boolean isArchive(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jar") || name.endsWith(".zip");
  }

  /** A classes directory. */
  record Directory(Path root) implements BuildTree {
    @Override
    public String label() {
      return root.toString();
    }

    @Override
    public List<String> files(String prefix) {
      // Prefixes are folders ("" or ending in "/"): walk only that folder.
      Path start = prefix.isEmpty() ? root : root.resolve(prefix.substring(0, prefix.length() - 1));
      if (!Files.isDirectory(start)) {
        return List.of();
      }
      try (Stream<Path> walk = Files.walk(start)) {
        return walk.filter(Files::isRegularFile)
            .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
            .filter(name -> name.startsWith(prefix))
            .sorted()
            .toList();
      } catch (IOException | UncheckedIOException e) {
        throw new UsageException(root + " cannot be read: " + e.getMessage());
      }
    }

    @Override
    public byte[] read(String name) throws IOException {
      return Files.readAllBytes(root.resolve(name));
    }

    @Override
    public String describe(String name) {
      return root.resolve(name).toString();
    }

    @Override
    public void close() {}
  }

  /** A jar, read in place. */
  record Jar(Path path, ZipFile zip) implements BuildTree {
    @Override
    public String label() {
      return path.toString();
    }

    @Override
    public List<String> files(String prefix) {
      List<String> names = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
          names.add(entry.getName());
        }
      }
      names.sort(null);
      return names;
    }

    @Override
    public byte[] read(String name) throws IOException {
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        throw new IOException(name + " is not in " + path);
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return in.readAllBytes();
      }
    }

    @Override
    public String describe(String name) {
      return path + "!/" + name;
    }

    @Override
    public void close() {
      try {
        zip.close();
      } catch (IOException e) {
        // Read-only: nothing is lost when closing fails.
      }
    }
  }
}
