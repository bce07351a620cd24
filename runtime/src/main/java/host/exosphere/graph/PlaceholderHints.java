package host.exosphere.graph;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a placeholder the template grammar refuses, for the two mistakes people make
 * most: a reference without its field ({@code ${{ load.outputs }}}) and a misspelt {@code outputs}
 * ({@code ${{ load.output.data }}}). The server only says "Invalid syntax".
 */
final class PlaceholderHints {
  private PlaceholderHints() {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\{(.*?)}}");

  /** {@code " <hint>."}, or {@code ""} when no hint applies. */
  static String hint(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String[] parts = m.group(1).strip().split("\\.", -1);
      if (parts.length == 2 && parts[1].strip().equals("outputs")) {
        return " '" + m.group(1).strip() + "' is missing the field: write ${{ " + parts[0].strip()
            + ".outputs.<field> }}.";
      }
      if (parts.length == 3 && !parts[1].strip().equals("outputs") && !parts[0].strip().equals("store")
          && "outputs".equals(Suggestions.closest(parts[1].strip(), List.of("outputs")))) {
        return " '" + parts[1].strip() + "': did you mean 'outputs'?";
      }
    }
    return "";
  }

  /** Whether {@code text} holds something that looks like a placeholder with single braces ({@code ${ a.b }}). */
  static boolean singleBrace(String text) {
    return SINGLE.matcher(text).find();
  }

  private static final Pattern SINGLE = Pattern.compile("(?<!\\$)\\$\\{(?!\\{)[^{}]*}");
}
