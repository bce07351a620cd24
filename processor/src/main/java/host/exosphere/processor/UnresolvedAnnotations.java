package host.exosphere.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Finds annotations written on an element whose type does not resolve (a missing import of
 * {@code @Input} or {@code @Step}, mid-edit). javac leaves them out of the element's annotation mirrors,
 * so read as absent they would look like missing mappings or steps, one error per step on top of javac's
 * own. The element then waits ({@link DeferException}) and javac reports the missing symbol alone.
 */
final class UnresolvedAnnotations {
  private final Trees trees;

  UnresolvedAnnotations(ProcessingEnvironment env) {
    Trees found;
    try {
      found = Trees.instance(env);
    } catch (RuntimeException | LinkageError notJavac) {
      found = null;
    }
    this.trees = found;
  }

  /** Throws {@link DeferException} when an annotation written on {@code element} does not resolve. */
  void requireResolved(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().getKind() == TypeKind.ERROR) {
        throw unresolved(mirror.getAnnotationType().toString(), element);
      }
    }
    if (trees == null) {
      return;
    }
    TreePath path;
    try {
      path = trees.getPath(element);
    } catch (RuntimeException e) {
      return;
    }
    if (path == null) {
      return;
    }
    for (AnnotationTree annotation : annotations(path.getLeaf())) {
      TypeMirror type = trees.getTypeMirror(new TreePath(path, annotation.getAnnotationType()));
      if (type == null || type.getKind() == TypeKind.ERROR) {
        throw unresolved(annotation.getAnnotationType().toString(), element);
      }
    }
  }

  private static List<? extends AnnotationTree> annotations(Tree leaf) {
    if (leaf instanceof MethodTree method) {
      return method.getModifiers().getAnnotations();
    }
    if (leaf instanceof ClassTree type) {
      return type.getModifiers().getAnnotations();
    }
    return List.of();
  }

  private static DeferException unresolved(String annotation, Element element) {
    return new DeferException("@" + annotation + " on " + element.getSimpleName(), true);
  }
}
