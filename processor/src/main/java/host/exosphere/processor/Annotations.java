package host.exosphere.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Reads annotation values through {@link AnnotationMirror}s, defaults included. The processor never
 * calls {@code getAnnotation}: class-valued members would throw, and mirrors are what diagnostics point at.
 */
final class Annotations {
  private Annotations() {}

  /** The annotation of type {@code qualifiedName} written directly on {@code element}, or {@code null}. */
  static AnnotationMirror find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }

  /**
   * Every occurrence of repeatable annotation {@code qualifiedName} on {@code element}, in source order,
   * whether written once (direct) or several times (inside its {@code List} container).
   */
  static List<AnnotationMirror> findRepeated(Element element, String qualifiedName, String containerName) {
    List<AnnotationMirror> found = new ArrayList<>();
    AnnotationMirror single = find(element, qualifiedName);
    if (single != null) {
      found.add(single);
    }
    AnnotationMirror container = find(element, containerName);
    if (container != null) {
      for (AnnotationValue value : list(container, "value")) {
        found.add((AnnotationMirror) value.getValue());
      }
    }
    return found;
  }

  /** The value of {@code member}, the declared default when it is not written. */
  static AnnotationValue value(AnnotationMirror mirror, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue();
      }
    }
    for (Element enclosed : mirror.getAnnotationType().asElement().getEnclosedElements()) {
      if (enclosed instanceof ExecutableElement method && method.getSimpleName().contentEquals(member)) {
        return method.getDefaultValue();
      }
    }
    throw new IllegalArgumentException("no member " + member + " in " + mirror);
  }

  static String stringValue(AnnotationMirror mirror, String member) {
    return typed(mirror, member, value(mirror, member).getValue(), String.class);
  }

  static int intValue(AnnotationMirror mirror, String member) {
    return typed(mirror, member, value(mirror, member).getValue(), Integer.class);
  }

  /** An enum constant's name. */
  static String enumValue(AnnotationMirror mirror, String member) {
    return typed(mirror, member, value(mirror, member).getValue(), VariableElement.class).getSimpleName().toString();
  }

  /** The entries of an array member. */
  @SuppressWarnings("unchecked")
  static List<AnnotationValue> list(AnnotationMirror mirror, String member) {
    Object value = value(mirror, member).getValue();
    if (!(value instanceof List<?>)) {
      // One value written without braces is still a list to javac; anything else did not resolve.
      throw unresolved(mirror, member);
    }
    return (List<AnnotationValue>) value;
  }

  static List<String> strings(AnnotationMirror mirror, String member) {
    List<String> strings = new ArrayList<>();
    for (AnnotationValue value : list(mirror, member)) {
      strings.add(typed(mirror, member, value.getValue(), String.class));
    }
    return strings;
  }

  /**
   * {@code value} as {@code type}. A value of another type is one javac could not resolve (a constant
   * that is not declared yet, mid-edit: javac hands over an error string): the type waits, and javac
   * reports the missing symbol itself.
   */
  private static <T> T typed(AnnotationMirror mirror, String member, Object value, Class<T> type) {
    if (!type.isInstance(value)) {
      throw unresolved(mirror, member);
    }
    return type.cast(value);
  }

  private static DeferException unresolved(AnnotationMirror mirror, String member) {
    return new DeferException("@" + mirror.getAnnotationType().asElement().getSimpleName() + "(" + member + ")", true);
  }

}
