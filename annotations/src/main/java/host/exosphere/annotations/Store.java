package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The graph's store configuration: the {@code store_config} object of the upsert body. The store is a
 * per-run map of strings written when the run is triggered and read with {@code ${{ store.key }}}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Store {

  /** {@code required_keys}: keys every trigger must supply. */
  String[] requiredKeys() default {};

  /** {@code default_values}: values used when a trigger does not supply the key. */
  Default[] defaults() default {};

  /** One entry of {@code default_values}. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({})
  @interface Default {
    /** The store key. */
    String key();

    /** The value used when the trigger does not supply {@link #key()}. */
    String value();
  }
}
