package host.exosphere.graph;

/**
 * The one rule that names a record component on the wire when it has no {@code @Wire}: its Java name in
 * snake_case. The annotation processor (fields and Java API names) and the runtime (records sent as JSON)
 * both use it, so a name is the same wherever it travels.
 */
public final class WireNames {
  private WireNames() {}

  /**
   * {@code orderId} → {@code order_id}, {@code userID} → {@code user_id}, {@code HTTPServer} →
   * {@code http_server}, {@code sha256Sum} → {@code sha256_sum}; a name without capitals is unchanged, so
   * snake_case components keep their names.
   */
  public static String of(String javaName) {
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
}
