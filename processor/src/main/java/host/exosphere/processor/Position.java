package host.exosphere.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Where a value came from in source: the annotated element, the annotation mirror on it (which may be
 * one entry of a repeatable annotation's container) and the annotation value, so a diagnostic can point
 * at exactly what the author wrote.
 *
 * @param element the annotated element (never null)
 * @param mirror the annotation, or {@code null} to point at the element
 * @param value the value inside {@code mirror} (possibly an array entry or nested deeper), or {@code null}
 */
record Position(Element element, AnnotationMirror mirror, AnnotationValue value) {

  static Position of(Element element) {
    return new Position(element, null, null);
  }

  static Position of(Element element, AnnotationMirror mirror) {
    return new Position(element, mirror, null);
  }

  /** Points at member {@code member} of {@code mirror}, or at the mirror when it is not written explicitly. */
  static Position member(Element element, AnnotationMirror mirror, String member) {
    return new Position(element, mirror, explicitValue(mirror, member));
  }

  /** Points at entry {@code index} of array member {@code member}, or at the mirror when absent. */
  static Position entry(Element element, AnnotationMirror mirror, String member, int index) {
    AnnotationValue array = explicitValue(mirror, member);
    if (array != null && array.getValue() instanceof List<?> list && index < list.size()) {
      return new Position(element, mirror, (AnnotationValue) list.get(index));
    }
    return new Position(element, mirror, array);
  }

  /** The value written for {@code member}, or {@code null} when the default applies. */
  static AnnotationValue explicitValue(AnnotationMirror mirror, String member) {
    if (mirror == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue();
      }
    }
    return null;
  }
}
