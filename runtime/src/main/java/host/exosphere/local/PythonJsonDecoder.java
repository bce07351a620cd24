package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * Parses a request body the way the real server does: Starlette's {@code request.json()} is Python 3.12's
 * {@code json.loads(bytes)} (the state manager's Docker image is {@code python:3.12}).
 *
 * <p>Why not Jackson: FastAPI answers a malformed body with {@code "loc": ["body", <pos>]} and
 * {@code "ctx": {"error": <msg>}} taken from Python's {@code JSONDecodeError} (docs/state-manager.md §1.1), so the
 * position (in code points) and the message must be Python's. Python also accepts {@code NaN},
 * {@code Infinity} and {@code -Infinity}, keeps the last of duplicate keys, and gives up on very deep
 * nesting with a {@code RecursionError}, which FastAPI turns into a plain 400.
 */
final class PythonJsonDecoder {
  /** Python's C scanner hits the interpreter's recursion limit around here. */
  private static final int MAX_DEPTH = 1000;
  /** {@code sys.get_int_max_str_digits()}: longer decimal integer literals fail to convert. */
  private static final int MAX_INT_DIGITS = 4300;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final int[] s;
  private int depth;

  private PythonJsonDecoder(int[] codePoints) {
    this.s = codePoints;
  }

  /** A {@code json.JSONDecodeError}: FastAPI's 422 {@code json_invalid}. */
  static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String pythonMessage;
    private final int position;

    DecodeException(String pythonMessage, int position) {
      super(pythonMessage + " (char " + position + ")", null, false, false);
      this.pythonMessage = pythonMessage;
      this.position = position;
    }

    /** The message without the position suffix, as {@code JSONDecodeError.msg}. */
    String pythonMessage() {
      return pythonMessage;
    }

    /** The offset in code points, as {@code JSONDecodeError.pos}. */
    int position() {
      return position;
    }
  }

  /**
   * Any other failure while reading the body (bad UTF-8, nesting too deep): FastAPI answers those with
   * 400 "There was an error parsing the body".
   */
  static final class UnreadableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableException(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code json.loads(raw)}. */
  static JsonNode decode(byte[] raw) throws DecodeException, UnreadableException {
    return decode(JsonText.of(raw));
  }

  /** {@code json.loads(text)}. */
  static JsonNode decode(String text) throws DecodeException, UnreadableException {
    PythonJsonDecoder decoder = new PythonJsonDecoder(text.codePoints().toArray());
    return decoder.document();
  }

  private JsonNode document() throws DecodeException, UnreadableException {
    int idx = skipWhitespace(0);
    Parsed value = value(idx);
    int end = skipWhitespace(value.end);
    if (end != s.length) {
      throw new DecodeException("Extra data", end);
    }
    return value.node;
  }

  private record Parsed(JsonNode node, int end) {}

  private int skipWhitespace(int idx) {
    while (idx < s.length && isWhitespace(s[idx])) {
      idx++;
    }
    return idx;
  }

  private static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** {@code scan_once}: a StopIteration there becomes "Expecting value" at the same index. */
  private Parsed value(int idx) throws DecodeException, UnreadableException {
    if (idx >= s.length) {
      throw new DecodeException("Expecting value", idx);
    }
    switch (s[idx]) {
      case '"':
        return string(idx + 1);
      case '{':
        return nested(() -> object(idx + 1));
      case '[':
        return nested(() -> array(idx + 1));
      case 'n':
        if (matches(idx, "null")) {
          return new Parsed(NODES.nullNode(), idx + 4);
        }
        break;
      case 't':
        if (matches(idx, "true")) {
          return new Parsed(NODES.booleanNode(true), idx + 4);
        }
        break;
      case 'f':
        if (matches(idx, "false")) {
          return new Parsed(NODES.booleanNode(false), idx + 5);
        }
        break;
      case 'N':
        if (matches(idx, "NaN")) {
          return new Parsed(NODES.numberNode(Double.NaN), idx + 3);
        }
        break;
      case 'I':
        if (matches(idx, "Infinity")) {
          return new Parsed(NODES.numberNode(Double.POSITIVE_INFINITY), idx + 8);
        }
        break;
      case '-':
        if (matches(idx, "-Infinity")) {
          return new Parsed(NODES.numberNode(Double.NEGATIVE_INFINITY), idx + 9);
        }
        break;
      default:
        break;
    }
    return number(idx);
  }

  private interface NestedParse {
    Parsed parse() throws DecodeException, UnreadableException;
  }

  private Parsed nested(NestedParse parse) throws DecodeException, UnreadableException {
    if (++depth > MAX_DEPTH) {
      throw new UnreadableException("request body is nested too deeply");
    }
    try {
      return parse.parse();
    } finally {
      depth--;
    }
  }

  private boolean matches(int idx, String literal) {
    if (idx + literal.length() > s.length) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (s[idx + i] != literal.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** {@code _match_number}: Python backtracks over a dangling fraction or exponent instead of failing. */
  private Parsed number(int start) throws DecodeException, UnreadableException {
    int idx = start;
    if (s[idx] == '-') {
      idx++;
      if (idx >= s.length) {
        throw new DecodeException("Expecting value", start);
      }
    }
    if (s[idx] >= '1' && s[idx] <= '9') {
      idx++;
      while (idx < s.length && isDigit(s[idx])) {
        idx++;
      }
    } else if (s[idx] == '0') {
      idx++;
    } else {
      throw new DecodeException("Expecting value", start);
    }
    boolean isFloat = false;
    if (idx + 1 < s.length && s[idx] == '.' && isDigit(s[idx + 1])) {
      isFloat = true;
      idx += 2;
      while (idx < s.length && isDigit(s[idx])) {
        idx++;
      }
    }
    if (idx + 1 < s.length && (s[idx] == 'e' || s[idx] == 'E')) {
      int eStart = idx;
      idx++;
      if (idx + 1 < s.length && (s[idx] == '-' || s[idx] == '+')) {
        idx++;
      }
      while (idx < s.length && isDigit(s[idx])) {
        idx++;
      }
      if (isDigit(s[idx - 1])) {
        isFloat = true;
      } else {
        idx = eStart;
      }
    }
    String text = new String(s, start, idx - start);
    JsonNode node;
    if (isFloat) {
      node = NODES.numberNode(Double.parseDouble(text));
    } else {
      if (text.length() - (text.charAt(0) == '-' ? 1 : 0) > MAX_INT_DIGITS) {
        // Python 3.12's int() refuses such a literal with a ValueError (not a JSONDecodeError).
        throw new UnreadableException("integer literal longer than " + MAX_INT_DIGITS + " digits");
      }
      BigInteger big = new BigInteger(text);
      node = big.bitLength() < 32
          ? NODES.numberNode(big.intValue())
          : big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }
    return new Parsed(node, idx);
  }

  /** {@code scanstring} in strict mode; {@code idx} is just after the opening quote. */
  private Parsed string(int idx) throws DecodeException {
    int begin = idx - 1;
    StringBuilder out = new StringBuilder();
    int end = idx;
    while (true) {
      int next = end;
      int c = 0;
      for (; next < s.length; next++) {
        c = s[next];
        if (c == '"' || c == '\\') {
          break;
        }
        if (c <= 0x1f) {
          throw new DecodeException("Invalid control character at", next);
        }
      }
      if (next >= s.length) {
        throw new DecodeException("Unterminated string starting at", begin);
      }
      out.append(new String(s, end, next - end));
      next++;
      if (c == '"') {
        end = next;
        break;
      }
      if (next == s.length) {
        throw new DecodeException("Unterminated string starting at", begin);
      }
      c = s[next];
      if (c != 'u') {
        end = next + 1;
        switch (c) {
          case '"', '\\', '/' -> out.appendCodePoint(c);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          default -> throw new DecodeException("Invalid \\escape", end - 2);
        }
      } else {
        next++;
        end = next + 4;
        if (end >= s.length) {
          throw new DecodeException("Invalid \\uXXXX escape", next - 1);
        }
        int unit = hex4(next, end);
        next = end;
        // A high surrogate followed by an escaped low surrogate is one code point; otherwise Python keeps
        // the lone surrogate and rescans what followed.
        if (Character.isHighSurrogate((char) unit) && end + 6 < s.length && s[next] == '\\' && s[next + 1] == 'u') {
          int low = hex4(next + 2, end + 6);
          if (Character.isLowSurrogate((char) low)) {
            out.appendCodePoint(Character.toCodePoint((char) unit, (char) low));
            end += 6;
            continue;
          }
        }
        out.append((char) unit);
      }
    }
    return new Parsed(NODES.textNode(out.toString()), end);
  }

  private int hex4(int from, int end) throws DecodeException {
    int value = 0;
    for (int i = from; i < end; i++) {
      int digit = Character.digit(s[i], 16);
      if (digit < 0 || s[i] > 'f') {
        throw new DecodeException("Invalid \\uXXXX escape", end - 5);
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** {@code _parse_object}; {@code idx} is just after the brace. */
  private Parsed object(int idx) throws DecodeException, UnreadableException {
    ObjectNode node = NODES.objectNode();
    idx = skipWhitespace(idx);
    if (idx < s.length && s[idx] == '}') {
      return new Parsed(node, idx + 1);
    }
    while (true) {
      if (idx >= s.length || s[idx] != '"') {
        throw new DecodeException("Expecting property name enclosed in double quotes", idx);
      }
      Parsed key = string(idx + 1);
      idx = skipWhitespace(key.end);
      if (idx >= s.length || s[idx] != ':') {
        throw new DecodeException("Expecting ':' delimiter", idx);
      }
      idx = skipWhitespace(idx + 1);
      Parsed value = value(idx);
      node.set(key.node.textValue(), value.node);
      idx = skipWhitespace(value.end);
      if (idx < s.length && s[idx] == '}') {
        return new Parsed(node, idx + 1);
      }
      if (idx >= s.length || s[idx] != ',') {
        throw new DecodeException("Expecting ',' delimiter", idx);
      }
      idx = skipWhitespace(idx + 1);
    }
  }

  /** {@code _parse_array}; {@code idx} is just after the bracket. */
  private Parsed array(int idx) throws DecodeException, UnreadableException {
    ArrayNode node = NODES.arrayNode();
    idx = skipWhitespace(idx);
    if (idx < s.length && s[idx] == ']') {
      return new Parsed(node, idx + 1);
    }
    while (true) {
      Parsed value = value(idx);
      node.add(value.node);
      idx = skipWhitespace(value.end);
      if (idx < s.length && s[idx] == ']') {
        return new Parsed(node, idx + 1);
      }
      if (idx >= s.length || s[idx] != ',') {
        throw new DecodeException("Expecting ',' delimiter", idx);
      }
      idx = skipWhitespace(idx + 1);
    }
  }
}
