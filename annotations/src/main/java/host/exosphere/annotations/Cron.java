package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A cron trigger: one {@code {"type": "CRON", "value": {"expression": ...}}} entry of the upsert body's
 * {@code triggers}. The state manager starts a run with an empty store at every occurrence.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Cron.List.class)
public @interface Cron {

  /** The cron expression, e.g. {@code "0 9 * * 1-5"}: {@code value.expression}. */
  String value();

  /** Holds repeated {@link Cron} annotations. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    Cron[] value();
  }
}
