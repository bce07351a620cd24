package host.exosphere.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A graph template's shape as a Mermaid flowchart: the text the annotation processor puts in a generated
 * {@code <X>Graph} class's Javadoc and {@code exosphere graph --mermaid} prints.
 *
 * <p>The text is deterministic, so it can be kept in documents and compared in reviews:
 * <pre>{@code
 * flowchart TD
 *   n0["load: BatchLoader"]
 *   n1["merge: Merger"]
 *   n0 --> n1
 *   n0 -. unites .-> n1
 * }</pre>
 * Node {@code n<i>} is the template's {@code i}-th node, labelled {@code "identifier: node_name"}. Then,
 * node by node in template order, one solid edge per {@code next_nodes} entry (in its order) followed by
 * the node's dotted {@code unites} edge from the node it waits for. An identifier written twice names its
 * first node; an edge to an identifier no node has is left out (the validator reports both).
 */
public final class GraphDiagram {
  private GraphDiagram() {}

  /**
   * The Mermaid flowchart of {@code template}'s nodes and edges, each line ending in {@code \n}. A
   * template without nodes gives just the {@code flowchart TD} line.
   */
  public static String mermaid(GraphTemplate template) {
    Objects.requireNonNull(template, "template");
    List<NodeTemplate> nodes = template.nodes();
    Map<String, String> ids = new HashMap<>();
    StringBuilder text = new StringBuilder("flowchart TD\n");
    for (int i = 0; i < nodes.size(); i++) {
      NodeTemplate node = nodes.get(i);
      ids.putIfAbsent(node.identifier(), "n" + i);
      text.append("  n").append(i).append("[\"").append(label(node.identifier())).append(": ")
          .append(label(node.nodeName())).append("\"]\n");
    }
    for (int i = 0; i < nodes.size(); i++) {
      NodeTemplate node = nodes.get(i);
      for (String next : node.nextNodes()) {
        String target = next == null ? null : ids.get(next);
        if (target != null) {
          text.append("  n").append(i).append(" --> ").append(target).append('\n');
        }
      }
      String source = node.unites() == null ? null : ids.get(node.unites().identifier());
      if (source != null) {
        text.append("  ").append(source).append(" -. unites .-> n").append(i).append('\n');
      }
    }
    return text.toString();
  }

  /**
   * A user's text inside a quoted Mermaid label. Mermaid reads {@code #<code>;} as a character code, so
   * what would end the label ({@code "}), be taken as markup ({@code < > \}), break the line (control
   * characters) or the Javadoc the processor embeds the text in ({@code { } @ * /}) is written that way.
   */
  public static String label(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '{' || c == '}' || c == '@' || c == '*' || c == '/' || c == '<' || c == '>'
          || c == '\\' || c < ' ') {
        out.append('#').append((int) c).append(';');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
