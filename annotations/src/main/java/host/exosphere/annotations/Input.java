package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One entry of a node template's {@code inputs}: the value the state manager renders for the node's
 * input field {@link #name()}.
 *
 * <p>The value is a literal, or text with placeholders: {@code ${{ id.outputs.field }}} reads an output
 * of an ancestor step, {@code ${{ store.key }}} reads the run's store.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Input.List.class)
public @interface Input {

  /** The input field: a component of the node's {@code Inputs} record, a key of {@code inputs}. */
  String name();

  /** The template string: the value of {@code inputs[name]} on the wire. */
  String value();

  /** Holds repeated {@link Input} annotations. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    Input[] value();
  }
}
