package host.exosphere.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} with its defaults ({@code ensure_ascii=True}, separators {@code ", "} and
 * {@code ": "}) and Python's {@code repr}/{@code str} of JSON-like values.
 *
 * <p>The Python SDK hands its body to aiohttp's {@code json=}, which calls {@code json.dumps} with no
 * options (docs/state-manager.md §5.1); writing the same bytes keeps golden files comparable with what the Python SDK
 * sends. The reprs are what the state manager prints in messages such as "Input {value} is not a string"
 * (docs/state-manager.md §3.2).
 */
final class PythonJson {
  private PythonJson() {}

  /** {@code json.dumps(value)} for String, Number, Boolean, null, List and Map values. */
  static String dumps(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Number n) {
      out.append(numberText(n, true));
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        writeString(out, String.valueOf(e.getKey()));
        out.append(": ");
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      Iterator<?> it = list.iterator();
      while (it.hasNext()) {
        write(out, it.next());
        if (it.hasNext()) {
          out.append(", ");
        }
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
    }
  }

  /** A JSON string literal with every character outside printable ASCII escaped, as ensure_ascii does. */
  static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            out.append(c);
          } else {
            // Python writes lowercase hex and splits astral characters into surrogate pairs, which is
            // exactly what iterating UTF-16 chars gives.
            out.append("\\u");
            String hex = Integer.toHexString(c);
            for (int pad = hex.length(); pad < 4; pad++) {
              out.append('0');
            }
            out.append(hex);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A number as Python prints it: integers as digits, floats in {@code float.__repr__} form ({@code 1.0},
   * {@code 1e+20}, {@code 1.5e-07}). In JSON (and in repr) non-finite floats are {@code NaN},
   * {@code Infinity}, {@code -Infinity} for json.dumps and {@code nan}, {@code inf}, {@code -inf} for repr.
   */
  static String numberText(Number n, boolean json) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger) {
      return n.toString();
    }
    double d = n.doubleValue();
    if (n instanceof BigDecimal bd && !Double.isInfinite(d)) {
      // json.loads turns every JSON number with a fraction or exponent into a float.
      return floatRepr(bd.doubleValue());
    }
    if (Double.isNaN(d)) {
      return json ? "NaN" : "nan";
    }
    if (Double.isInfinite(d)) {
      return json ? (d > 0 ? "Infinity" : "-Infinity") : (d > 0 ? "inf" : "-inf");
    }
    return floatRepr(d);
  }

  /**
   * The shortest decimal that reads back as {@code d}, and of those the closest: Python's repr digits.
   * Not {@link Double#toString}: before JDK 19 it sometimes prints one digit more ({@code 1.57e22} as
   * {@code 1.5699999999999999E22}), and a Java 17 runtime must still print the server's text.
   */
  static BigDecimal shortestDigits(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal rounded = exact.round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == d) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, scientific below 1e-4 and from 1e16 on. */
  static String floatRepr(double d) {
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = shortestDigits(d);
    String digits = exact.unscaledValue().abs().toString();
    // decimal exponent of the first digit: value = 0.d1d2... * 10^(pointPos)
    int exponent = digits.length() - exact.scale() - 1;
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      StringBuilder s = new StringBuilder(sign).append(digits.charAt(0));
      if (digits.length() > 1) {
        s.append('.').append(digits, 1, digits.length());
      }
      s.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        s.append('0');
      }
      return s.append(abs).toString();
    }
    String plain = exact.abs().toPlainString();
    if (!plain.contains(".")) {
      plain = plain + ".0";
    }
    return sign + plain;
  }

  /**
   * Python's {@code str()} of a value decoded by {@code json.loads}: {@code None}, {@code True},
   * {@code 123}, {@code 1.5}, {@code {'a': 1}}, {@code ['x', None]}; strings print bare at the top level
   * and quoted inside containers, as f-strings do.
   */
  static String str(Object value) {
    return value instanceof String s ? s : repr(value);
  }

  /** Python's {@code repr()} of a value decoded by {@code json.loads}. */
  static String repr(Object value) {
    StringBuilder out = new StringBuilder();
    writeRepr(out, value);
    return out.toString();
  }

  private static void writeRepr(StringBuilder out, Object value) {
    if (value == null) {
      out.append("None");
    } else if (value instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (value instanceof Number n) {
      out.append(numberText(n, false));
    } else if (value instanceof String s) {
      out.append(stringRepr(s));
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        writeRepr(out, e.getKey());
        out.append(": ");
        writeRepr(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        writeRepr(out, list.get(i));
      }
      out.append(']');
    } else {
      out.append(value);
    }
  }

  /** Python's {@code repr(str)}: single quotes unless the text has a single quote and no double quote. */
  static String stringRepr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp < 0x20 || cp == 0x7f) {
        out.append(String.format("\\x%02x", cp));
      } else if (isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp <= 0xffff) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.append(String.format("\\U%08x", cp));
      }
    }
    return out.append(quote).toString();
  }

  /** Approximates Python's str.isprintable for repr: separators and control/format characters are not. */
  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return switch (type) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /** Python's type name of a JSON-decoded value, as {@code TypeError} texts print it. */
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
    if (value instanceof Map<?, ?>) {
      return "dict";
    }
    if (value instanceof List<?>) {
      return "list";
    }
    return value.getClass().getSimpleName();
  }
}
