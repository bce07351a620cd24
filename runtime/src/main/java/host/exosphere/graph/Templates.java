package host.exosphere.graph;

import java.util.HashMap;
import java.util.Map;

/**
 * Parsed input templates of one validation run: the template validators, the verification and the
 * warnings all read the same inputs, and graphs repeat the same template on many nodes.
 */
final class Templates {
  private final Map<String, TemplateString> parsed = new HashMap<>();

  /** {@link TemplateString#parse}, once per distinct text. */
  TemplateString parse(String text) {
    TemplateString template = parsed.get(text);
    if (template == null) {
      template = TemplateString.parse(text);
      parsed.put(text, template);
    }
    return template;
  }
}
