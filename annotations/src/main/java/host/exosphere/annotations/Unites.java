package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a step a join: it runs once for each state of the step it unites, after every descendant of
 * that state is done. Maps to the node template's {@code unites} object.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Unites {

  /** The identifier of the step whose descendants are awaited: {@code unites.identifier}. */
  String value();

  /** When the join fires: {@code unites.strategy}. */
  UnitesStrategy strategy() default UnitesStrategy.ALL_SUCCESS;
}
