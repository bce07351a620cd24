package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Node} type that passed the Java-side checks.
 *
 * @param type the annotated class or interface
 * @param name the registered node name ({@code @Node(name)} or the simple name)
 * @param namespace {@code @Node(namespace)}, or {@code ""} when the graph's namespace applies
 * @param inputs the {@code Inputs} record's component names, in order
 * @param outputs the {@code Outputs} record's component names, in order
 * @param secrets the {@code Secrets} record's component names; empty without a {@code Secrets} record
 * @param hasSecrets whether a {@code Secrets} record is declared
 * @param executable false for a {@code @Node} interface (executed by another runtime)
 * @param constructible whether the class has a public no-argument constructor, so the runtime can create
 *     it without being given an instance or a factory
 * @param parameters what {@code execute} takes, in order (empty for an interface)
 * @param returns what {@code execute} returns ({@code VOID} for an interface)
 */
record NodeModel(
    TypeElement type,
    String name,
    String namespace,
    List<String> inputs,
    List<String> outputs,
    List<String> secrets,
    boolean hasSecrets,
    boolean executable,
    boolean constructible,
    List<Parameter> parameters,
    Returns returns) {

  /** A parameter of {@code execute}. */
  enum Parameter { INPUTS, SECRETS, CONTEXT }

  /** The shape of {@code execute}'s result. */
  enum Returns { OUTPUTS, LIST_OF_OUTPUTS, VOID }

  ClassName className() {
    return ClassName.get(type);
  }

  /** {@code Outer_InnerSuffix} beside the top-level class, as the runtime looks it up. */
  ClassName sibling(String suffix) {
    ClassName name = className();
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + suffix);
  }

  ClassName adapterName() {
    return sibling("Adapter");
  }

  ClassName stepName() {
    return sibling("Step");
  }

  /** The namespace a graph in {@code graphNamespace} registers and references this node under. */
  String namespaceIn(String graphNamespace) {
    return namespace.isEmpty() ? graphNamespace : namespace;
  }
}
