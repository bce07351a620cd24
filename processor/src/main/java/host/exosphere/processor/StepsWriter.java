package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes a graph class's nested {@code Steps}: one {@code GraphStep} constant per step, carrying its node
 * type and the adapter's {@code readOutputs}, so a run's results are read as the node's records.
 */
final class StepsWriter {
  static final ClassName GRAPH_STEP = ClassName.get("host.exosphere.graph", "GraphStep");

  private StepsWriter() {}

  static TypeSpec steps(GraphModel model) {
    TypeSpec.Builder steps = TypeSpec.classBuilder(model.graphClass().nestedClass("Steps"))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The steps of this graph with their node types, for typed results, e.g.\n"
            + "{@code runResult.outputs(Steps.X)} gives the {@code Outputs} records of step x.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    Set<String> taken = new HashSet<>();
    for (GraphModel.Step step : model.steps()) {
      NodeModel node = step.node();
      if (node == null) {
        continue;
      }
      ClassName nodeClass = node.className();
      String name = JavaNames.unique(JavaNames.upperSnake(step.identifier()), taken);
      steps.addField(FieldSpec.builder(
              ParameterizedTypeName.get(GRAPH_STEP, nodeClass, nodeClass.nestedClass("Outputs")), name,
              Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Step $L, running {@link $T}.\n", GraphWriter.javadocText(step.identifier()), nodeClass)
          .initializer(CodeBlock.of("$T.of($S, $T.class,$W$T::readOutputs)", GRAPH_STEP, step.identifier(), nodeClass,
              node.adapterName()))
          .build());
    }
    return steps.build();
  }
}
