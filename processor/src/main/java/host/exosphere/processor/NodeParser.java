package host.exosphere.processor;

import host.exosphere.graph.WireNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Node} type into a {@link NodeModel}, reporting each Java-side problem on the element
 * that causes it (README, "A node": nested records of types with a wire encoding and distinct wire names,
 * one public {@code execute}, a public
 * concrete class). A type is checked once per compilation; graphs that use an invalid node get
 * nothing more, so one mistake gives one error.
 */
final class NodeParser {
  static final String NODE = "host.exosphere.annotations.Node";
  private static final String CONTEXT = "host.exosphere.worker.NodeContext";
  private static final String WIRE = "host.exosphere.annotations.Wire";

  private final Types types;
  private final Elements elements;
  private final Reporter reporter;
  private final NodeReach reach;
  private final Map<String, Optional<NodeModel>> parsed = new HashMap<>();

  NodeParser(ProcessingEnvironment env, Reporter reporter) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    this.reporter = reporter;
    this.reach = new NodeReach(reporter);
  }

  /** The model of {@code type}, or empty when it is invalid (already reported). */
  Optional<NodeModel> parse(TypeElement type) {
    String key = type.getQualifiedName().toString();
    Optional<NodeModel> known = parsed.get(key);
    if (known != null) {
      return known;
    }
    int before = reporter.errorCount();
    NodeModel model = read(type);
    Optional<NodeModel> result = reporter.errorCount() == before ? Optional.ofNullable(model) : Optional.empty();
    parsed.put(key, result);
    return result;
  }

  static AnnotationMirror nodeMirror(Element element) {
    return Annotations.find(element, NODE);
  }

  private NodeModel read(TypeElement type) {
    AnnotationMirror node = nodeMirror(type);
    Position at = Position.of(type, node);
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    if (type.getKind() != ElementKind.CLASS && !isInterface) {
      reporter.error("node-kind", "@Node goes on a class (a node the Java runtime executes) or an interface"
          + " (a node another runtime executes), not on " + kindName(type) + " " + type.getSimpleName(), at);
      return null;
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !isInterface && !type.getModifiers().contains(Modifier.STATIC)) {
      reporter.error("node-instantiation", "@Node class " + type.getSimpleName()
          + " is an inner class; make it static: its instances must not need an enclosing instance", at);
      return null;
    }
    String name = Annotations.stringValue(node, "name");
    if (name.isEmpty()) {
      name = type.getSimpleName().toString();
    }
    String namespace = Annotations.stringValue(node, "namespace");

    int before = reporter.errorCount();
    reach.checkType(type, at);
    // All members, inherited ones too (a node may take its records or execute from a base class): one
    // scope for the records and execute, since javac builds a new one on every call.
    List<? extends Element> members = elements.getAllMembers(type);
    TypeElement inputs = record(type, members, "Inputs", true);
    TypeElement outputs = record(type, members, "Outputs", true);
    TypeElement secrets = record(type, members, "Secrets", false);
    List<NodeField> inputFields = fields(inputs);
    List<NodeField> outputFields = fields(outputs);
    List<NodeField> secretFields = fields(secrets);

    List<NodeModel.Parameter> parameters = List.of();
    NodeModel.Returns returns = NodeModel.Returns.VOID;
    boolean constructible = false;
    if (!isInterface) {
      constructible = checkInstantiable(type, at);
      ExecutableElement execute = executeMethod(type, members, at);
      if (execute != null && inputs != null && outputs != null) {
        parameters = parameters(type, execute, inputs, secrets);
        returns = returns(execute, outputs);
      }
    }
    if (reporter.errorCount() != before) {
      return null;
    }
    return new NodeModel(type, name, namespace, inputFields, outputFields, secretFields, secrets != null,
        !isInterface, constructible, parameters, returns);
  }

  private TypeElement record(TypeElement type, List<? extends Element> members, String simpleName,
      boolean required) {
    for (TypeElement nested : ElementFilter.typesIn(members)) {
      if (nested.getSimpleName().contentEquals(simpleName)) {
        reach.checkRecord(type, nested);
        if (nested.getKind() != ElementKind.RECORD) {
          reporter.error("node-records", "@Node " + type.getSimpleName() + ": " + simpleName + " must be a record"
              + " whose components are the wire fields, e.g. `public record " + simpleName + "(String field) {}`",
              Position.of(nested));
          return null;
        }
        return nested;
      }
    }
    if (required) {
      reporter.error("node-records", "@Node " + type.getSimpleName() + " has no nested record " + simpleName
          + "; declare `public record " + simpleName + "(String field, ...) {}` (an empty `record "
          + simpleName + "() {}` when the node has no " + simpleName.toLowerCase(java.util.Locale.ROOT) + ")",
          Position.of(type, nodeMirror(type)));
    }
    return null;
  }

  private List<NodeField> fields(TypeElement record) {
    if (record == null) {
      return List.of();
    }
    List<NodeField> fields = new ArrayList<>();
    Map<String, String> javaNameByWire = new HashMap<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      TypeMirror type = component.asType();
      if (type.getKind() == TypeKind.ERROR) {
        throw new DeferException(record.getQualifiedName() + "." + component.getSimpleName());
      }
      String javaName = component.getSimpleName().toString();
      Position at = componentPosition(record, component);
      String wire = wireName(component, javaName);
      String problem = WireTypes.problem(type);
      if (problem != null) {
        reporter.error("node-field-type", record.getSimpleName() + "." + javaName + " is " + type
            + ", which has no wire encoding" + (problem.startsWith("(") ? " " + problem : "")
            + "; declare it as " + WireTypes.SUPPORTED, at);
        continue;
      }
      if (wire.isEmpty()) {
        reporter.error("node-field-name", record.getSimpleName() + "." + javaName + " has an empty @Wire name;"
            + " give the field name it travels under, or remove @Wire to send it as '" + WireNames.of(javaName)
            + "'", at);
        continue;
      }
      if (wire.startsWith("_")) {
        reporter.error("node-field-name", record.getSimpleName() + "." + javaName + (wire.equals(javaName)
            ? " starts with an underscore," : " travels as '" + wire + "', which starts with an underscore,")
            + " which the state manager's schema reader refuses (contract §2.3); rename it", at);
        continue;
      }
      String clash = javaNameByWire.putIfAbsent(wire, javaName);
      if (clash != null) {
        reporter.error("node-field-wire-name", record.getSimpleName() + "." + clash + " and "
            + record.getSimpleName() + "." + javaName + " both travel as '" + wire + "' (a camelCase Java name travels in"
            + " snake_case unless @Wire names it); rename one, or give it @Wire(\"…\")", at);
        continue;
      }
      fields.add(new NodeField(javaName, wire, type, WireTypes.codec(type)));
    }
    return List.copyOf(fields);
  }

  /** {@code @Wire("…")} on the component, else the default rule. */
  private static String wireName(RecordComponentElement component, String javaName) {
    AnnotationMirror wire = Annotations.find(component, WIRE);
    return wire == null ? WireNames.of(javaName) : Annotations.stringValue(wire, "value");
  }

  /**
   * javac has no source position for a record component element, but has one for the private field it
   * declares, which sits on the same line.
   */
  private static Position componentPosition(TypeElement record, RecordComponentElement component) {
    for (VariableElement field : ElementFilter.fieldsIn(record.getEnclosedElements())) {
      if (field.getSimpleName().equals(component.getSimpleName())) {
        return Position.of(field);
      }
    }
    return Position.of(component);
  }

  /**
   * Checks that the generated adapter can call the class, and says whether it can also create it. A class
   * without a public no-argument constructor is fine: the runtime is then given an instance or a factory.
   */
  private boolean checkInstantiable(TypeElement type, Position at) {
    if (!type.getModifiers().contains(Modifier.PUBLIC)) {
      reporter.error("node-instantiation", "@Node class " + type.getSimpleName()
          + " must be public: the generated adapter calls its execute method", at);
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      reporter.error("node-instantiation", "@Node class " + type.getSimpleName() + " is abstract; the runtime"
          + " runs instances of it. Make it concrete, or declare an @Node interface for a node"
          + " another runtime executes", at);
      return false;
    }
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC));
  }

  private ExecutableElement executeMethod(TypeElement type, List<? extends Element> members, Position at) {
    List<ExecutableElement> candidates = new ArrayList<>();
    // Inherited from a base class counts too; getAllMembers leaves out what an override hides.
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      if (method.getSimpleName().contentEquals("execute") && method.getModifiers().contains(Modifier.PUBLIC)
          && !method.getModifiers().contains(Modifier.STATIC)) {
        candidates.add(method);
      }
    }
    if (candidates.isEmpty()) {
      reporter.error("node-execute", "@Node class " + type.getSimpleName() + " has no public execute method;"
          + " add `public Outputs execute(Inputs inputs)` (it may also take Secrets and/or NodeContext, and"
          + " return List<Outputs> or void)", at);
      return null;
    }
    if (candidates.size() > 1) {
      for (ExecutableElement extra : candidates.subList(1, candidates.size())) {
        reporter.error("node-execute", "@Node class " + type.getSimpleName() + " has " + candidates.size()
            + " public execute methods; keep exactly one (make the others private or rename them)",
            Position.of(extra));
      }
      return null;
    }
    reach.checkExecute(type, candidates.get(0));
    return candidates.get(0);
  }

  private List<NodeModel.Parameter> parameters(
      TypeElement type, ExecutableElement execute, TypeElement inputs, TypeElement secrets) {
    List<NodeModel.Parameter> kinds = new ArrayList<>();
    Set<NodeModel.Parameter> seen = new LinkedHashSet<>();
    String expected = "execute takes Inputs first, then optionally Secrets"
        + (secrets == null ? " (declare a Secrets record first)" : "") + " and/or NodeContext";
    List<? extends VariableElement> params = execute.getParameters();
    if (params.isEmpty()) {
      reporter.error("node-execute-signature", "@Node " + type.getSimpleName() + ": " + expected
          + "; add the parameter `Inputs inputs`", Position.of(execute));
      return kinds;
    }
    for (int i = 0; i < params.size(); i++) {
      VariableElement param = params.get(i);
      TypeMirror t = param.asType();
      if (t.getKind() == TypeKind.ERROR) {
        throw new DeferException(type.getQualifiedName() + ".execute");
      }
      NodeModel.Parameter kind = null;
      if (isType(t, inputs)) {
        kind = NodeModel.Parameter.INPUTS;
      } else if (secrets != null && isType(t, secrets)) {
        kind = NodeModel.Parameter.SECRETS;
      } else if (t.getKind() == TypeKind.DECLARED
          && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals(CONTEXT)) {
        kind = NodeModel.Parameter.CONTEXT;
      }
      boolean misplaced = kind == null || (i == 0) != (kind == NodeModel.Parameter.INPUTS) || !seen.add(kind);
      if (misplaced) {
        reporter.error("node-execute-signature", "@Node " + type.getSimpleName() + ": parameter "
            + param.getSimpleName() + " of type " + t + " is not allowed here; " + expected, Position.of(param));
      }
      kinds.add(kind);
    }
    return kinds;
  }

  private NodeModel.Returns returns(ExecutableElement execute, TypeElement outputs) {
    TypeMirror result = execute.getReturnType();
    if (result.getKind() == TypeKind.ERROR) {
      throw new DeferException(execute.getEnclosingElement() + ".execute");
    }
    if (result.getKind() == TypeKind.VOID) {
      return NodeModel.Returns.VOID;
    }
    if (isType(result, outputs)) {
      return NodeModel.Returns.OUTPUTS;
    }
    if (result.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) result;
      if (((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.util.List")
          && declared.getTypeArguments().size() == 1 && isType(declared.getTypeArguments().get(0), outputs)) {
        return NodeModel.Returns.LIST_OF_OUTPUTS;
      }
    }
    reporter.error("node-execute-signature", "execute returns " + result + "; return Outputs, List<Outputs>"
        + " (one next state per element) or void (no outputs)", Position.of(execute));
    return NodeModel.Returns.VOID;
  }

  private boolean isType(TypeMirror type, TypeElement element) {
    return type.getKind() == TypeKind.DECLARED && types.isSameType(types.erasure(type), types.erasure(element.asType()));
  }

  private static String kindName(TypeElement type) {
    return switch (type.getKind()) {
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> type.getKind().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
