package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes what a {@code @Node} type gets: {@code <Node>Adapter} (the runtime's reflection-free bridge)
 * and {@code <Node>Step} (a typed step builder for graphs built in code).
 */
final class NodeWriter {
  static final ClassName NODE_ADAPTER = ClassName.get("host.exosphere.worker", "NodeAdapter");
  static final ClassName ABSTRACT_NODE_ADAPTER = ClassName.get("host.exosphere.worker", "AbstractNodeAdapter");
  static final ClassName NODE_CONTEXT = ClassName.get("host.exosphere.worker", "NodeContext");
  static final ClassName NODE_INPUT_EXCEPTION = ClassName.get("host.exosphere.worker", "NodeInputException");
  static final ClassName GRAPH_BUILDER = ClassName.get("host.exosphere.graph", "GraphBuilder");
  static final ClassName TYPED_STEP = ClassName.get("host.exosphere.graph", "TypedStep");
  static final ClassName OUTPUT_REF = GRAPH_BUILDER.nestedClass("OutputRef");
  static final ClassName BUILDER_STEP = GRAPH_BUILDER.nestedClass("Step");
  static final ClassName NODE_TEMPLATE = ClassName.get("host.exosphere.graph", "NodeTemplate");
  static final ClassName UNITES = ClassName.get("host.exosphere.graph", "Unites");
  static final ClassName UNITES_STRATEGY = ClassName.get("host.exosphere.annotations", "UnitesStrategy");
  static final ClassName NODE_SCHEMAS = ClassName.get("host.exosphere.graph", "NodeSchemas");
  static final ClassName NODE_REGISTRATION = ClassName.get("host.exosphere.client", "NodeRegistration");
  static final ClassName LIST = ClassName.get(List.class);
  static final ClassName MAP = ClassName.get(Map.class);
  static final TypeName STRING_LIST = ParameterizedTypeName.get(LIST, ClassName.get(String.class));
  static final TypeName STRING_MAP =
      ParameterizedTypeName.get(MAP, ClassName.get(String.class), ClassName.get(String.class));

  private final Generated generated;

  NodeWriter(Generated generated) {
    this.generated = generated;
  }

  void write(NodeModel node) throws IOException {
    String pkg = node.className().packageName();
    generated.writeSource(pkg, adapter(node));
    generated.writeSource(pkg, step(node));
  }

  // ---------------------------------------------------------------- adapter

  TypeSpec adapter(NodeModel node) {
    ClassName nodeClass = node.className();
    TypeSpec.Builder type = TypeSpec.classBuilder(node.adapterName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ABSTRACT_NODE_ADAPTER)
        .addJavadoc("Runs {@link $T} for the Exosphere runtime without reflection: builds its records from the\n"
            + "state's maps, calls the node instance it is given and reads its outputs; the checks and conversions\n"
            + "are in {@link $T}.\n", nodeClass,
            ABSTRACT_NODE_ADAPTER);
    if (!node.executable()) {
      type.addJavadoc("\n<p>$L is an interface: a node another runtime executes. It can be used in graphs;\n"
          + "{@link #execute} refuses to run it.\n", node.type().getSimpleName());
    }
    generated.decorate(type, node.type());
    type.addField(constant(ClassName.get(String.class), "NAME", CodeBlock.of("$S", node.name()),
        "The registered node name."));
    type.addField(constant(ClassName.get(String.class), "NAMESPACE", CodeBlock.of("$S", node.namespace()),
        "The namespace given on {@code @Node}; empty when the graph's namespace applies."));
    type.addField(constant(STRING_LIST, "INPUT_FIELDS", stringList(node.inputs()),
        "The {@code Inputs} record's components: the wire input fields."));
    type.addField(constant(STRING_LIST, "OUTPUT_FIELDS", stringList(node.outputs()),
        "The {@code Outputs} record's components: the wire output fields."));
    type.addField(constant(STRING_LIST, "SECRET_FIELDS", stringList(node.secrets()),
        "The {@code Secrets} record's components: the secrets the node needs."));
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("Creates the adapter; the runtime creates one per node class.\n")
        .addStatement("super(NAME, NAMESPACE, $T.class, $L, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS)",
            nodeClass, node.executable())
        .build());
    type.addMethod(MethodSpec.methodBuilder("registration")
        .addJavadoc("This node's entry of a registration request ({@code PUT …/nodes/}).\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(NODE_REGISTRATION)
        .addStatement("return registration(NAME, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS)")
        .build());
    if (node.constructible()) {
      type.addMethod(MethodSpec.methodBuilder("newNode")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .returns(Object.class)
          .addStatement("return new $T()", node.className())
          .build());
    }
    if (node.executable()) {
      type.addMethod(run(node));
      if (node.returns() != NodeModel.Returns.VOID) {
        type.addMethod(values(node));
      }
    }
    return type.build();
  }

  private static MethodSpec run(NodeModel node) {
    ClassName nodeClass = node.className();
    List<CodeBlock> args = new ArrayList<>();
    for (NodeModel.Parameter parameter : node.parameters()) {
      switch (parameter) {
        case INPUTS -> args.add(CodeBlock.of("new $T($L)", nodeClass.nestedClass("Inputs"),
            recordArgs(node.inputs(), "inputs")));
        case SECRETS -> args.add(CodeBlock.of("new $T($L)", nodeClass.nestedClass("Secrets"),
            recordArgs(node.secrets(), "secrets")));
        case CONTEXT -> args.add(CodeBlock.of("context"));
      }
    }
    CodeBlock call = CodeBlock.of("(($T) node).execute($L)", nodeClass, CodeBlock.join(args, ",$W"));
    MethodSpec.Builder run = MethodSpec.methodBuilder("run")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(Object.class)
        .addParameter(Object.class, "node")
        .addParameter(STRING_MAP, "inputs")
        .addParameter(STRING_MAP, "secrets")
        .addParameter(NODE_CONTEXT, "context")
        .addException(Exception.class);
    if (node.returns() == NodeModel.Returns.VOID) {
      return run.addStatement("$L", call).addStatement("return null").build();
    }
    return run.addStatement("return $L", call).build();
  }

  /** {@code values(Object)}: the components of one {@code Outputs}, in declaration order. */
  static MethodSpec values(NodeModel node) {
    ClassName outputs = node.className().nestedClass("Outputs");
    List<CodeBlock> values = new ArrayList<>();
    for (String field : node.outputs()) {
      values.add(CodeBlock.of("out.$N()", field));
    }
    // strings(...), not List.of: an output may be null (and a non-generic call is cheaper to compile).
    return MethodSpec.methodBuilder("values")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(STRING_LIST)
        .addParameter(Object.class, "outputs")
        .addStatement("$T out = ($T) outputs", outputs, outputs)
        .addStatement("return strings($L)", CodeBlock.join(values, ", "))
        .build();
  }

  private static CodeBlock recordArgs(List<String> fields, String map) {
    List<CodeBlock> args = new ArrayList<>();
    for (String field : fields) {
      args.add(CodeBlock.of("$N.get($S)", map, field));
    }
    return CodeBlock.join(args, ", ");
  }

  // ---------------------------------------------------------------- step builder

  TypeSpec step(NodeModel node) {
    ClassName self = node.stepName();
    ClassName outputsName = self.nestedClass("Outputs");
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(TYPED_STEP, self))
        .addJavadoc("A typed step running {@link $T}, for graphs built in code with {@link $T}:\n"
            + "one setter per input field, and {@link #outputs()} for references to its outputs.\n", node.className(),
            GRAPH_BUILDER);
    generated.decorate(type, node.type());
    type.addField(constant(ClassName.get(String.class), "NODE_NAME", CodeBlock.of("$S", node.name()),
        "The registered node name ({@code node_name})."));
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(String.class, "identifier")
        .addStatement("super(NODE_NAME, $L, identifier)",
            node.namespace().isEmpty() ? "null" : CodeBlock.of("$S", node.namespace()))
        .build());
    type.addMethod(MethodSpec.methodBuilder("step")
        .addJavadoc("A step with this identifier, unique in its graph.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
        .addParameter(String.class, "identifier")
        .addStatement("return new $T(identifier)", self).build());

    // Names the base class already uses, so an input called "next" gets "input_next".
    Set<String> taken = new HashSet<>(Set.of("step", "identifier", "namespace", "next", "unites", "outputs",
        "toNodeTemplate", "input", "output", "self"));
    taken.addAll(JavaNames.OBJECT_METHODS);
    for (String field : node.inputs()) {
      String method = taken.contains(field) ? JavaNames.unique("input_" + field, taken) : field;
      taken.add(method);
      type.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Sets input {@code $L} to a template string (a literal, or text with placeholders).\n", field)
          .addModifiers(Modifier.PUBLIC).returns(self)
          .addParameter(String.class, "value")
          .addStatement("return input($S, value)", field).build());
      type.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Sets input {@code $L} to another step's output.\n", field)
          .addModifiers(Modifier.PUBLIC).returns(self)
          .addParameter(OUTPUT_REF, "output")
          .addStatement("return input($S, output)", field).build());
    }
    type.addMethod(MethodSpec.methodBuilder("outputs")
        .addJavadoc("Typed references to this step's outputs, e.g. for another step's input.\n")
        .addModifiers(Modifier.PUBLIC).returns(outputsName)
        .addStatement("return new $T()", outputsName).build());

    // An inner class: its references read the step's identifier through Step.this.output(field)
    // (qualified, because an output may itself be called "output").
    TypeSpec.Builder outputs = TypeSpec.classBuilder(outputsName)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("References to the outputs of one step running {@link $T}.\n", node.className())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    Set<String> outputNames = new HashSet<>(JavaNames.OBJECT_METHODS);
    for (String field : node.outputs()) {
      String method = outputNames.contains(field) ? JavaNames.unique("output_" + field, outputNames) : field;
      outputNames.add(method);
      outputs.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Output {@code $L}: renders as {@code $${{ identifier.outputs.$L }}}.\n", field, field)
          .addModifiers(Modifier.PUBLIC).returns(OUTPUT_REF)
          .addStatement("return $T.this.output($S)", self, field).build());
    }
    type.addType(outputs.build());
    return type.build();
  }

  // ---------------------------------------------------------------- helpers

  static FieldSpec constant(TypeName type, String name, CodeBlock value, String javadoc) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(javadoc + "\n").initializer(value).build();
  }

  static CodeBlock stringList(List<String> values) {
    List<CodeBlock> items = new ArrayList<>();
    for (String value : values) {
      items.add(CodeBlock.of("$S", value));
    }
    // AbstractNodeAdapter.strings, inherited: no type inference for javac to do, unlike List.of.
    return CodeBlock.of("strings($L)", CodeBlock.join(items, ", "));
  }

}
