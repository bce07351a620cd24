package host.exosphere.processor;

import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * Names the state manager accepts in a body but that cannot travel the rest of the way: a graph name or
 * namespace is a segment of the upload's URL path, where a '/' (even percent-encoded: the server decodes
 * the path before routing) splits it and the upload answers 404; a name becomes a resource file name,
 * which file systems cap at 255 bytes; and the generated class reads its template with Jackson, which
 * refuses JSON object keys longer than 50,000 characters. Each is one error on the name.
 */
final class NameChecks {
  /** File systems' limit for one path segment, in bytes. */
  static final int MAX_SEGMENT_BYTES = 255;
  /** Jackson's default limit for a JSON object key ({@code StreamReadConstraints}). */
  static final int MAX_JSON_NAME = 50_000;

  private final Reporter reporter;

  NameChecks(Reporter reporter) {
    this.reporter = reporter;
  }

  /** A graph's name and namespace, its secret names, store default keys and input names. */
  void checkGraph(GraphModel model) {
    String name = model.template().name();
    String namespace = model.template().namespace();
    Position nameAt = Position.member(model.type(), model.graph(), "name");
    Position namespaceAt = Position.member(model.type(), model.graph(), "namespace");
    urlSegment("graph name", name, nameAt);
    urlSegment("namespace", namespace, namespaceAt);
    fileName("graph name", name, ".json", nameAt);
    fileName("namespace", namespace, "", namespaceAt);
    List<String> secrets = Annotations.strings(model.graph(), "secrets");
    for (int i = 0; i < secrets.size(); i++) {
      jsonName("secret name", secrets.get(i), Position.entry(model.type(), model.graph(), "secrets", i));
    }
    if (model.store() != null) {
      for (AnnotationValue value : Annotations.list(model.store(), "defaults")) {
        AnnotationMirror entry = (AnnotationMirror) value.getValue();
        jsonName("store key", Annotations.stringValue(entry, "key"),
            new Position(model.type(), model.store(), Position.explicitValue(entry, "key")));
      }
    }
    for (GraphModel.Step step : model.steps()) {
      for (GraphModel.InputEntry input : step.inputs()) {
        jsonName("input name", input.name(), Position.member(step.method(), input.mirror(), "name"));
      }
    }
  }

  /** A node's name and namespace as resource path segments and URL segments. */
  void checkNode(NodeModel node, Position at) {
    fileName("node name", node.name(), ".json", at);
    if (!node.namespace().isEmpty()) {
      urlSegment("namespace", node.namespace(), at);
      fileName("namespace", node.namespace(), "", at);
    }
  }

  private void urlSegment(String what, String value, Position at) {
    if (value.indexOf('/') >= 0) {
      reporter.error("name-in-url", "the " + what + " '" + shorten(value) + "' contains '/': it is a segment of"
          + " the state manager's URL path (/v0/namespace/<namespace>/graph/<name>), where '/' splits it"
          + " (even encoded as %2F, which the server decodes before routing) and the upload answers 404 Not"
          + " Found; use letters, digits, '-', '_' or '.' instead", at);
    }
  }

  private void fileName(String what, String value, String suffix, Position at) {
    int bytes = (Generated.pathSegment(value) + suffix).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SEGMENT_BYTES) {
      reporter.error("name-too-long", "the " + what + " '" + shorten(value) + "' is too long: its resource file"
          + " name takes " + bytes + " bytes, and file systems allow " + MAX_SEGMENT_BYTES + " (a character other"
          + " than an ASCII letter, digit, '.', '_' or '-' takes 5); shorten it", at);
    }
  }

  private void jsonName(String what, String value, Position at) {
    if (value.length() > MAX_JSON_NAME) {
      reporter.error("name-too-long", "the " + what + " '" + shorten(value) + "' has " + value.length()
          + " characters; the generated class reads the template with Jackson, which refuses JSON keys over "
          + MAX_JSON_NAME + " characters: shorten it", at);
    }
  }

  /** A long name's first 40 characters, so that the message stays readable. */
  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 40) + "…(" + value.length() + " characters)";
  }
}
