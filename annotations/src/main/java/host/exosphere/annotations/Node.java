package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a node: a unit of work the state manager schedules and a runtime executes.
 *
 * <p>A node class declares nested records {@code Inputs} and {@code Outputs} (and optionally
 * {@code Secrets}) whose components are all {@code String}; each component name is the field name on
 * the wire. It has one public {@code execute} method that takes {@code Inputs} and optionally
 * {@code Secrets} and/or a {@code NodeContext}, and returns {@code Outputs}, {@code List<Outputs>}
 * (fan-out) or {@code void}.
 *
 * <p>A node implemented by another runtime (for example a Python one) is declared as a {@code @Node}
 * <em>interface</em> holding only its records: graphs can use it, the Java runtime never executes it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Node {

  /**
   * The node's name: {@code name} in the registration payload and {@code node_name} in every graph
   * node template that uses it. Empty means the simple name of the annotated type, as the Python SDK
   * uses the class name.
   */
  String name() default "";

  /**
   * The namespace the node is registered in and that graph node templates name in {@code namespace}.
   * Empty means the namespace of the graph that uses the node; a graph only runs end to end when every
   * node is in the graph's namespace.
   */
  String namespace() default "";
}
