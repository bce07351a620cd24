package host.exosphere.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, each with the marker comment written on the line just above
 * its opening fence, if any:
 *
 * <ul>
 *   <li>{@code <!-- file: PATH -->}: the block is the repository file PATH, byte for byte;
 *   <li>{@code <!-- snippet: fragment -->}: a Java block of statements (optionally led by imports), compiled
 *       as the body of a method rather than as a source file.
 * </ul>
 */
record Readme(List<Block> blocks) {
  private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!--\\s*(file|snippet):\\s*(\\S+)\\s*-->\\s*$");

  /** A block: the 1-based line of its opening fence, its language, its marker (kind and value) and text. */
  record Block(int line, String language, String markerKind, String markerValue, String text) {
    boolean isFile() {
      return "file".equals(markerKind);
    }

    boolean isFragment() {
      return "snippet".equals(markerKind) && "fragment".equals(markerValue);
    }
  }

  static Readme read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches() || open.group(1).isEmpty()) {
        continue;
      }
      Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
      boolean marked = marker != null && marker.matches();
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).equals("```")) {
        text.append(lines.get(j)).append('\n');
        j++;
      }
      if (j == lines.size()) {
        throw new IllegalStateException(file + ":" + (i + 1) + ": code block never closed");
      }
      if (marked && !marker.group(1).equals("file") && !marker.group(2).equals("fragment")) {
        throw new IllegalStateException(file + ":" + i + ": unknown marker " + lines.get(i - 1));
      }
      blocks.add(new Block(i + 1, open.group(1), marked ? marker.group(1) : null, marked ? marker.group(2) : null,
          text.toString()));
      i = j;
    }
    return new Readme(blocks);
  }

  List<Block> java() {
    return blocks.stream().filter(b -> b.language().equals("java")).toList();
  }

  List<Block> files() {
    return blocks.stream().filter(Block::isFile).toList();
  }
}
