package host.exosphere.processor;

import static host.exosphere.processor.NodeWriter.GRAPH_BUILDER;
import static host.exosphere.processor.NodeWriter.STRING_MAP;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import host.exosphere.graph.GraphDiagram;
import host.exosphere.graph.GraphResources;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeTemplate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <X>Graph} for a valid {@code @Graph} type {@code X}: its constants, the template (read
 * from the JSON resource), a typed secrets builder, the upload helper, typed triggers and a pre-filled
 * {@code GraphBuilder}.
 */
final class GraphWriter {
  /** Larger graphs get no diagram: it would not be readable anyway. */
  static final int DIAGRAM_LIMIT = 100;
  /** Up to this many required store keys become parameters of {@code trigger}; more are builder setters. */
  static final int MAX_KEY_PARAMETERS = 250;

  private static final ClassName GRAPH_RESOURCES = ClassName.get("host.exosphere.graph", "GraphResources");
  private static final ClassName GRAPH_TEMPLATE = ClassName.get("host.exosphere.graph", "GraphTemplate");
  private static final ClassName STATE_MANAGER = ClassName.get("host.exosphere.client", "StateManager");
  private static final ClassName GRAPH_STATUS = ClassName.get("host.exosphere.client", "GraphStatus");
  private static final ClassName UPSERT_OPTIONS = ClassName.get("host.exosphere.client", "UpsertOptions");
  private static final ClassName TRIGGER_REQUEST = ClassName.get("host.exosphere.client", "TriggerRequest");
  private static final ClassName GRAPH_VALIDATION_EXCEPTION =
      ClassName.get("host.exosphere.client", "GraphValidationException");

  private final Generated generated;

  GraphWriter(Generated generated) {
    this.generated = generated;
  }

  void write(GraphModel model) throws IOException {
    generated.writeSource(model.graphClass().packageName(), graphClass(model));
  }

  TypeSpec graphClass(GraphModel model) {
    GraphTemplate t = model.template();
    ClassName self = model.graphClass();
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Graph $L in namespace $L, generated from {@link $T}.\n",
            javadocText(t.name()), javadocText(t.namespace()), ClassName.get(model.type()))
        .addJavadoc("\n<p>Upload it with {@link #upsert}, start runs with {@link #trigger}, change it in code with\n"
            + "{@link #builder()}. The JSON body it uploads is the class-path resource {@link #TEMPLATE_RESOURCE}.\n")
        .addJavadoc(diagram(model));
    generated.decorate(type, model.type());
    List<NodeModel> nodes = model.nodes();
    if (!generated.deprecated(model.type()) && nodes.stream().anyMatch(n -> generated.deprecated(n.type()))) {
      Generated.suppressDeprecation(type); // NODES names the deprecated node class
    }

