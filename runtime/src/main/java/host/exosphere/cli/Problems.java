package host.exosphere.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.graph.Diagnostic;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How the commands print the validator's diagnostics, in its words and with its hints. */
final class Problems {
  private Problems() {}

  /**
   * Each problem once. The state manager words one problem several ways (an unregistered node is "does
   * not exist." once for the node and "does not exist" again for each step's inputs); the validator keeps
   * both, so a listing of them repeats itself. Two diagnostics are the same problem when the server would
   * say the same thing, or, for checks beyond parity, when the same rule fires at the same place.
   */
  static List<Diagnostic> distinct(List<Diagnostic> diagnostics) {
    Set<String> seen = new LinkedHashSet<>();
    List<Diagnostic> once = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      String key = d.serverMessage() == null
          ? d.rule() + "@" + d.location()
          : d.severity() + ":" + d.serverMessage().strip().replaceAll("\\.$", "");
      if (seen.add(key)) {
        once.add(d);
      }
    }
    return once;
  }

  /** One block per diagnostic: severity, rule and place; the validator's text; the server's text. */
  static void print(PrintWriter out, List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      out.println();
      out.println(d.severity().name().toLowerCase(Locale.ROOT) + " [exosphere:" + d.rule() + "] at " + d.location());
      out.println("  " + indent(d.message(), "  "));
      if (d.serverMessage() != null) {
        out.println("  state manager: " + indent(d.serverMessage(), "    "));
      }
    }
  }

  /** {@code [{rule, severity, message, server_message, location}]}. */
  static ArrayNode json(List<Diagnostic> diagnostics) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (Diagnostic d : diagnostics) {
      ObjectNode item = list.addObject();
      item.put("rule", d.rule());
      item.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
      item.put("message", d.message());
      if (d.serverMessage() == null) {
        item.putNull("server_message");
      } else {
        item.put("server_message", d.serverMessage());
      }
      item.put("location", d.location().toString());
    }
    return list;
  }

  private static String indent(String text, String prefix) {
    return text.replace("\n", "\n" + prefix);
  }
}
