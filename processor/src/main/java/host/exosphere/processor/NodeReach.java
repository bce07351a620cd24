package host.exosphere.processor;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * What the generated adapter must be able to name: it lives in the node's package and writes
 * {@code new Node.Inputs(...)} and {@code new Node().execute(...)}. A private record or a private
 * enclosing class would only fail inside generated code; a type parameter would leave raw types there
 * (rawtypes and unchecked warnings, which break {@code -Xlint:all -Werror}). Each is one error on the
 * declaration instead.
 */
final class NodeReach {
  private final Reporter reporter;

  NodeReach(Reporter reporter) {
    this.reporter = reporter;
  }

  /** The node type itself and the classes around it. */
  void checkType(TypeElement node, Position at) {
    if (!node.getTypeParameters().isEmpty()) {
      reporter.error("node-generic", "@Node " + node.getSimpleName() + " declares type parameters "
          + node.getTypeParameters() + "; the runtime creates the node without type arguments: remove them"
          + " (a node's wire fields are strings anyway)", at);
    }
    for (Element outer = node.getEnclosingElement(); outer instanceof TypeElement type;
        outer = outer.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.error("node-access", "@Node " + node.getSimpleName() + " is nested in private "
            + kind(type) + " " + type.getSimpleName() + ", which the generated adapter (in the same package)"
            + " cannot reach: make " + type.getSimpleName() + " package-private or public", at);
      }
    }
  }

  /** A nested {@code Inputs}, {@code Outputs} or {@code Secrets} record. */
  void checkRecord(TypeElement node, TypeElement record) {
    if (record.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.error("node-access", "@Node " + node.getSimpleName() + ": record " + record.getSimpleName()
          + " is private, but the generated adapter (in the same package) creates it: make it public",
          Position.of(record));
    }
    if (!record.getTypeParameters().isEmpty()) {
      reporter.error("node-generic", "@Node " + node.getSimpleName() + ": record " + record.getSimpleName()
          + " declares type parameters " + record.getTypeParameters() + "; its components are the wire fields,"
          + " which are all strings: remove the type parameters", Position.of(record));
    }
  }

  /** The {@code execute} method. */
  void checkExecute(TypeElement node, ExecutableElement execute) {
    if (!execute.getTypeParameters().isEmpty()) {
      reporter.error("node-generic", "@Node " + node.getSimpleName() + ": execute declares type parameters "
          + execute.getTypeParameters() + "; the runtime calls it with the node's own Inputs and Outputs:"
          + " remove them", Position.of(execute));
    }
  }

  private static String kind(TypeElement type) {
    return type.getKind() == ElementKind.INTERFACE ? "interface"
        : type.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
