package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes a graph class's nested {@code Steps}: one {@code GraphStep} constant per step, carrying its node
 * type and the adapter's {@code readOutputs}, so a run's results are read as the node's records.
 *
 * <p>A class's static initializer is one method, and the JVM caps a method at 64 KB of bytecode: at about
 * 16 bytes a constant, a graph of some 4,000 steps would not compile. So a graph of more than
 * {@link #PART_SIZE} steps gets its constants in nested interfaces {@code StepsPart1}, {@code StepsPart2}, …
 * of {@link #PART_SIZE} each, which {@code Steps} implements: an interface's fields are inherited, so
 * {@code Steps.X} (and a static import of {@code Steps.*}) reads the same, each part's initializer stays
 * small, and the parts' constant pools stay far from the JVM's 65,535 entries.
 */
final class StepsWriter {
  static final ClassName GRAPH_STEP = ClassName.get("host.exosphere.graph", "GraphStep");
  /** Steps per part interface, and the most a graph has before it is split. */
  static final int PART_SIZE = 1000;

  private StepsWriter() {}

  /** {@code Steps}, then the part interfaces it implements (none for a graph of up to {@link #PART_SIZE}). */
  static List<TypeSpec> steps(GraphModel model) {
    ClassName stepsName = model.graphClass().nestedClass("Steps");
    TypeSpec.Builder steps = TypeSpec.classBuilder(stepsName)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The steps of this graph with their node types, for typed results, e.g.\n"
            + "{@code runResult.outputs(Steps.X)} gives the {@code Outputs} records of step x.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    List<FieldSpec> fields = fields(model);
    if (fields.size() <= PART_SIZE) {
      return List.of(steps.addFields(fields).build());
    }
    List<TypeSpec> types = new ArrayList<>();
    types.add(null); // Steps, once it knows its parts
    for (int from = 0, part = 1; from < fields.size(); from += PART_SIZE, part++) {
      ClassName partName = model.graphClass().nestedClass("StepsPart" + part);
      List<FieldSpec> chunk = fields.subList(from, Math.min(from + PART_SIZE, fields.size()));
      types.add(TypeSpec.interfaceBuilder(partName)
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc("Steps $L to $L of this graph, which {@link $T} inherits: name them as {@code Steps.X}.\n",
              from + 1, from + chunk.size(), stepsName)
          .addFields(chunk)
          .build());
      steps.addSuperinterface(partName);
    }
    steps.addJavadoc("\n<p>The graph has more steps than one class can initialize, so the constants are declared in\n"
        + "the {@code StepsPart} interfaces this class implements.\n");
    types.set(0, steps.build());
    return types;
  }

  private static List<FieldSpec> fields(GraphModel model) {
    List<FieldSpec> fields = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (GraphModel.Step step : model.steps()) {
      NodeModel node = step.node();
      if (node == null) {
        continue;
      }
      ClassName nodeClass = node.className();
      String name = JavaNames.unique(JavaNames.upperSnake(step.identifier()), taken);
      fields.add(FieldSpec.builder(
              ParameterizedTypeName.get(GRAPH_STEP, nodeClass, nodeClass.nestedClass("Outputs")), name,
              Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Step $L, running {@link $T}.\n", GraphWriter.javadocText(step.identifier()), nodeClass)
          .initializer(CodeBlock.of("$T.of($S, $T.class,$W$T::readOutputs)", GRAPH_STEP, step.identifier(), nodeClass,
              node.adapterName()))
          .build());
    }
    return fields;
  }
}
