package host.exosphere.processor;

import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.UnitesStrategy;
import host.exosphere.graph.CronTrigger;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.NodeTemplate;
import host.exosphere.graph.RetryPolicy;
import host.exosphere.graph.StoreConfig;
import host.exosphere.graph.Suggestions;
import host.exosphere.graph.Unites;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Reads a {@code @Graph} interface, with the {@code @Step} methods it inherits, into a {@link GraphModel}
 * and runs the checks only Java can make (the step methods' shapes, node classes, the mapping between
 * {@code @Input} names and the node's {@code Inputs} record, undeclared secrets). Everything the state
 * manager itself checks is left to the shared validator, so the two can never disagree.
 */
final class GraphParser {
  static final String GRAPH = "host.exosphere.annotations.Graph";
  static final String STEP = "host.exosphere.annotations.Step";
  static final String INPUT = "host.exosphere.annotations.Input";
  static final String INPUT_LIST = "host.exosphere.annotations.Input.List";
  static final String UNITES = "host.exosphere.annotations.Unites";
  static final String RETRY = "host.exosphere.annotations.Retry";
  static final String STORE = "host.exosphere.annotations.Store";
  static final String CRON = "host.exosphere.annotations.Cron";
  static final String CRON_LIST = "host.exosphere.annotations.Cron.List";

  private final NodeParser nodes;
  private final Reporter reporter;

  GraphParser(NodeParser nodes, Reporter reporter) {
    this.nodes = nodes;
    this.reporter = reporter;
  }

  /** The model, or empty when the type cannot describe a graph at all (reported). */
  Optional<GraphModel> parse(TypeElement type) {
    AnnotationMirror graph = Annotations.find(type, GRAPH);
    if (type.getKind() != ElementKind.INTERFACE) {
      reporter.error("graph-kind", "@Graph goes on an interface whose abstract @Step methods are the graph's"
          + " steps; make " + type.getSimpleName() + " an interface", Position.of(type, graph));
      return Optional.empty();
    }
    String name = Annotations.stringValue(graph, "name");
    String namespace = Annotations.stringValue(graph, "namespace");
    List<String> secretNames = Annotations.strings(graph, "secrets");

    List<GraphModel.Step> steps = new ArrayList<>();
    List<NodeTemplate> templates = new ArrayList<>();
    Map<String, NodeModel> byNodeName = new HashMap<>();
    Set<String> missingSecrets = new LinkedHashSet<>();
    for (ExecutableElement method : stepMethods(type, graph)) {
      AnnotationMirror step = Annotations.find(method, STEP);
      if (step == null) {
        checkStrayAnnotations(method);
        continue;
      }
      GraphModel.Step parsed = step(method, step, namespace);
      if (parsed.node() != null) {
        NodeModel node = parsed.node();
        NodeModel other = byNodeName.putIfAbsent(node.name(), node);
        if (other != null && !other.type().equals(node.type())) {
          reporter.error("node-name-clash", "step " + parsed.identifier() + " runs " + node.type().getQualifiedName()
              + " but " + other.type().getQualifiedName() + " is also named '" + node.name() + "' in this graph;"
              + " the state manager tells nodes apart by name only: give one of them @Node(name = \"...\")",
              Position.of(method));
        }
        checkInputs(parsed, namespace);
        for (String secret : node.secrets()) {
          if (!secretNames.contains(secret) && missingSecrets.add(secret)) {
            reporter.error("missing-secret", "node " + node.name() + " (step " + parsed.identifier()
                + ") needs secret '" + secret + "', which @Graph(secrets) does not declare; add \"" + secret
                + "\" to secrets" + didYouMean(secret, secretNames) + " (state manager: \"Secret "
                + secret + " is required but not present in the graph template\")",
                Position.member(type, graph, "secrets"));
          }
        }
      }
      steps.add(parsed);
      templates.add(template(parsed, namespace));
    }

    Map<String, String> secrets = new LinkedHashMap<>();
    for (int i = 0; i < secretNames.size(); i++) {
      String secret = secretNames.get(i);
      if (secrets.containsKey(secret)) {
        // The wire form is a JSON object: a repeated name would silently collapse into one key.
        reporter.error("duplicate-secret", "secret '" + secret + "' is declared twice in @Graph(secrets);"
            + " remove one", Position.entry(type, graph, "secrets", i));
      }
      secrets.put(secret, null);
    }
    AnnotationMirror retry = Annotations.find(type, RETRY);
    AnnotationMirror store = Annotations.find(type, STORE);
    List<AnnotationMirror> crons = Annotations.findRepeated(type, CRON, CRON_LIST);
    List<CronTrigger> triggers = new ArrayList<>();
    for (AnnotationMirror cron : crons) {
      triggers.add(new CronTrigger(Annotations.stringValue(cron, "value")));
    }
    GraphTemplate template = new GraphTemplate(name, namespace, secrets, templates,
        retry == null ? null : retryPolicy(retry), store == null ? null : storeConfig(type, store), triggers);
    return Optional.of(new GraphModel(type, graph, template, steps, retry, store, crons));
  }

  /**
   * The methods that make up the graph, like Java's own member lookup: those its super-interfaces
   * declare (depth first, in {@code extends} order, each interface once) and then its own. A
   * redeclaration in a sub-interface replaces the method it overrides and keeps its place, so
   * overriding one step does not reorder the template; a graph without super-interfaces keeps its
   * declaration order. A redeclaration without {@code @Step} (which would silently drop the step) and
   * one method inherited with {@code @Step} from two unrelated interfaces (which wiring would win?)
   * are errors.
   */
  private List<ExecutableElement> stepMethods(TypeElement type, AnnotationMirror graph) {
    Map<TypeElement, Set<TypeElement>> supertypes = new LinkedHashMap<>();
    collect(type, supertypes);
    Map<String, List<ExecutableElement>> bySignature = new LinkedHashMap<>();
    for (TypeElement declaring : supertypes.keySet()) {
      for (ExecutableElement method : ElementFilter.methodsIn(declaring.getEnclosedElements())) {
        bySignature.computeIfAbsent(signature(method), k -> new ArrayList<>()).add(method);
      }
    }
    List<ExecutableElement> methods = new ArrayList<>();
    for (List<ExecutableElement> declarations : bySignature.values()) {
      // The most specific declarations: those no other declaration of the same method overrides.
      List<ExecutableElement> specific = new ArrayList<>();
      for (ExecutableElement method : declarations) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        if (declarations.stream().noneMatch(other ->
            supertypes.get((TypeElement) other.getEnclosingElement()).contains(owner))) {
          specific.add(method);
        }
      }
      ExecutableElement chosen = specific.get(0);
      List<ExecutableElement> steps = declarations.stream().filter(m -> Annotations.find(m, STEP) != null).toList();
      if (specific.size() > 1 && specific.stream().anyMatch(steps::contains)) {
        reporter.error("step-inherited-twice", "@Step method " + chosen.getSimpleName() + " is inherited from both "
            + owners(specific) + ", so its wiring is ambiguous; redeclare it in " + type.getSimpleName()
            + " with the @Step, @Input and @Unites it should have", Position.of(type, graph));
      } else if (specific.size() == 1 && !steps.isEmpty() && !steps.contains(chosen)) {
        reporter.error("step-method", "method " + chosen.getSimpleName() + " redeclares @Step method "
            + chosen.getSimpleName() + " of " + owners(steps) + " without @Step, which would drop the step;"
            + " repeat @Step (and its @Input mappings) or remove the redeclaration", Position.of(chosen));
        // Check the graph with the step it would have had, rather than cascading over its absence.
        chosen = steps.get(steps.size() - 1);
      }
      methods.add(chosen);
    }
    return methods;
  }

  /**
   * Adds {@code type} after its super-interfaces (each once), mapped to all its proper super-interfaces.
   */
  private static Set<TypeElement> collect(TypeElement type, Map<TypeElement, Set<TypeElement>> supertypes) {
    Set<TypeElement> known = supertypes.get(type);
    if (known != null) {
      return known;
    }
    Set<TypeElement> all = new LinkedHashSet<>();
    for (TypeMirror parent : type.getInterfaces()) {
      if (parent.getKind() == TypeKind.ERROR) {
        // Perhaps another processor generates it in a later round.
        throw new DeferException(type.getQualifiedName() + " extends " + parent);
      }
      TypeElement element = (TypeElement) ((DeclaredType) parent).asElement();
      all.add(element);
      all.addAll(collect(element, supertypes));
    }
    supertypes.put(type, all);
    return all;
  }

  /** Every interface {@code type} extends, directly or not, as far as they resolve yet. */
  static Set<TypeElement> superInterfaces(TypeElement type) {
    Set<TypeElement> all = new LinkedHashSet<>();
    for (TypeMirror parent : type.getInterfaces()) {
      if (parent.getKind() == TypeKind.DECLARED && all.add((TypeElement) ((DeclaredType) parent).asElement())) {
        all.addAll(superInterfaces((TypeElement) ((DeclaredType) parent).asElement()));
      }
    }
    return all;
  }

  private static String signature(ExecutableElement method) {
    StringBuilder signature = new StringBuilder(method.getSimpleName()).append('(');
    for (var parameter : method.getParameters()) {
      signature.append(parameter.asType()).append(',');
    }
    return signature.append(')').toString();
  }

  private static String owners(List<ExecutableElement> methods) {
    List<String> names = new ArrayList<>();
    for (ExecutableElement method : methods) {
      names.add(((TypeElement) method.getEnclosingElement()).getQualifiedName().toString());
    }
    return String.join(" and ", names);
  }

  private GraphModel.Step step(ExecutableElement method, AnnotationMirror step, String graphNamespace) {
    String id = Annotations.stringValue(step, "id");
    String identifier = id.isEmpty() ? method.getSimpleName().toString() : id;
    List<GraphModel.InputEntry> inputs = new ArrayList<>();
    for (AnnotationMirror input : Annotations.findRepeated(method, INPUT, INPUT_LIST)) {
      inputs.add(new GraphModel.InputEntry(input, Annotations.stringValue(input, "name"),
          Annotations.stringValue(input, "value")));
    }
    AnnotationMirror unites = Annotations.find(method, UNITES);
    if (!isAbstract(method)) {
      reporter.error("step-method", mustBeAbstract(method), Position.of(method, step));
    }
    if (!method.getParameters().isEmpty()) {
      reporter.error("step-method", "@Step method " + method.getSimpleName() + " takes no parameters; inputs"
          + " are mapped with @Input(name = \"field\", value = \"...\")", Position.of(method.getParameters().get(0)));
    }
    NodeModel node = null;
    TypeMirror returned = method.getReturnType();
    if (returned.getKind() == TypeKind.ERROR) {
      throw new DeferException(method.getEnclosingElement() + "." + method.getSimpleName());
    }
    TypeElement returnedType = returned.getKind() == TypeKind.DECLARED
        ? (TypeElement) ((DeclaredType) returned).asElement() : null;
    if (returnedType == null || NodeParser.nodeMirror(returnedType) == null) {
      reporter.error("step-not-node", "@Step method " + method.getSimpleName() + " returns " + returned
          + ", which is not a @Node type; return the node class this step runs", Position.of(method, step));
    } else {
      node = nodes.parse(returnedType).orElse(null);
    }
    return new GraphModel.Step(method, step, identifier, node, inputs, unites);
  }

  /** Whether an interface method is abstract: not default, static or private. */
  static boolean isAbstract(ExecutableElement method) {
    return !method.getModifiers().contains(Modifier.DEFAULT) && !method.getModifiers().contains(Modifier.STATIC)
        && !method.getModifiers().contains(Modifier.PRIVATE);
  }

  static String mustBeAbstract(ExecutableElement method) {
    return "@Step method " + method.getSimpleName() + " must be abstract: its return type names the node and its"
        + " annotations the wiring; remove the body";
  }

  /** {@code @Input} names against the node's {@code Inputs} record. */
  private void checkInputs(GraphModel.Step step, String graphNamespace) {
    NodeModel node = step.node();
    Set<String> seen = new LinkedHashSet<>();
    for (GraphModel.InputEntry input : step.inputs()) {
      Position at = Position.member(step.method(), input.mirror(), "name");
      if (!seen.add(input.name())) {
        reporter.error("duplicate-input", "input '" + input.name() + "' of step " + step.identifier()
            + " is mapped twice; keep one @Input(name = \"" + input.name() + "\")", at);
      } else if (!node.inputs().contains(input.name())) {
        reporter.warning("unknown-input", "node " + node.name() + " has no input '" + input.name() + "'"
            + didYouMean(input.name(), node.inputs()) + "; its inputs are " + node.inputs()
            + ". The state manager accepts the extra key, but the node never sees it", at);
      }
    }
    for (String field : node.inputs()) {
      if (!seen.contains(field)) {
        String namespace = node.namespaceIn(graphNamespace);
        reporter.error("missing-input", "step " + step.identifier() + " does not map input '" + field + "' of node "
            + node.name() + "; add @Input(name = \"" + field + "\", value = \"...\") (state manager: \"Input "
            + field + " in node " + node.name() + " in namespace " + namespace
            + " is not present in the graph template\")", Position.of(step.method(), step.step()));
      }
    }
  }

  private void checkStrayAnnotations(ExecutableElement method) {
    for (String annotation : List.of(INPUT, INPUT_LIST, UNITES)) {
      AnnotationMirror stray = Annotations.find(method, annotation);
      if (stray != null) {
        reporter.error("step-method", "method " + method.getSimpleName() + " has @"
            + stray.getAnnotationType().asElement().getSimpleName() + " but no @Step; add @Step to make it a step",
            Position.of(method, stray));
        return;
      }
    }
  }

  private static NodeTemplate template(GraphModel.Step step, String graphNamespace) {
    String nodeName;
    String namespace;
    if (step.node() != null) {
      nodeName = step.node().name();
      namespace = step.node().namespaceIn(graphNamespace);
    } else {
      nodeName = simpleName(step.method().getReturnType().toString());
      namespace = graphNamespace;
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (GraphModel.InputEntry input : step.inputs()) {
      inputs.put(input.name(), input.value());
    }
    Unites unites = null;
    if (step.unites() != null) {
      unites = new Unites(Annotations.stringValue(step.unites(), "value"),
          UnitesStrategy.valueOf(Annotations.enumValue(step.unites(), "strategy")));
    }
    return new NodeTemplate(nodeName, namespace, step.identifier(), inputs,
        Annotations.strings(step.step(), "next"), unites);
  }

  private static RetryPolicy retryPolicy(AnnotationMirror retry) {
    int maxDelay = Annotations.intValue(retry, "maxDelay");
    return new RetryPolicy(Annotations.intValue(retry, "maxRetries"),
        RetryStrategy.valueOf(Annotations.enumValue(retry, "strategy")),
        Annotations.intValue(retry, "backoffFactor"), Annotations.intValue(retry, "exponent"),
        // maxDelay = 0 is the annotation's "no cap", null on the wire (see Retry#maxDelay).
        maxDelay == 0 ? null : (long) maxDelay);
  }

  private StoreConfig storeConfig(TypeElement type, AnnotationMirror store) {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (AnnotationValue value : Annotations.list(store, "defaults")) {
      AnnotationMirror entry = (AnnotationMirror) value.getValue();
      String key = Annotations.stringValue(entry, "key");
      if (defaults.containsKey(key)) {
        // default_values is a JSON object on the wire: the repeated key would silently win.
        reporter.error("duplicate-store-default", "store default '" + key + "' is given twice; keep one"
            + " (state manager: \"Key '" + key + "' is duplicated\")",
            new Position(type, store, Position.explicitValue(entry, "key")));
      }
      defaults.put(key, Annotations.stringValue(entry, "value"));
    }
    return new StoreConfig(Annotations.strings(store, "requiredKeys"), defaults);
  }

  /** {@code " (did you mean \"x\"?)"} when a candidate is close to {@code written}, else "". */
  private static String didYouMean(String written, Collection<String> candidates) {
    String best = Suggestions.closest(written, candidates);
    return best == null ? "" : " (did you mean \"" + best + "\"?)";
  }

  /** The simple name of a type as printed, for a step whose return type is not a node. */
  private static String simpleName(String printed) {
    int generic = printed.indexOf('<');
    String raw = generic < 0 ? printed : printed.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1);
  }
}
