package host.exosphere.local.engine;

import host.exosphere.graph.GraphJson;
import java.util.Collection;
import java.util.Iterator;

/**
 * Python's {@code repr()} of a string set, as {@code "Missing store keys: {'a', 'b'}"} prints it (contract
 * §1.2.8); single values go through {@link GraphJson#pythonRepr}.
 */
final class PyRepr {
  private PyRepr() {}

  /** {@code repr(set(items))}; Python's order is arbitrary, this one keeps the given order. */
  static String set(Collection<String> items) {
    if (items.isEmpty()) {
      return "set()";
    }
    StringBuilder out = new StringBuilder("{");
    for (Iterator<String> it = items.iterator(); it.hasNext(); ) {
      out.append(GraphJson.pythonRepr(it.next()));
      if (it.hasNext()) {
        out.append(", ");
      }
    }
    return out.append('}').toString();
  }
}
