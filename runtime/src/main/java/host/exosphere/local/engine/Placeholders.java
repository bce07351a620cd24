package host.exosphere.local.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An input template ({@code "a ${{ n1.outputs.x }} b ${{ store.k }}"}) parsed the way the state manager's
 * {@code DependentString} parses it, with its error texts (contract §4.4), and rendered with Python's
 * string concatenation semantics so that non-string values fail the way they do there.
 */
final class Placeholders {
  static final String STORE = "store";

  /** One placeholder and the literal text after it. */
  record Dependent(String identifier, String field, String tail) {}

  private final String head;
  private final List<Dependent> dependents;

  private Placeholders(String head, List<Dependent> dependents) {
    this.head = head;
    this.dependents = dependents;
  }

  /** Thrown with the server's exact message for a template that does not parse. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  /** Thrown with the server's exact message when rendering fails (a Python ValueError or TypeError). */
  static final class RenderError extends Exception {
    private static final long serialVersionUID = 1L;

    RenderError(String message) {
      super(message, null, false, false);
    }
  }

  static Placeholders parse(String template) throws SyntaxError {
    int first = template.indexOf("${{");
    if (first < 0) {
      return new Placeholders(template, List.of());
    }
    String[] pieces = template.split("\\$\\{\\{", -1);
    List<Dependent> dependents = new ArrayList<>(pieces.length - 1);
    for (int i = 1; i < pieces.length; i++) {
      String piece = pieces[i];
      int close = piece.indexOf("}}");
      if (close < 0) {
        throw new SyntaxError("Invalid syntax string placeholder " + piece + " for: " + template + " '${' not closed");
      }
      String content = piece.substring(0, close);
      String tail = piece.substring(close + 2);
      String[] parts = content.split("\\.", -1);
      for (int p = 0; p < parts.length; p++) {
        parts[p] = parts[p].strip();
      }
      if (parts.length == 3 && parts[1].equals("outputs")) {
        dependents.add(new Dependent(parts[0], parts[2], tail));
      } else if (parts.length == 2 && parts[0].equals(STORE)) {
        dependents.add(new Dependent(STORE, parts[1], tail));
      } else {
        throw new SyntaxError("Invalid syntax string placeholder " + content + " for: " + template);
      }
    }
    return new Placeholders(pieces[0], dependents);
  }

  List<Dependent> dependents() {
    return dependents;
  }

  /** Distinct {@code (identifier, field)} pairs in order of first appearance. */
  List<Map.Entry<String, String>> references() {
    Map<String, Map.Entry<String, String>> seen = new LinkedHashMap<>();
    for (Dependent d : dependents) {
      seen.putIfAbsent(d.identifier() + "\u0000" + d.field(), Map.entry(d.identifier(), d.field()));
    }
    return new ArrayList<>(seen.values());
  }

  /** A value source: what {@code set_value} would have put for a pair (absent pairs render as unset). */
  interface Values {
    Object get(String identifier, String field);
  }

  /**
   * {@code head + value + tail + …}. A {@code null} value raises the server's "Dependent value is not set"
   * error; a non-string value the TypeError of Python's {@code value + tail}.
   */
  String render(Values values) throws RenderError {
    if (dependents.isEmpty()) {
      return head;
    }
    StringBuilder out = new StringBuilder(head);
    for (Dependent d : dependents) {
      Object value = values.get(d.identifier(), d.field());
      if (value == null) {
        throw new RenderError("Dependent value is not set for: identifier=" + PyRepr.str(d.identifier())
            + " field=" + PyRepr.str(d.field()) + " tail=" + PyRepr.str(d.tail()) + " value=None");
      }
      if (!(value instanceof String)) {
        throw new RenderError("unsupported operand type(s) for +: '" + PyRepr.typeName(value) + "' and 'str'");
      }
      out.append((String) value).append(d.tail());
    }
    return out.toString();
  }
}
