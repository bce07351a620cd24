package host.exosphere.graph;

/**
 * The one rule that names a record component on the wire when it has no {@code @Wire}: its Java name in
 * snake_case. The annotation processor (fields and Java API names) and the runtime (records sent as JSON)
 * both use it, so a name is the same wherever it travels.
 */
public final class WireNames {
  private WireNames() {}

  /**
   * A camelCase name (one with a lower-case letter or digit followed by a capital) in snake_case:
   * {@code orderId} → {@code order_id}, {@code userID} → {@code user_id}, {@code parseHTTPResponse} →
   * {@code parse_http_response}, {@code sha256Sum} → {@code sha256_sum}. Any other name is unchanged:
   * {@code order_id}, {@code source}, and also {@code TEXT} or {@code Text}, which a Python model may
   * declare as they are.
   */
  public static String of(String javaName) {
    if (!isCamelCase(javaName)) {
      return javaName;
    }
    StringBuilder out = null;
    int n = javaName.length();
    for (int i = 0; i < n; i++) {
      char c = javaName.charAt(i);
      if (!Character.isUpperCase(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n + 4).append(javaName, 0, i);
      }
      if (i > 0 && javaName.charAt(i - 1) != '_') {
        char before = javaName.charAt(i - 1);
        boolean wordStart = Character.isLowerCase(before) || Character.isDigit(before)
            || (i + 1 < n && Character.isLowerCase(javaName.charAt(i + 1)));
        if (wordStart) {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out == null ? javaName : out.toString();
  }

  private static boolean isCamelCase(String name) {
    for (int i = 1; i < name.length(); i++) {
      char before = name.charAt(i - 1);
      if (Character.isUpperCase(name.charAt(i)) && (Character.isLowerCase(before) || Character.isDigit(before))) {
        return true;
      }
    }
    return false;
  }
}
