package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The wire name of a record component of a node's {@code Inputs}, {@code Outputs} or {@code Secrets}
 * (or of a record sent inside one as JSON), where the default does not fit.
 *
 * <p>By default a camelCase component travels under its Java name in snake_case ({@code orderId} as
 * {@code order_id}); any other name travels as written ({@code order_id}, {@code TEXT}). Wire names are what the state manager, {@code ${{ step.outputs.order_id }}}
 * mappings, {@code @Input(name)} and nodes in other runtimes see; generated Java API (step builders,
 * triggers) uses the Java names.
 *
 * <pre>{@code
 * public record Outputs(@Wire("ref") String orderReference, BigDecimal total) {}   // "ref", "total"
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME) // also read at run time, for records sent as JSON
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Wire {

  /** The wire name, e.g. {@code "order_id"}. */
  String value();
}
