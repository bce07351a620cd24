package host.exosphere.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Prints diagnostics on the element, annotation mirror and annotation value they concern, tagged
 * {@code [exosphere:<rule>]}, and counts the errors it printed.
 *
 * <p>javac can position a message on a value of an annotation written once, but not on an entry of a
 * repeated annotation ({@code @Input} twice): the element then only carries the synthesized container,
 * which matches no annotation tree. For those the source trees are searched directly when the compiler
 * offers them ({@link Trees}); other compilers get the element's position.
 *
 * <p>An element read from a class file (a step interface or node from a jar) has no position at all:
 * javac would print the message without file or line. While a graph is checked ({@link #checking}),
 * such a message goes on the graph's {@code @Graph} instead and names the annotation and method it is
 * about.
 */
final class Reporter {
  private final Messager messager;
  private final Trees trees;
  private final boolean strict;
  private int errors;
  private Position graph;
  /**
   * What was printed, by kind, text and place: a graph extending another {@code @Graph} interface checks the
   * inherited steps again, and the same mistake must not be printed twice (Maven would then show it four times).
   */
  private final java.util.Set<List<Object>> printed = new java.util.HashSet<>();

  Reporter(ProcessingEnvironment env, boolean strict) {
    this.messager = env.getMessager();
    this.trees = treesOf(env);
    this.strict = strict;
  }

  /** javac's tree API, or {@code null} behind an environment javac did not create (Gradle's, another compiler). */
  static Trees treesOf(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (RuntimeException | LinkageError notJavac) {
      return null;
    }
  }

  int errorCount() {
    return errors;
  }

  /** An error tagged with {@code rule}. */
  void error(String rule, String message, Position at) {
    print(Kind.ERROR, rule, message, at);
  }

  /** A warning, or an error under {@code -Aexosphere.strict=true}. */
  void warning(String rule, String message, Position at) {
    print(strict ? Kind.ERROR : Kind.WARNING, rule, message, at);
  }

  /**
   * While a graph is checked, {@code graph} (its {@code @Graph} annotation) is where diagnostics about
   * elements without source in this compilation go; {@code null} when no graph is being checked.
   */
  void checking(Position graph) {
    this.graph = graph;
  }

  void print(Kind kind, String rule, String message, Position at) {
    String text = "[exosphere:" + rule + "] " + message;
    boolean fresh = printed.add(java.util.Arrays.asList(kind, text, at.element(), at.mirror(), at.value()));
    if (kind == Kind.ERROR) {
      // Counted even when not printed again: callers compare counts to see whether a check failed.
      errors++;
    }
    if (!fresh) {
      return;
    }
    if (graph != null && !inSource(at.element())) {
      // A class file has no position javac could print (the message would float without file or line):
      // point at the graph that brought it in and say where the mistake really is.
      text += " (" + where(at) + ", compiled outside this javac run: fix it where "
          + outermost(at.element()).getQualifiedName() + " is built" + redeclareHint(at.element()) + ")";
      at = graph;
    }
    Element element = at.element();
    AnnotationMirror mirror = at.mirror();
    if (mirror == null) {
      messager.printMessage(kind, text, element);
    } else if (element.getAnnotationMirrors().contains(mirror)) {
      if (at.value() == null) {
        messager.printMessage(kind, text, element, mirror);
      } else {
        messager.printMessage(kind, text, element, mirror, at.value());
      }
    } else if (!printOnRepeated(kind, text, at)) {
      messager.printMessage(kind, text, element);
    }
  }

  /** Whether {@code element} is certainly compiled from source in this javac run (unknown without javac's trees: no). */
  boolean certainlyInSource(Element element) {
    return trees != null && inSource(element);
  }

  /** Whether {@code element} was compiled from source in this javac run (unknown without javac's trees: yes). */
  boolean inSource(Element element) {
    if (trees == null) {
      return true;
    }
    try {
      return trees.getPath(outermost(element)) != null;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static TypeElement outermost(Element element) {
    Element e = element;
    while (!(e instanceof TypeElement type && type.getNestingKind() == NestingKind.TOP_LEVEL)) {
      e = e.getEnclosingElement();
    }
    return (TypeElement) e;
  }

  /** The annotation, value and element of {@code at}, as written: {@code in @Input(name = "x") on a.B.m()}. */
  private static String where(Position at) {
    StringBuilder where = new StringBuilder("in ");
    if (at.mirror() != null) {
      where.append('@').append(at.mirror().getAnnotationType().asElement().getSimpleName());
      String member = at.value() == null ? null : memberOf(at.mirror(), at.value());
      if (member != null) {
        where.append('(').append(member).append(" = ").append(at.value()).append(')');
      }
      where.append(" on ");
    }
    return where.append(describe(at.element())).toString();
  }

  /** The member of {@code mirror} that holds {@code value} directly or as an array entry. */
  private static String memberOf(AnnotationMirror mirror, AnnotationValue value) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getValue() == value || e.getValue().getValue() instanceof List<?> list && list.contains(value)) {
        return e.getKey().getSimpleName().toString();
      }
    }
    return null;
  }

  private static String describe(Element element) {
    if (element instanceof TypeElement type) {
      return type.getQualifiedName().toString();
    }
    if (element instanceof ExecutableElement method) {
      return describe(method.getEnclosingElement()) + "." + method.getSimpleName() + "()";
    }
    Element enclosing = element.getEnclosingElement();
    if (enclosing instanceof ExecutableElement) {
      return "parameter " + element.getSimpleName() + " of " + describe(enclosing);
    }
    return describe(enclosing) + "." + element.getSimpleName();
  }

  /** For a method of an interface the graph inherits: the graph can also override it. */
  private String redeclareHint(Element element) {
    Element method = element instanceof ExecutableElement ? element : element.getEnclosingElement();
    if (method instanceof ExecutableElement && method.getEnclosingElement().getKind() == ElementKind.INTERFACE
        && graph.element() instanceof TypeElement type && !type.equals(method.getEnclosingElement())) {
      return ", or redeclare " + method.getSimpleName() + "() in " + type.getSimpleName();
    }
    return "";
  }

  /** Positions a message on one entry of a repeated annotation through the source trees. */
  private boolean printOnRepeated(Kind kind, String text, Position at) {
    if (trees == null) {
      return false;
    }
    try {
      TreePath path = trees.getPath(at.element());
      if (path == null) {
        return false;
      }
      AnnotationTree annotation = repeatedTree(at, path);
      if (annotation == null) {
        return false;
      }
      Tree target = at.value() == null ? annotation : valueTree(annotation, at.mirror(), at.value());
      trees.printMessage(kind, text, target == null ? annotation : target, path.getCompilationUnit());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The annotation tree of the n-th repetition, n being the mirror's index inside its container. */
  private AnnotationTree repeatedTree(Position at, TreePath path) {
    Element type = at.mirror().getAnnotationType().asElement();
    int ordinal = -1;
    for (AnnotationMirror container : at.element().getAnnotationMirrors()) {
      AnnotationValue value = Position.explicitValue(container, "value");
      if (value != null && value.getValue() instanceof List<?> list) {
        int index = list.stream().map(v -> ((AnnotationValue) v).getValue()).toList().indexOf(at.mirror());
        if (index >= 0) {
          ordinal = index;
          break;
        }
      }
    }
    if (ordinal < 0) {
      return null;
    }
    List<? extends AnnotationTree> written = modifiersOf(path.getLeaf());
    int seen = 0;
    for (AnnotationTree tree : written) {
      Element treeType = trees.getElement(new TreePath(path, tree.getAnnotationType()));
      if (type.equals(treeType)) {
        if (seen == ordinal) {
          return tree;
        }
        seen++;
      }
    }
    return null;
  }

  private static List<? extends AnnotationTree> modifiersOf(Tree leaf) {
    if (leaf instanceof com.sun.source.tree.MethodTree method) {
      return method.getModifiers().getAnnotations();
    }
    if (leaf instanceof com.sun.source.tree.ClassTree type) {
      return type.getModifiers().getAnnotations();
    }
    if (leaf instanceof com.sun.source.tree.VariableTree variable) {
      return variable.getModifiers().getAnnotations();
    }
    return List.of();
  }

  /** The expression written for {@code value} (a member, or one entry of an array member). */
  private static Tree valueTree(AnnotationTree annotation, AnnotationMirror mirror, AnnotationValue value) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      String member = e.getKey().getSimpleName().toString();
      int index = -1;
      if (e.getValue() != value) {
        if (e.getValue().getValue() instanceof List<?> list && list.contains(value)) {
          index = list.indexOf(value);
        } else {
          continue;
        }
      }
      ExpressionTree expression = argument(annotation, member);
      if (expression == null) {
        return null;
      }
      if (index >= 0 && expression instanceof NewArrayTree array && array.getInitializers() != null
          && index < array.getInitializers().size()) {
        return array.getInitializers().get(index);
      }
      return expression;
    }
    return null;
  }

  private static ExpressionTree argument(AnnotationTree annotation, String member) {
    for (ExpressionTree argument : annotation.getArguments()) {
      if (argument instanceof AssignmentTree assignment
          && assignment.getVariable() instanceof IdentifierTree name
          && name.getName().contentEquals(member)) {
        return assignment.getExpression();
      }
      if (!(argument instanceof AssignmentTree) && member.equals("value")) {
        return argument;
      }
    }
    return null;
  }
}
