package host.exosphere.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.graph.GraphJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads JSON files for the commands, turning every way a file can be unusable into a UsageException. */
final class JsonFiles {
  private JsonFiles() {}

  /** Files larger than this are refused before reading (a 100,000-node graph is about 30 MB). */
  static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  /**
   * The JSON document in {@code file}.
   *
   * @param what how messages name the file, e.g. "Template" or "Nodes file"
   */
  static JsonNode read(Path file, String what) {
    String name = what + " " + file;
    try {
      if (Files.isDirectory(file)) {
        throw new UsageException(name + " is a directory, not a JSON file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new UsageException(name + " is larger than " + (MAX_FILE_BYTES >> 20) + " MB");
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(in, name);
      }
    } catch (NoSuchFileException e) {
      throw new UsageException(name + " does not exist");
    } catch (AccessDeniedException e) {
      throw new UsageException(name + " cannot be read: permission denied");
    } catch (IOException e) {
      throw new UsageException(name + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * The JSON document in {@code in}.
   *
   * @param name how messages name the document, e.g. "Template t.json"
   */
  static JsonNode parse(InputStream in, String name) throws IOException {
    JsonNode json;
    try {
      json = GraphJson.mapper().readTree(in);
    } catch (StreamConstraintsException e) {
      throw new UsageException(name + " is too large or too deeply nested to be a graph: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      // The parser's own message and position only: its excerpt of the file could show a secret.
      throw new UsageException(name + " is not valid JSON: " + withoutSource(e.getOriginalMessage())
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    }
    if (json == null || json.isMissingNode()) {
      throw new UsageException(name + " is empty: it must hold a JSON document");
    }
    return json;
  }

  /** Drops Jackson's "(for Array starting at [Source: ...])" aside: the position follows anyway. */
  private static String withoutSource(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\(for \\w+ starting at \\[Source: [^\\]]*\\]\\)", "");
  }
}
