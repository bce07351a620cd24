package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a graph definition: an interface whose {@link Step} methods are the graph's node templates.
 *
 * <p>For a graph type {@code X} the processor generates {@code XGraph} beside it, with the validated
 * template, the JSON body of {@code PUT /v0/namespace/{namespace}/graph/{name}}, a typed upload helper
 * and typed triggers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Graph {

  /** The graph name: the {@code {graph_name}} path parameter of the upsert and trigger endpoints. */
  String name();

  /** The namespace: the {@code {namespace}} path parameter; also the default namespace of its nodes. */
  String namespace();

  /**
   * Names of the graph's secrets: the keys of the {@code secrets} object of the upsert body. Values are
   * never written in source; they are supplied when the graph is uploaded.
   */
  String[] secrets() default {};
}
