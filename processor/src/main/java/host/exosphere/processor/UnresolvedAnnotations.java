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
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds annotations written on an element whose type does not resolve (a missing import of
 * {@code @Input} or {@code @Step}, mid-edit). javac leaves them out of the element's annotation mirrors,
 * so read as absent they would look like missing mappings or steps, one error per step on top of javac's
 * own. The element then waits ({@link DeferException}) and javac reports the missing symbol alone.
 */
final class UnresolvedAnnotations {
  private final Trees trees;

  UnresolvedAnnotations(ProcessingEnvironment env) {
    this.trees = Reporter.treesOf(env);
  }

  /**
   * Throws {@link DeferException} when an annotation written on {@code type} or on one of its methods does
   * not resolve. One look-up of the type's tree serves all its methods: a path per method would scan the
   * file once per method, quadratic in a graph of a thousand steps.
   */
  void requireResolved(TypeElement type) {
    requireResolvedMirrors(type);
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      requireResolvedMirrors(method);
    }
    if (trees == null) {
      return;
    }
    TreePath path;
    try {
      path = trees.getPath(type);
    } catch (RuntimeException e) {
      return;
    }
    if (path == null || !(path.getLeaf() instanceof ClassTree classTree)) {
      return;
    }
    check(path, classTree.getModifiers().getAnnotations(), type);
    for (Tree member : classTree.getMembers()) {
      if (member instanceof MethodTree method) {
        check(new TreePath(path, method), method.getModifiers().getAnnotations(), type);
      }
    }
  }

  private void check(TreePath owner, List<? extends AnnotationTree> annotations, Element element) {
    for (AnnotationTree annotation : annotations) {
      TypeMirror type = trees.getTypeMirror(new TreePath(owner, annotation.getAnnotationType()));
      if (type == null || type.getKind() == TypeKind.ERROR) {
        throw unresolved(annotation.getAnnotationType().toString(), element);
      }
    }
  }

  private static void requireResolvedMirrors(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().getKind() == TypeKind.ERROR) {
        throw unresolved(mirror.getAnnotationType().toString(), element);
      }
    }
  }

  private static DeferException unresolved(String annotation, Element element) {
    return new DeferException("@" + annotation + " on " + element.getSimpleName(), true);
  }
}
