package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an abstract method of a {@link Graph} type as a node template. The method's return type is the
 * {@link Node} it runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {

  /**
   * The node template's {@code identifier}, unique in the graph and referenced by
   * {@code ${{ identifier.outputs.field }}}. Empty means the method name.
   */
  String id() default "";

  /** Identifiers of the steps that run after this one: the template's {@code next_nodes}. */
  String[] next() default {};
}