    type.addField(NodeWriter.constant(ClassName.get(String.class), "NAME", JavaText.string(t.name()),
        "The graph name."));
    type.addField(NodeWriter.constant(ClassName.get(String.class), "NAMESPACE", JavaText.string(t.namespace()),
        "The graph's namespace."));
    List<CodeBlock> classes = new ArrayList<>();
    for (NodeModel node : nodes) {
      if (node.executable()) {
        classes.add(CodeBlock.of("$T.class", node.className()));
      }
    }
    type.addField(NodeWriter.constant(
        ParameterizedTypeName.get(NodeWriter.LIST, ParameterizedTypeName.get(ClassName.get(Class.class),
            WildcardTypeName.subtypeOf(Object.class))),
        "NODES", CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(classes, ", ")),
        "The node classes this graph runs that the Java runtime executes (not the {@code @Node} interfaces)."));
    type.addField(NodeWriter.constant(ClassName.get(String.class), "TEMPLATE_RESOURCE",
        CodeBlock.of("$S", templateResource(t)),
        "The class-path resource holding the upsert body (secret values {@code null} until upload)."));
    type.addField(FieldSpec.builder(GRAPH_TEMPLATE, "TEMPLATE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Read from {@link #TEMPLATE_RESOURCE}, written with this class: one JSON file rather than a\n"
            + "statement per step for javac to compile.\n")
        .initializer("$T.template($T.class, TEMPLATE_RESOURCE, NAME, NAMESPACE)", GRAPH_RESOURCES, self).build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    type.addMethod(MethodSpec.methodBuilder("template")
        .addJavadoc("The graph template, checked at compile time; secret values are {@code null}.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(GRAPH_TEMPLATE)
        .addStatement("return TEMPLATE").build());

    type.addMethod(MethodSpec.methodBuilder("builder")
        .addJavadoc("A graph builder holding this graph, for changing it in code; {@code build()} validates again.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(GRAPH_BUILDER)
        .addStatement("return $T.from(TEMPLATE)", GRAPH_BUILDER).build());

    addSecrets(type, model);
    addUpsert(type, model);
    addTrigger(type, model);
    type.addTypes(StepsWriter.steps(model));
    return type.build();
  }

  static String templateResource(GraphTemplate t) {
    return GraphResources.path(t.namespace(), t.name());
  }

  // ---------------------------------------------------------------- secrets

  private void addSecrets(TypeSpec.Builder type, GraphModel model) {
    ClassName self = model.graphClass();
    ClassName secrets = self.nestedClass("Secrets");
    ClassName builder = self.nestedClass("SecretsBuilder");
    type.addType(TypeSpec.classBuilder(secrets)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The values of this graph's secrets, made with {@link #secrets()}; never printed.\n")
        .addField(FieldSpec.builder(STRING_MAP, "values", Modifier.PRIVATE, Modifier.FINAL).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).addParameter(STRING_MAP, "values")
            .addStatement("this.values = $T.copyOf(values)", Map.class).build())
        .addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class)
            .addJavadoc("Names the secrets, never their values.\n")
            .addModifiers(Modifier.PUBLIC).returns(String.class)
            .addStatement("return \"Secrets\" + new $T<>(values.keySet())", java.util.TreeSet.class).build())
        .build());

    TypeSpec.Builder b = TypeSpec.classBuilder(builder)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Collects one value per secret declared on {@code @Graph}.\n")
        .addField(FieldSpec.builder(STRING_MAP, "values", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T<>()", LinkedHashMap.class).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    Set<String> taken = new HashSet<>(Set.of("build"));
    taken.addAll(JavaNames.OBJECT_METHODS);
    for (String secret : model.template().secrets().keySet()) {
      String method = JavaNames.unique(JavaNames.lowerCamel(secret), taken);
      b.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("The value of secret $L.\n", javadocText(secret))
          .addModifiers(Modifier.PUBLIC).returns(builder).addParameter(String.class, "value")
          .addStatement("values.put($L, $T.requireNonNull(value, $L))", JavaText.string(secret), Objects.class,
              JavaText.string(secret))
          .addStatement("return this").build());
    }
    b.addMethod(MethodSpec.methodBuilder("build")
        .addJavadoc("The secrets.\n\n@throws IllegalStateException naming every declared secret without a value\n")
        .addModifiers(Modifier.PUBLIC).returns(secrets)
        // $T for java.lang types too: a class of the user's package may be called String or IllegalStateException.
        .addStatement("$T<$T> missing = new $T<>()", List.class, String.class, ArrayList.class)
        .beginControlFlow("for ($T name : TEMPLATE.secrets().keySet())", String.class)
        .beginControlFlow("if (!values.containsKey(name))")
        .addStatement("missing.add(name)")
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("if (!missing.isEmpty())")
        .addStatement("throw new $T(\"Graph \" + NAME + \" needs a value for secret(s) \" + missing)",
            IllegalStateException.class)
        .endControlFlow()
        .addStatement("return new $T(values)", secrets).build());
    type.addType(b.build());
    type.addMethod(MethodSpec.methodBuilder("secrets")
        .addJavadoc("Starts the values of this graph's secrets, supplied at upload time.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(builder)
        .addStatement("return new $T()", builder).build());
  }

  // ---------------------------------------------------------------- upsert

  private void addUpsert(TypeSpec.Builder type, GraphModel model) {
    ClassName secrets = model.graphClass().nestedClass("Secrets");
    type.addMethod(MethodSpec.methodBuilder("upsert")
        .addJavadoc("Uploads this graph with its secret values and waits until the state manager says VALID;\n"
            + "the client logs each status it sees.\n\n"
            + "@throws $T with the state manager's errors when it refuses the graph or it ends INVALID\n",
            GRAPH_VALIDATION_EXCEPTION)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(GRAPH_STATUS)
        .addParameter(STATE_MANAGER, "client").addParameter(secrets, "secrets")
        .addStatement("return upsert(client, secrets, $T.DEFAULT)", UPSERT_OPTIONS)
        .build());
    type.addMethod(MethodSpec.methodBuilder("upsert")
        .addJavadoc("Uploads this graph with its secret values and waits as {@code options} say.\n\n"
            + "@throws $T with the state manager's errors when it refuses the graph or it ends INVALID\n",
            GRAPH_VALIDATION_EXCEPTION)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(GRAPH_STATUS)
        .addParameter(STATE_MANAGER, "client").addParameter(secrets, "secrets")
        .addParameter(UPSERT_OPTIONS, "options")
        .addStatement("return client.upsertGraph(TEMPLATE.withSecretValues(secrets.values), options)")
        .build());
    if (model.template().secrets().isEmpty()) {
      type.addMethod(MethodSpec.methodBuilder("upsert")
          .addJavadoc("Uploads this graph (it has no secrets) and waits until the state manager says VALID.\n\n"
              + "@throws $T with the state manager's errors when it refuses the graph or it ends INVALID\n",
              GRAPH_VALIDATION_EXCEPTION)
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(GRAPH_STATUS)
          .addParameter(STATE_MANAGER, "client")
          .addStatement("return upsert(client, secrets().build())").build());
    }
  }

  // ---------------------------------------------------------------- trigger

  private void addTrigger(TypeSpec.Builder type, GraphModel model) {
    GraphTemplate t = model.template();
    ClassName builder = model.graphClass().nestedClass("TriggerBuilder");
    List<String> required = t.storeConfig() == null ? List.of() : t.storeConfig().requiredKeys();
    List<String> optional = new ArrayList<>();
    if (t.storeConfig() != null) {
      for (String key : t.storeConfig().defaultValues().keySet()) {
        if (!required.contains(key)) {
          optional.add(key);
        }
      }
    }
    GraphModel.Step root = model.root();
    List<String> rootInputs = new ArrayList<>();
    if (root != null) {
      root.inputs().forEach(input -> rootInputs.add(input.name()));
    }

    if (required.size() > MAX_KEY_PARAMETERS) {
      // A method takes at most 255 parameters: so many keys are set one by one on the builder instead.
      optional.addAll(0, required);
      required = List.of();
    }
    // "trigger" is newTrigger's local variable, "client" trigger's first parameter.
    Set<String> params = new HashSet<>(Set.of("client", "trigger"));
    List<String> paramNames = new ArrayList<>();
    for (String key : required) {
      paramNames.add(JavaNames.unique(JavaNames.lowerCamel(key), params));
    }

    TypeSpec.Builder b = TypeSpec.classBuilder(builder)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("A run of this graph: store values, root inputs and a start delay.\n")
        .addField(FieldSpec.builder(STRING_MAP, "store", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T<>()", LinkedHashMap.class).build())
        .addField(FieldSpec.builder(STRING_MAP, "inputs", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T<>()", LinkedHashMap.class).build())
        .addField(FieldSpec.builder(Duration.class, "startDelay", Modifier.PRIVATE)
            .initializer("$T.ZERO", Duration.class).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    Set<String> taken = new HashSet<>(Set.of("startDelay", "request", "trigger"));
    taken.addAll(JavaNames.OBJECT_METHODS);
    for (String key : optional) {
      String method = JavaNames.unique("store" + JavaNames.upperCamel(key), taken);
      String defaultValue = t.storeConfig().defaultValues().get(key);
      b.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Store key $L for this run ($L).\n", javadocText(key),
              defaultValue == null ? "required" : "default " + javadocText(defaultValue))
          .addModifiers(Modifier.PUBLIC).returns(builder).addParameter(String.class, "value")
          .addStatement("store.put($L, $T.requireNonNull(value, $L))", JavaText.string(key), Objects.class,
              JavaText.string(key))
          .addStatement("return this").build());
    }
    for (String input : rootInputs) {
      // Named after the component's Java name (the Java API's names), the wire name where there is none.
      String javaName = root.node() == null ? input : root.node().inputFields().stream()
          .filter(f -> f.wireName().equals(input)).map(NodeField::javaName).findFirst().orElse(input);
      String method = JavaNames.unique("input" + JavaNames.upperCamel(javaName), taken);
      b.addMethod(MethodSpec.methodBuilder(method)
          .addJavadoc("Overrides root input $L (written $L in the graph) for this run.\n",
              javadocText(input), javadocText(String.valueOf(root.inputs().stream()
                  .filter(i -> i.name().equals(input)).findFirst().orElseThrow().value())))
          .addModifiers(Modifier.PUBLIC).returns(builder).addParameter(String.class, "value")
          .addStatement("inputs.put($L, $T.requireNonNull(value, $L))", JavaText.string(input), Objects.class,
              JavaText.string(input))
          .addStatement("return this").build());
    }
    b.addMethod(MethodSpec.methodBuilder("startDelay")
        .addJavadoc("Delays the root state by {@code delay}.\n")
        .addModifiers(Modifier.PUBLIC).returns(builder).addParameter(Duration.class, "delay")
        .addStatement("this.startDelay = $T.requireNonNull(delay, $S)", Objects.class, "delay")
        .addStatement("return this").build());
    b.addMethod(MethodSpec.methodBuilder("request")
        .addJavadoc("The trigger request.\n")
        .addModifiers(Modifier.PUBLIC).returns(TRIGGER_REQUEST)
        .addStatement("return new $T(inputs, store, startDelay)", TRIGGER_REQUEST).build());
    b.addMethod(MethodSpec.methodBuilder("trigger")
        .addJavadoc("Starts the run; returns its run id.\n")
        .addModifiers(Modifier.PUBLIC).returns(String.class).addParameter(STATE_MANAGER, "client")
        .addStatement("return client.trigger(NAME, request())").build());
    type.addType(b.build());

    MethodSpec.Builder newTrigger = MethodSpec.methodBuilder("newTrigger")
        .addJavadoc("Starts a run with the required store keys; set optional keys, root inputs or a delay,\n"
            + "then call {@link $T#trigger}.\n", builder)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(builder)
        .addStatement("$T trigger = new $T()", builder, builder);
    MethodSpec.Builder trigger = MethodSpec.methodBuilder("trigger")
        .addJavadoc("Starts a run with the required store keys; returns its run id.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
        .addParameter(STATE_MANAGER, "client");
    List<CodeBlock> args = new ArrayList<>();
    for (int i = 0; i < required.size(); i++) {
      String key = required.get(i);
      String param = paramNames.get(i);
      newTrigger.addParameter(String.class, param);
      newTrigger.addJavadoc("@param $L store key $L\n", param, javadocText(key));
      newTrigger.addStatement("trigger.store.put($L, $T.requireNonNull($N, $L))", JavaText.string(key), Objects.class,
          param, JavaText.string(key));
      trigger.addParameter(String.class, param);
      trigger.addJavadoc("@param $L store key $L\n", param, javadocText(key));
      args.add(CodeBlock.of("$N", param));
    }
    type.addMethod(newTrigger.addStatement("return trigger").build());
    type.addMethod(trigger.addStatement("return newTrigger($L).trigger(client)", CodeBlock.join(args, ", ")).build());
  }

  // ---------------------------------------------------------------- Javadoc

  /**
   * A Mermaid flowchart of the graph's shape, for the class Javadoc: the runtime's
   * {@code GraphDiagram} text (the one {@code exosphere graph --mermaid} prints), whose labels are
   * already safe inside a {@code {@code}} block and a comment.
   */
  static CodeBlock diagram(GraphModel model) {
    List<NodeTemplate> nodes = model.template().nodes();
    if (nodes.isEmpty() || nodes.size() > DIAGRAM_LIMIT) {
      return CodeBlock.of("");
    }
    return CodeBlock.of("$L", "\n<pre>{@code\n" + GraphDiagram.mermaid(model.template()) + "}</pre>\n");
  }

  /**
   * A user's text as code in Javadoc: {@code {@code text}} when that is safe (balanced braces, no comment
   * end, no line break, no backslash), else HTML with entities. javac reads a unicode escape even inside a
   * comment, so a name of a backslash, {@code u002a} and a slash would end the comment: backslashes become
   * {@code &#92;}.
   */
  static String javadocText(String s) {
    int depth = 0;
    boolean balanced = true;
    for (char c : s.toCharArray()) {
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      balanced &= depth >= 0;
    }
    if (balanced && depth == 0 && !s.contains("*/") && s.indexOf('\n') < 0 && s.indexOf('\r') < 0
        && !s.contains("@") && s.indexOf('\\') < 0 && s.indexOf(0x2028) < 0 && s.indexOf(0x2029) < 0) {
      return "{@code " + s + "}";
    }
    return "<code>" + s.replace("&", "&amp;").replace("\\", "&#92;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("*/", "*&#47;").replace("{", "&#123;").replace("}", "&#125;").replace("@", "&#64;").replace("\n", " ").replace("\r", " ")
        .replace((char) 0x2028, ' ').replace((char) 0x2029, ' ') + "</code>";
  }
}
