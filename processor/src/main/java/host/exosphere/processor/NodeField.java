package host.exosphere.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import javax.lang.model.type.TypeMirror;

/**
 * One record component of a node's {@code Inputs}, {@code Outputs} or {@code Secrets}.
 *
 * @param javaName the component's name: what generated Java API is named after
 * @param wireName the field the state manager carries: {@code @Wire}, else the snake_case of the Java name
 * @param type the component's type
 * @param codec the {@code WireCodecs} expression that converts it, or {@code null} for {@code String}
 */
record NodeField(String javaName, String wireName, TypeMirror type, CodeBlock codec) {

  boolean isText() {
    return codec == null;
  }

  /** The component's type, boxed: the type argument of its {@code WireCodec}. */
  TypeName boxedType() {
    return TypeName.get(type).box();
  }
}
