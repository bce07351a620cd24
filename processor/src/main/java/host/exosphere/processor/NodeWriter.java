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
  private final boolean stepBuilders;

  /** {@code stepBuilders}: whether to write each node's {@code <Node>Step} beside its adapter. */
  NodeWriter(Generated generated, boolean stepBuilders) {
    this.generated = generated;
    this.stepBuilders = stepBuilders;
  }

  /** The classes {@link #write} writes for {@code node}. */
  List<ClassName> names(NodeModel node) {
    return stepBuilders ? List.of(node.adapterName(), node.stepName()) : List.of(node.adapterName());
  }

  void write(NodeModel node) throws IOException {
    String pkg = node.className().packageName();
    generated.writeSource(pkg, adapter(node));
    if (stepBuilders) {
      generated.writeSource(pkg, step(node));
    }
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
    type.addField(constant(ClassName.get(String.class), "NAME", JavaText.string(node.name()),
        "The registered node name."));
    type.addField(constant(ClassName.get(String.class), "NAMESPACE", JavaText.string(node.namespace()),
        "The namespace given on {@code @Node}; empty when the graph's namespace applies."));
    type.addField(constant(STRING_LIST, "INPUT_FIELDS", stringList(node.inputs()),
        "The {@code Inputs} record's components: the wire input fields."));
    type.addField(constant(STRING_LIST, "OUTPUT_FIELDS", stringList(node.outputs()),
        "The {@code Outputs} record's components: the wire output fields."));
    type.addField(constant(STRING_LIST, "SECRET_FIELDS", stringList(node.secrets()),
        "The {@code Secrets} record's components: the secrets the node needs."));
    Map<NodeField, String> codecs = codecFields(node, type);
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
      type.addMethod(run(node, codecs));
      if (node.returns() != NodeModel.Returns.VOID) {
        type.addMethod(values(node, codecs));
      }
    }
    type.addMethod(readOutputs(node, codecs));
    return type.build();
  }

  /**
   * One {@code WireCodec} constant per typed component ({@code AMOUNT_IN}, {@code TOTAL_OUT}, …), built once
   * per adapter class so a state costs only the conversion. {@code String} components get none.
   */
  private static Map<NodeField, String> codecFields(NodeModel node, TypeSpec.Builder type) {
    Map<NodeField, String> names = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>(Set.of("NAME", "NAMESPACE", "INPUT_FIELDS", "OUTPUT_FIELDS", "SECRET_FIELDS"));
    addCodecs(node.inputFields(), "_IN", names, taken, type);
    addCodecs(node.outputFields(), "_OUT", names, taken, type);
    addCodecs(node.secretFields(), "_SECRET", names, taken, type);
    return names;
  }

  private static void addCodecs(List<NodeField> fields, String suffix, Map<NodeField, String> names,
      Set<String> taken, TypeSpec.Builder type) {
    for (NodeField field : fields) {
      if (field.isText()) {
        continue;
      }
      String name = JavaNames.unique(JavaNames.upperSnake(field.javaName()) + suffix, taken);
      names.put(field, name);
      type.addField(FieldSpec.builder(ParameterizedTypeName.get(WireTypes.CODEC, field.boxedType()), name,
          Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(field.codec()).build());
    }
  }

  /** {@code readOutputs(Map)}: a reported output map back as the node's {@code Outputs} record. */
  private static MethodSpec readOutputs(NodeModel node, Map<NodeField, String> codecs) {
    ClassName outputs = node.className().nestedClass("Outputs");
    return MethodSpec.methodBuilder("readOutputs")
        .addJavadoc("One output map a state of this node reported, as its {@code Outputs} record (e.g. for a\n"
            + "run's typed results); fields are read by wire name and decoded as the runtime encodes them.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(outputs)
        .addParameter(STRING_MAP, "outputs")
        .addStatement("return new $T($L)", outputs, recordArgs(node.outputFields(), "outputs", "decodeOutput", codecs))
        .build();
  }

  private static MethodSpec run(NodeModel node, Map<NodeField, String> codecs) {
    ClassName nodeClass = node.className();
    List<CodeBlock> args = new ArrayList<>();
    for (NodeModel.Parameter parameter : node.parameters()) {
      switch (parameter) {
        case INPUTS -> args.add(CodeBlock.of("new $T($L)", nodeClass.nestedClass("Inputs"),
            recordArgs(node.inputFields(), "inputs", "decodeInput", codecs)));
        case SECRETS -> args.add(CodeBlock.of("new $T($L)", nodeClass.nestedClass("Secrets"),
            recordArgs(node.secretFields(), "secrets", "decodeSecret", codecs)));
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
  static MethodSpec values(NodeModel node, Map<NodeField, String> codecs) {
    ClassName outputs = node.className().nestedClass("Outputs");
    List<CodeBlock> values = new ArrayList<>();
    for (NodeField field : node.outputFields()) {
      values.add(field.isText() ? CodeBlock.of("out.$N()", field.javaName())
          : CodeBlock.of("$N.encode(out.$N())", codecs.get(field), field.javaName()));
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

  /** The record's constructor arguments read from {@code map} by wire name, decoded where typed. */
  private static CodeBlock recordArgs(List<NodeField> fields, String map, String decode,
      Map<NodeField, String> codecs) {
    List<CodeBlock> args = new ArrayList<>();
    for (NodeField field : fields) {
      args.add(field.isText() ? CodeBlock.of("$N.get($S)", map, field.wireName())
          : CodeBlock.of("$N.$N($S, $N.get($S))", codecs.get(field), decode, field.wireName(), map, field.wireName()));
    }
    return CodeBlock.join(args, ",$W");
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
    type.addField(constant(ClassName.get(String.class), "NODE_NAME", JavaText.string(node.name()),
        "The registered node name ({@code node_name})."));
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(String.class, "identifier")
        .addStatement("super(NODE_NAME, $L, identifier)",
            node.namespace().isEmpty() ? "null" : JavaText.string(node.namespace()))
        .build());
    type.addMethod(MethodSpec.methodBuilder("step")
        .addJavadoc("A step with this identifier, unique in its graph.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
        .addParameter(String.class, "identifier")
        .addStatement("return new $T(identifier)", self).build());

    // Names the base class already uses, so an input called "next" gets "inputNext".
    Set<String> taken = new HashSet<>(Set.of("step", "identifier", "namespace", "next", "unites", "outputs",
        "toNodeTemplate", "input", "output", "self"));
    taken.addAll(JavaNames.OBJECT_METHODS);
    for (NodeField input : node.inputFields()) {
      String field = input.wireName();
      String javaName = JavaNames.lowerCamel(input.javaName());
      String method = taken.contains(javaName) ? JavaNames.unique("input" + JavaNames.upperCamel(javaName), taken)
          : javaName;
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
    for (NodeField output : node.outputFields()) {
      String field = output.wireName();
      String javaName = JavaNames.lowerCamel(output.javaName());
      String method = outputNames.contains(javaName)
          ? JavaNames.unique("output" + JavaNames.upperCamel(javaName), outputNames) : javaName;
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
