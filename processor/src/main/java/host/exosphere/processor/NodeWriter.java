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
  static final ClassName NODE_CONTEXT = ClassName.get("host.exosphere.worker", "NodeContext");
  static final ClassName NODE_INPUT_EXCEPTION = ClassName.get("host.exosphere.worker", "NodeInputException");
  static final ClassName GRAPH_BUILDER = ClassName.get("host.exosphere.graph", "GraphBuilder");
  static final ClassName OUTPUT_REF = GRAPH_BUILDER.nestedClass("OutputRef");
  static final ClassName BUILDER_STEP = GRAPH_BUILDER.nestedClass("Step");
  static final ClassName NODE_TEMPLATE = ClassName.get("host.exosphere.graph", "NodeTemplate");
  static final ClassName UNITES = ClassName.get("host.exosphere.graph", "Unites");
  static final ClassName UNITES_STRATEGY = ClassName.get("host.exosphere.annotations", "UnitesStrategy");
  static final ClassName NODE_SCHEMAS = ClassName.get("host.exosphere.graph", "NodeSchemas");
  static final ClassName NODE_REGISTRATION = ClassName.get("host.exosphere.client", "NodeRegistration");
  static final ClassName OBJECT_NODE = ClassName.get("com.fasterxml.jackson.databind.node", "ObjectNode");
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
        .addSuperinterface(NODE_ADAPTER)
        .addJavadoc("Runs {@link $T} for the Exosphere runtime without reflection: builds its records from the\n"
            + "state's maps and turns its result into output maps.\n", nodeClass);
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
        .addJavadoc("Creates the adapter; the runtime creates one per node class.\n").build());
    type.addMethod(MethodSpec.methodBuilder("inputsSchema")
        .addJavadoc("The pydantic-shaped JSON Schema of {@code Inputs} the state manager registers.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(OBJECT_NODE)
        .addStatement("return $T.pydanticSchema($S, INPUT_FIELDS)", NODE_SCHEMAS, "Inputs").build());
    type.addMethod(MethodSpec.methodBuilder("outputsSchema")
        .addJavadoc("The pydantic-shaped JSON Schema of {@code Outputs} the state manager registers.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(OBJECT_NODE)
        .addStatement("return $T.pydanticSchema($S, OUTPUT_FIELDS)", NODE_SCHEMAS, "Outputs").build());
    type.addMethod(MethodSpec.methodBuilder("registration")
        .addJavadoc("This node's entry of a registration request ({@code PUT …/nodes/}).\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(NODE_REGISTRATION)
        .addStatement("return new $T(NAME, inputsSchema(), outputsSchema(), SECRET_FIELDS)", NODE_REGISTRATION)
        .build());
    type.addMethod(getter("name", ClassName.get(String.class), "NAME"));
    type.addMethod(getter("namespace", ClassName.get(String.class), "NAMESPACE"));
    type.addMethod(getter("inputFields", STRING_LIST, "INPUT_FIELDS"));
    type.addMethod(getter("outputFields", STRING_LIST, "OUTPUT_FIELDS"));
    type.addMethod(getter("secretFields", STRING_LIST, "SECRET_FIELDS"));
    type.addMethod(MethodSpec.methodBuilder("executable").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
        .addStatement("return $L", node.executable()).build());
    type.addMethod(MethodSpec.methodBuilder("nodeClass").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)))
        .addStatement("return $T.class", nodeClass).build());
    type.addMethod(execute(node));
    if (node.executable() && node.returns() != NodeModel.Returns.VOID) {
      type.addMethod(toMap(node));
    }
    if (node.executable()) {
      type.addMethod(MethodSpec.methodBuilder("requireFields")
          .addJavadoc("Refuses a map whose keys are not exactly {@code declared}, naming what is missing and extra.\n")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(String.class, "kind")
          .addParameter(STRING_MAP, "given")
          .addParameter(STRING_LIST, "declared")
          .addParameter(TypeName.BOOLEAN, "extraAllowed")
          .addStatement("$T<String> missing = new $T<>()", List.class, ArrayList.class)
          .beginControlFlow("for (String field : declared)")
          .beginControlFlow("if (given.get(field) == null)")
          .addStatement("missing.add(field)")
          .endControlFlow()
          .endControlFlow()
          .addStatement("$T<String> extra = new $T<>()", List.class, ArrayList.class)
          .beginControlFlow("if (!extraAllowed)")
          .beginControlFlow("for (String field : given.keySet())")
          .beginControlFlow("if (!declared.contains(field))")
          .addStatement("extra.add(field)")
          .endControlFlow()
          .endControlFlow()
          .endControlFlow()
          .beginControlFlow("if (!missing.isEmpty() || !extra.isEmpty())")
          .addStatement("throw new $T(\"Node \" + NAME + \": \" + kind + \" fields do not match its record\"\n"
              + "+ (missing.isEmpty() ? \"\" : \"; missing: \" + missing)\n"
              + "+ (extra.isEmpty() ? \"\" : \"; not declared: \" + extra)\n"
              + "+ \"; declared: \" + declared)", NODE_INPUT_EXCEPTION)
          .endControlFlow()
          .build());
    }
    return type.build();
  }

  private MethodSpec execute(NodeModel node) {
    ClassName nodeClass = node.className();
    TypeName result = ParameterizedTypeName.get(LIST, STRING_MAP);
    MethodSpec.Builder execute = MethodSpec.methodBuilder("execute")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(result)
        .addParameter(STRING_MAP, "inputs")
        .addParameter(STRING_MAP, "secrets")
        .addParameter(NODE_CONTEXT, "context")
        .addException(Exception.class);
    if (!node.executable()) {
      return execute.addStatement("throw new $T($S)", UnsupportedOperationException.class,
              "Node " + node.name() + " is declared by the interface " + node.type().getQualifiedName()
                  + " and is executed by another runtime, not by the Java runtime")
          .build();
    }
    execute.addStatement("requireFields($S, inputs, INPUT_FIELDS, false)", "input");
    List<CodeBlock> args = new ArrayList<>();
    execute.addStatement("$T in = new $T($L)", nodeClass.nestedClass("Inputs"), nodeClass.nestedClass("Inputs"),
        recordArgs(node.inputs(), "inputs"));
    for (NodeModel.Parameter parameter : node.parameters()) {
      switch (parameter) {
        case INPUTS -> args.add(CodeBlock.of("in"));
        case SECRETS -> {
          // The graph's secrets all come together; a node only declares the ones it reads.
          execute.addStatement("requireFields($S, secrets, SECRET_FIELDS, true)", "secret");
          execute.addStatement("$T secret = new $T($L)", nodeClass.nestedClass("Secrets"),
              nodeClass.nestedClass("Secrets"), recordArgs(node.secrets(), "secrets"));
          args.add(CodeBlock.of("secret"));
        }
        case CONTEXT -> args.add(CodeBlock.of("context"));
      }
    }
    CodeBlock call = CodeBlock.of("new $T().execute($L)", nodeClass, CodeBlock.join(args, ", "));
    ClassName outputs = nodeClass.nestedClass("Outputs");
    switch (node.returns()) {
      case VOID -> execute.addStatement("$L", call).addStatement("return $T.of()", List.class);
      case OUTPUTS -> execute.addStatement("$T out = $L", outputs, call)
          .addStatement("return out == null ? $T.of() : $T.of(toMap(out))", List.class, List.class);
      case LIST_OF_OUTPUTS -> execute.addStatement("$T<$T> outs = $L", List.class, outputs, call)
          .beginControlFlow("if (outs == null)")
          .addStatement("return $T.of()", List.class)
          .endControlFlow()
          .addStatement("$T<$T> maps = new $T<>(outs.size())", List.class, STRING_MAP, ArrayList.class)
          .beginControlFlow("for ($T out : outs)", outputs)
          .addStatement("maps.add(toMap(out))")
          .endControlFlow()
          .addStatement("return maps");
    }
    return execute.build();
  }

  /** Adds {@code toMap(Outputs)} when {@code execute} returns outputs. */
  static MethodSpec toMap(NodeModel node) {
    MethodSpec.Builder toMap = MethodSpec.methodBuilder("toMap")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(STRING_MAP)
        .addParameter(node.className().nestedClass("Outputs"), "out")
        .addStatement("$T<String, String> map = new $T<>()", Map.class, LinkedHashMap.class);
    for (String field : node.outputs()) {
      toMap.addStatement("map.put($S, out.$N())", field, field);
    }
    return toMap.addStatement("return map").build();
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
        .addSuperinterface(BUILDER_STEP)
        .addJavadoc("A typed step running {@link $T}, for graphs built in code with {@link $T}:\n"
            + "one setter per input field, and {@link #outputs()} for references to its outputs.\n", node.className(),
            GRAPH_BUILDER);
    generated.decorate(type, node.type());
    type.addField(constant(ClassName.get(String.class), "NODE_NAME", CodeBlock.of("$S", node.name()),
        "The registered node name ({@code node_name})."));
    type.addField(String.class, "identifier", Modifier.PRIVATE, Modifier.FINAL);
    type.addField(FieldSpec.builder(String.class, "namespace", Modifier.PRIVATE)
        .initializer("$S", node.namespace().isEmpty() ? null : node.namespace()).build());
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, ClassName.get(String.class), ClassName.get(Object.class)),
        "inputs", Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", LinkedHashMap.class).build());
    type.addField(FieldSpec.builder(STRING_LIST, "next", Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $T<>()", ArrayList.class).build());
    type.addField(UNITES, "unites", Modifier.PRIVATE);
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
        .addParameter(String.class, "identifier")
        .addStatement("this.identifier = $T.requireNonNull(identifier, $S)", java.util.Objects.class, "identifier")
        .build());
    type.addMethod(MethodSpec.methodBuilder("step")
        .addJavadoc("A step with this identifier, unique in its graph.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
        .addParameter(String.class, "identifier")
        .addStatement("return new $T(identifier)", self).build());
    type.addMethod(MethodSpec.methodBuilder("identifier").addJavadoc("This step's identifier.\n")
        .addModifiers(Modifier.PUBLIC).returns(String.class).addStatement("return identifier").build());

    Set<String> taken = new HashSet<>(Set.of("step", "identifier", "namespace", "next", "unites", "outputs",
        "toNodeTemplate"));
    taken.addAll(JavaNames.OBJECT_METHODS);
    for (String field : node.inputs()) {
      String method = taken.contains(field) ? JavaNames.unique("input_" + field, taken) : field;
      taken.add(method);
      type.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Sets input {@code $L} to a template string (a literal, or text with placeholders).\n", field)
          .addModifiers(Modifier.PUBLIC).returns(self)
          .addParameter(String.class, "value")
          .addStatement("inputs.put($S, $T.requireNonNull(value, $S))", field, java.util.Objects.class, field)
          .addStatement("return this").build());
      type.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Sets input {@code $L} to another step's output.\n", field)
          .addModifiers(Modifier.PUBLIC).returns(self)
          .addParameter(OUTPUT_REF, "output")
          .addStatement("return $N(output.placeholder())", method).build());
    }
    type.addMethod(MethodSpec.methodBuilder("namespace")
        .addJavadoc("Runs the node from another namespace than the graph's.\n")
        .addModifiers(Modifier.PUBLIC).returns(self).addParameter(String.class, "nodeNamespace")
        .addStatement("this.namespace = $T.requireNonNull(nodeNamespace, $S)", java.util.Objects.class, "namespace")
        .addStatement("return this").build());
    type.addMethod(MethodSpec.methodBuilder("next")
        .addJavadoc("Appends identifiers of the steps that run after this one ({@code next_nodes}).\n")
        .addModifiers(Modifier.PUBLIC).returns(self).addParameter(String[].class, "identifiers").varargs()
        .addStatement("next.addAll($T.of(identifiers))", List.class)
        .addStatement("return this").build());
    type.addMethod(MethodSpec.methodBuilder("unites")
        .addJavadoc("Makes this step a join on {@code target}: it runs once every descendant of that step is done.\n")
        .addModifiers(Modifier.PUBLIC).returns(self)
        .addParameter(String.class, "target").addParameter(UNITES_STRATEGY, "strategy")
        .addStatement("this.unites = new $T(target, strategy)", UNITES)
        .addStatement("return this").build());
    type.addMethod(MethodSpec.methodBuilder("outputs")
        .addJavadoc("Typed references to this step's outputs, e.g. for another step's input.\n")
        .addModifiers(Modifier.PUBLIC).returns(outputsName)
        .addStatement("return new $T(identifier)", outputsName).build());
    type.addMethod(MethodSpec.methodBuilder("toNodeTemplate")
        .addJavadoc("The node template; the node runs in {@code graphNamespace} unless a namespace was set.\n")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(NODE_TEMPLATE).addParameter(String.class, "graphNamespace")
        .addStatement("return new $T(NODE_NAME, namespace == null ? graphNamespace : namespace, identifier, inputs,"
            + " next, unites)", NODE_TEMPLATE)
        .build());

    TypeSpec.Builder outputs = TypeSpec.classBuilder(outputsName)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("References to the outputs of one step running {@link $T}.\n", node.className())
        .addField(String.class, "identifier", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
            .addParameter(String.class, "identifier").addStatement("this.identifier = identifier").build());
    Set<String> outputNames = new HashSet<>(JavaNames.OBJECT_METHODS);
    for (String field : node.outputs()) {
      String method = outputNames.contains(field) ? JavaNames.unique("output_" + field, outputNames) : field;
      outputNames.add(method);
      outputs.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Output {@code $L}: renders as {@code $${{ identifier.outputs.$L }}}.\n", field, field)
          .addModifiers(Modifier.PUBLIC).returns(OUTPUT_REF)
          .addStatement("return new $T(identifier, $S)", OUTPUT_REF, field).build());
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
    return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(items, ", "));
  }

  private static MethodSpec getter(String name, TypeName type, String constant) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(type).addStatement("return $N", constant).build();
  }
}
