package host.exosphere.local.engine;

import java.util.Collection;
import java.util.Iterator;

/**
 * Python's {@code repr()} of strings and string sets, because several state-manager error texts embed
 * them: {@code str(KeyError(msg))} is {@code repr(msg)}, {@code "Missing store keys: {'a', 'b'}"} prints a
 * set (contract §1.2.8, §4.4).
 */
final class PyRepr {
  private PyRepr() {}

  /** {@code repr(s)}: single quotes unless the text has a single quote and no double quote. */
  static String str(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote).toString();
  }

  /** {@code repr(set(items))}; Python's order is arbitrary, this one keeps the given order. */
  static String set(Collection<String> items) {
    if (items.isEmpty()) {
      return "set()";
    }
    StringBuilder out = new StringBuilder("{");
    for (Iterator<String> it = items.iterator(); it.hasNext(); ) {
      out.append(str(it.next()));
      if (it.hasNext()) {
        out.append(", ");
      }
    }
    return out.append('}').toString();
  }

  /** Python's type name of a JSON value, as in {@code TypeError} texts. */
  static String typeName(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
      return "float";
    }
    if (value instanceof Number) {
      return "int";
    }
    if (value instanceof java.util.Map) {
      return "dict";
    }
    if (value instanceof java.util.List) {
      return "list";
    }
    return value.getClass().getSimpleName();
  }
}
