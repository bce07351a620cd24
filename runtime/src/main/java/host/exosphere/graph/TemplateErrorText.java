package host.exosphere.graph;

import host.exosphere.annotations.UnitesStrategy;
import java.util.List;

/**
 * The 400 detail of a failed upsert: {@code "Error validating graph template: " + str(ValidationError)}
 * (docs/state-manager.md §3.2). The header, the field-name lines, the {@code Value error, } prefix and the message
 * lines are exact; the bracketed suffix is best effort, because the server prints a truncated repr of
 * its input (including secret ciphertexts, which are never echoed here) and its pydantic version.
 */
final class TemplateErrorText {
  private TemplateErrorText() {}

  /** One pydantic error: the field ({@code null} for model validators), its lines and its input. */
  record PydanticError(String field, List<String> lines, String inputValue, String inputType) {}

  static String detail(List<PydanticError> errors) {
    StringBuilder s = new StringBuilder("Error validating graph template: ")
        .append(errors.size()).append(" validation error").append(errors.size() == 1 ? "" : "s")
        .append(" for GraphTemplate");
    for (PydanticError e : errors) {
      s.append('\n');
      if (e.field() != null) {
        s.append(e.field()).append('\n');
      }
      s.append("  Value error, ").append(String.join("\n", e.lines()))
          .append(" [type=value_error, input_value=").append(truncate(e.inputValue()))
          .append(", input_type=").append(e.inputType()).append("]\n")
          .append("    For further information visit https://errors.pydantic.dev/2.11/v/value_error");
    }
    return s.toString();
  }

  /** pydantic-core shortens long input reprs to their first 25 and last 24 characters. */
  static String truncate(String repr) {
    return repr.length() <= 50 ? repr : repr.substring(0, 25) + "..." + repr.substring(repr.length() - 24);
  }

  /** The input of a model validator: the document as a dict (its tail is the validation status). */
  static String documentRepr(GraphTemplate raw) {
    return "{'name': " + PythonJson.stringRepr(raw.name()) + ", 'namespace': "
        + PythonJson.stringRepr(raw.namespace()) + ", ..., 'validation_status': 'PENDING'}";
  }

  static String nodesRepr(List<NodeTemplate> nodes) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(nodeRepr(nodes.get(i)));
    }
    return s.append(']').toString();
  }

  /** {@code NodeTemplate(node_name='a', namespace='ns', identifier='a', inputs={}, next_nodes=[], unites=None)}. */
  static String nodeRepr(NodeTemplate n) {
    return "NodeTemplate(node_name=" + PythonJson.stringRepr(n.nodeName())
        + ", namespace=" + PythonJson.stringRepr(n.namespace())
        + ", identifier=" + PythonJson.stringRepr(n.identifier())
        + ", inputs=" + PythonJson.repr(n.inputs())
        + ", next_nodes=" + PythonJson.repr(n.nextNodes())
        + ", unites=" + (n.unites() == null ? "None" : unitesRepr(n.unites().identifier(), n.unites().strategy()))
        + ")";
  }

  private static String unitesRepr(String identifier, UnitesStrategy strategy) {
    return "Unites(identifier=" + PythonJson.stringRepr(identifier) + ", strategy=<UnitesStrategyEnum."
        + strategy.name() + ": '" + strategy.name() + "'>)";
  }

  /** Secret names with their values hidden: the server would print ciphertexts, we print nothing secret. */
  static String secretsRepr(java.util.Map<String, String> secrets) {
    StringBuilder s = new StringBuilder("{");
    boolean first = true;
    for (String name : secrets.keySet()) {
      if (!first) {
        s.append(", ");
      }
      first = false;
      s.append(PythonJson.stringRepr(name)).append(": '...'");
    }
    return s.append('}').toString();
  }
}
