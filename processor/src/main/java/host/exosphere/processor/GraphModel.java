package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import host.exosphere.graph.GraphRoots;
import host.exosphere.graph.GraphTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A parsed {@code @Graph} type: its template in wire form and, for every part of it, the annotation it
 * came from, so validator diagnostics can be printed on the value the author wrote.
 *
 * @param type the {@code @Graph} interface
 * @param graph its {@code @Graph} annotation
 * @param template the graph template (secret values {@code null}); {@code template.nodes().get(i)} is {@code steps.get(i)}
 * @param steps the steps in template order: inherited ones first ({@link GraphParser}), then the type's own
 * @param retry {@code @Retry}, or {@code null}
 * @param store {@code @Store}, or {@code null}
 * @param crons the {@code @Cron} annotations in order ({@code template.triggers().get(i)} is {@code crons.get(i)})
 */
record GraphModel(
    TypeElement type,
    AnnotationMirror graph,
    GraphTemplate template,
    List<Step> steps,
    AnnotationMirror retry,
    AnnotationMirror store,
    List<AnnotationMirror> crons) {

  /**
   * One {@code @Step} method.
   *
   * @param node the node model, or {@code null} when the return type is not a valid {@code @Node}
   *     (already reported: diagnostics about this step are not printed again)
   */
  record Step(ExecutableElement method, AnnotationMirror step, String identifier, NodeModel node,
      List<InputEntry> inputs, AnnotationMirror unites) {}

  /** One {@code @Input}. */
  record InputEntry(AnnotationMirror mirror, String name, String value) {}

  ClassName graphClass() {
    ClassName name = ClassName.get(type);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "Graph");
  }

  /** The distinct valid node models, in order of first use. */
  List<NodeModel> nodes() {
    // By type, not a scan of those found so far: a graph of 1,000 steps over 100 nodes.
    Map<TypeElement, NodeModel> nodes = new LinkedHashMap<>();
    for (Step step : steps) {
      if (step.node() != null) {
        nodes.putIfAbsent(step.node().type(), step.node());
      }
    }
    return List.copyOf(nodes.values());
  }

  /** The root step ({@link GraphRoots}: the only one nothing points at), or {@code null} when there is none. */
  Step root() {
    int root = GraphRoots.root(template.nodes());
    return root < 0 ? null : steps.get(root);
  }
}
