package host.exosphere.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What Mongo can store. Python's ints are unbounded, and pydantic lets any of them through a request
 * model, but BSON integers have 64 bits: the real server's write then fails with an {@code OverflowError},
 * which is no {@code ValueError}, so the client gets the generic 500 and nothing is written. Likewise a
 * field name with a NUL character is refused by the BSON encoder ({@code InvalidDocument}), and a string
 * with an unpaired surrogate (Python's JSON reader accepts {@code "\ud800"}) cannot be encoded as UTF-8.
 */
final class Bson {
  private static final BigDecimal TWO_POW_63 = new BigDecimal(BigInteger.ONE.shiftLeft(63));

  private Bson() {}

  /**
   * Whether a value read by Jackson (maps, lists, numbers, trees) can be stored: every integer fits in
   * 64 bits, no key contains a NUL character, every string is valid UTF-16.
   */
  static boolean fits(Object value) {
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64;
    }
    if (value instanceof String text) {
      return encodable(text);
    }
    if (value instanceof JsonNode node) {
      return fits(node);
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        if (key.indexOf('\0') >= 0 || !encodable(key) || !fits(entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!fits(item)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean fits(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().bitLength() < 64;
    }
    if (node.isTextual()) {
      return encodable(node.textValue());
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.indexOf('\0') >= 0 || !encodable(name)) {
        return false;
      }
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      if (!fits(it.next())) {
        return false;
      }
    }
    return true;
  }

  /** No unpaired surrogate: the text has a UTF-8 form. */
  static boolean encodable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an {@code int} field given in pydantic's lax forms (a number, an integral float, a numeric
   * string, a boolean) is within 64 bits once converted; values pydantic rejects never get here.
   */
  static boolean fitsLaxInt(JsonNode node) {
    if (node == null || node.isNull() || node.isBoolean()) {
      return true;
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().bitLength() < 64;
    }
    if (node.isFloatingPointNumber()) {
      return Math.abs(node.doubleValue()) < 0x1p63;
    }
    if (node.isTextual()) {
      try {
        BigDecimal parsed = new BigDecimal(node.textValue().strip());
        return parsed.abs().compareTo(TWO_POW_63) < 0 || parsed.compareTo(TWO_POW_63.negate()) == 0;
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return true;
  }
}
