package host.exosphere.processor;

import com.google.auto.service.AutoService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The Exosphere annotation processor. For every {@code @Node} type and {@code @Graph} interface:
 *
 * <ol>
 *   <li>parse the annotated elements into a graph model that remembers where each value came from
 *       ({@link NodeParser}, {@link GraphParser}), reporting what only Java can check;
 *   <li>validate the graph with the shared validator, the nodes' schemas standing in for registered nodes,
 *       and print each diagnostic on the annotation value it concerns ({@link GraphChecks});
 *   <li>if no error occurred, write the node adapters and step builders ({@link NodeWriter}), the graph
 *       class ({@link GraphWriter}) and the JSON resources.
 * </ol>
 *
 * <p>It supports and claims Exosphere's annotation types alone, never lets an exception escape into javac
 * (one error with the stack trace on the type instead), defers types that reference classes not generated
 * yet, and is isolating for Gradle: everything written for a type has exactly that type as originating
 * element.
 *
 * <p>Option {@code -Aexosphere.strict=true} turns warnings (what the state manager accepts but would fail
 * or hang at run time) into errors; {@code -Aexosphere.stepBuilders=false} leaves out the typed step
 * builders ({@link Options}).
 */
@AutoService(Processor.class)
public final class ExosphereProcessor extends AbstractProcessor {
  /** {@code -Aexosphere.strict=true}: warnings become errors. */
  public static final String STRICT_OPTION = Options.STRICT;
  /** {@code -Aexosphere.stepBuilders=false}: no {@code <Node>Step} builders (see {@link Options}). */
  public static final String STEP_BUILDERS_OPTION = Options.STEP_BUILDERS;
  /** The annotation types this processor supports and claims: all of {@code host.exosphere.annotations}. */
  static final String ANNOTATIONS = "host.exosphere.annotations.*";
  /** On what this processor writes; claimed in a round where it marks nothing else (see {@link #process}). */
  static final String GENERATED = "javax.annotation.processing.Generated";

  private Reporter reporter;
  private NodeParser nodeParser;
  private GraphParser graphParser;
  private GraphChecks checks;
  private NodeWriter nodeWriter;
  private GraphWriter graphWriter;
  private ResourceWriter resourceWriter;
  private Generated generated;
  private final Set<String> deferredNodes = new LinkedHashSet<>();
  private final Set<String> deferredGraphs = new LinkedHashSet<>();
  private final Set<String> done = new HashSet<>();
  /** The type each resource of this compilation is written for, by path (nodes/… and graphs/… never meet). */
  private final java.util.Map<String, String> resourceOwners = new java.util.HashMap<>();
  /** The first resource written for each lower-case path: see {@link #warnIfCaseClash}. */
  private final java.util.Map<String, Written> byFoldedPath = new java.util.HashMap<>();
  private final Set<String> deferReasons = new LinkedHashSet<>();
  /** Types waiting for an annotation that does not resolve: javac reports it, the processor says nothing. */
  private final Set<String> reportedByJavac = new HashSet<>();
  /** Interfaces some {@code @Graph} interface extends: their {@code @Step} methods are that graph's steps. */
  private final Set<String> graphSupertypes = new HashSet<>();
  /** Interfaces without {@code @Graph} that declare {@code @Step} methods, by qualified name. */
  private final Set<String> looseStepOwners = new LinkedHashSet<>();
  private final Probe probe;
  private NameChecks names;
  private GeneratedNames generatedNames;
  /** The node class each node name resolves to, by namespace and name, over every graph of this compilation. */
  private final java.util.Map<String, String> nodeClassByName = new java.util.HashMap<>();

  /** Created by javac through {@link java.util.ServiceLoader}, or by a test. */
  public ExosphereProcessor() {
    this((stage, type) -> {});
  }

  /** With a probe that sees each type enter each stage: how tests prove the guard around the stages. */
  ExosphereProcessor(Probe probe) {
    this.probe = probe;
  }

  /** Called as a type enters a stage ("parse", "validate", "write"), inside the guard. */
  interface Probe {
    void enter(String stage, TypeElement type) throws Exception;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Options options = Options.read(env.getOptions(), env.getMessager());
    reporter = new Reporter(env, options.strict());
    nodeParser = new NodeParser(env, reporter);
    graphParser = new GraphParser(nodeParser, reporter, new UnresolvedAnnotations(env));
    checks = new GraphChecks(reporter);
    names = new NameChecks(reporter);
    generatedNames = new GeneratedNames(env, reporter);
    generated = new Generated(env);
    nodeWriter = new NodeWriter(generated, options.stepBuilders());
    graphWriter = new GraphWriter(generated);
    resourceWriter = new ResourceWriter(generated);
  }

  /**
   * Exosphere's annotation types, which {@link #process} claims, and {@code @Generated}. javac warns under
   * {@code -Xlint:processing} (so {@code -Xlint:all -Werror} fails) about every annotation type no processor
   * claimed, and nothing but this processor acts on these. Claiming only them leaves every other annotation
   * to other processors; a processor that reads Exosphere's annotations itself sees them only if it runs
   * before this one. The options are declared here and by {@link StrictOptionProcessor}, which is called
   * where none of these annotations appears.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATIONS, GENERATED);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Options.NAMES;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<TypeElement> nodes = types(round, NodeParser.NODE, deferredNodes);
    Set<TypeElement> graphs = types(round, GraphParser.GRAPH, deferredGraphs);
    deferredNodes.clear();
    deferredGraphs.clear();
    for (TypeElement node : nodes) {
      guarded(node, deferredNodes, () -> processNode(node));
    }
    for (TypeElement graph : graphs) {
      guarded(graph, deferredGraphs, () -> {
        for (TypeElement parent : GraphParser.superInterfaces(graph)) {
          graphSupertypes.add(parent.getQualifiedName().toString());
        }
        processGraph(graph);
      });
    }
    checkStraySteps(round);
    if (round.processingOver()) {
      checkLooseSteps();
      reportUnresolved(round);
    }
    return onlyOursGenerated(annotations, round);
  }

  /**
   * Whether to claim this round's annotations: Exosphere's always, but {@code @Generated} only on code
   * this processor wrote (the round after it writes, that code's {@code @Generated} would be the one type
   * nobody claimed). Where another generator's {@code @Generated} code is in the round too, nothing is
   * claimed, so no processor after this one misses that code.
   */
  private boolean onlyOursGenerated(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement annotation = null;
    for (TypeElement present : annotations) {
      if (present.getQualifiedName().contentEquals(GENERATED)) {
        annotation = present;
      }
    }
    if (annotation == null) {
      return true; // none in this round: no need to scan every element for it
    }
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      if (!(e instanceof TypeElement type && generated.wrote(type.getQualifiedName().toString()))) {
        return false;
      }
    }
    return true;
  }

  private Set<TypeElement> types(RoundEnvironment round, String annotation, Set<String> deferred) {
    Set<TypeElement> types = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        types.add(type);
      }
    }
    TypeElement annotationType = processingEnv.getElementUtils().getTypeElement(annotation);
    if (annotationType != null) {
      types.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotationType)));
    }
    return types;
  }

  private void processNode(TypeElement type) throws Exception {
    probe.enter("parse", type);
    Optional<NodeModel> node = nodeParser.parse(type);
    if (node.isPresent() && done.add("node:" + type.getQualifiedName())) {
      Position at = Position.of(type, NodeParser.nodeMirror(type));
      int before = reporter.errorCount();
      names.checkNode(node.get(), at);
      generatedNames.claim(type, at, nodeWriter.names(node.get()));
      if (reporter.errorCount() != before) {
        return;
      }
      String resource = ResourceWriter.nodeResource(node.get());
      String other = resourceOwners.putIfAbsent(resource, type.getQualifiedName().toString());
      if (other != null && node.get().namespace().isEmpty()) {
        // A node without @Node(namespace) takes each graph's namespace: two of one name only clash when
        // graphs of one namespace use both (checked per graph), so the second one's file is told apart
        // by its Java name.
        resource = ResourceWriter.qualifiedNodeResource(node.get());
      } else if (other != null) {
        reporter.error("node-name-clash", "@Node " + type.getQualifiedName() + " and " + other + " are both named '"
            + node.get().name() + "' in namespace '" + node.get().namespace() + "'; the state manager tells nodes"
            + " apart by name and namespace: give one of them @Node(name = \"...\")", at);
        return;
      }
      warnIfCaseClash(resource, type, at);
      probe.enter("write", type);
      nodeWriter.write(node.get());
      resourceWriter.writeNode(node.get(), resource);
    }
  }

  /**
   * Two node classes of one name that graphs of one namespace use: the state manager would register one
   * over the other. Within one graph {@link GraphParser} reports it; this is across graphs.
   */
  private void checkNodesPerNamespace(GraphModel model) {
    java.util.Map<String, String> mine = new java.util.LinkedHashMap<>();
    for (GraphModel.Step step : model.steps()) {
      NodeModel node = step.node();
      if (node == null) {
        continue;
      }
      String namespace = node.namespaceIn(model.template().namespace());
      String key = namespace + "\u0000" + node.name();
      String qualified = node.type().getQualifiedName().toString();
      if (mine.putIfAbsent(key, qualified) != null) {
        continue; // a clash inside this graph is GraphParser's to report
      }
      String other = nodeClassByName.get(key);
      if (other != null && !other.equals(qualified)) {
        reporter.error("node-name-clash", "step " + step.identifier() + " runs @Node " + qualified + ", named '"
            + node.name() + "' in namespace '" + namespace + "', but another graph already uses @Node " + other
            + " under that name in that namespace; the state manager tells nodes apart by name and namespace, so"
            + " one registration would replace the other: give one of them @Node(name = \"...\") or"
            + " @Node(namespace = \"...\")", Position.of(step.method(), step.step()));
      }
    }
    mine.forEach(nodeClassByName::putIfAbsent);
  }

  private void processGraph(TypeElement type) throws Exception {
    if (done.contains("graph:" + type.getQualifiedName())) {
      return;
    }
    // What it inherits from class files is reported on its @Graph: they have no source to point into.
    reporter.checking(Position.of(type, Annotations.find(type, GraphParser.GRAPH)));
    try {
      checkGraph(type);
    } finally {
      reporter.checking(null);
    }
  }

  private void checkGraph(TypeElement type) throws Exception {
    int before = reporter.errorCount();
    probe.enter("parse", type);
    Optional<GraphModel> model = graphParser.parse(type);
    if (model.isEmpty()) {
      return;
    }
    probe.enter("validate", type);
    checks.validate(model.get());
    names.checkGraph(model.get());
    checkNodesPerNamespace(model.get());
    generatedNames.claim(type, Position.of(type, model.get().graph()), List.of(model.get().graphClass()));
    if (reporter.errorCount() == before && done.add("graph:" + type.getQualifiedName())) {
      String resource = GraphWriter.templateResource(model.get().template());
      String other = resourceOwners.putIfAbsent(resource, type.getQualifiedName().toString());
      if (other != null) {
        reporter.error("graph-name-clash", "@Graph " + type.getQualifiedName() + " and " + other + " both define"
            + " graph '" + model.get().template().name() + "' in namespace '" + model.get().template().namespace()
            + "'; an upload of one would replace the other: rename one of them",
            Position.member(type, model.get().graph(), "name"));
        return;
      }
      warnIfCaseClash(resource, type, Position.member(type, model.get().graph(), "name"));
      probe.enter("write", type);
      graphWriter.write(model.get());
      resourceWriter.writeGraph(model.get());
    }
  }

  /**
   * Names the state manager tells apart only by letter case get resource paths that differ only in case:
   * on a case-insensitive file system (macOS, Windows) the build writes one over the other, and the jar
   * then holds the wrong template or schema for one of them. The server accepts such names, so this is a
   * warning, not an error.
   */
  private void warnIfCaseClash(String resource, TypeElement type, Position at) {
    Written previous = byFoldedPath.putIfAbsent(resource.toLowerCase(java.util.Locale.ROOT),
        new Written(resource, type.getQualifiedName().toString()));
    if (previous != null && !previous.path().equals(resource)) {
      reporter.warning("resource-case-clash", type.getQualifiedName() + " writes " + resource + " and "
          + previous.owner() + " writes " + previous.path() + ": the paths differ only in letter case, so on a"
          + " case-insensitive file system (macOS, Windows) one overwrites the other; rename one of them",
          at);
    }
  }

  /** A resource path and the type it is written for. */
  private record Written(String path, String owner) {}

  /**
   * A {@code @Step} method only counts inside a {@code @Graph} interface or an interface one extends.
   * One in a class, enum or record can never count: an error at once. One in a plain interface is
   * legitimate in a library of shared steps compiled on its own, so whether a graph extends it is
   * decided at the end ({@link #checkLooseSteps}), when graphs generated in later rounds are known too.
   */
  private void checkStraySteps(RoundEnvironment round) {
    TypeElement step = processingEnv.getElementUtils().getTypeElement(GraphParser.STEP);
    if (step == null) {
      return;
    }
    for (Element method : round.getElementsAnnotatedWith(step)) {
      Element owner = method.getEnclosingElement();
      if (Annotations.find(owner, GraphParser.GRAPH) != null) {
        // A graph's own steps; on a class, graph-kind already says to make it an interface.
        continue;
      }
      if (owner.getKind() == ElementKind.INTERFACE) {
        looseStepOwners.add(((TypeElement) owner).getQualifiedName().toString());
      } else {
        reporter.error("step-outside-graph", "@Step method " + method.getSimpleName() + " is in "
            + owner.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
            + owner.getSimpleName() + ", but steps are abstract methods of an @Graph interface (or of an"
            + " interface an @Graph interface extends); move it into one",
            Position.of(method, Annotations.find(method, GraphParser.STEP)));
      }
    }
  }

  /**
   * The {@code @Step} methods of plain interfaces that no {@code @Graph} interface of this compilation
   * extends: a warning, since a graph compiled elsewhere may extend them (a library of shared steps);
   * but a step with a body is an error wherever it ends up. Those a graph extends were checked as its
   * steps.
   */
  private void checkLooseSteps() {
    for (String name : looseStepOwners) {
      TypeElement owner = processingEnv.getElementUtils().getTypeElement(name);
      if (owner != null && !graphSupertypes.contains(name)) {
        guarded(owner, new HashSet<>(), () -> checkLooseSteps(owner));
      }
    }
  }

  private void checkLooseSteps(TypeElement owner) {
    for (ExecutableElement method : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      AnnotationMirror step = Annotations.find(method, GraphParser.STEP);
      if (step == null) {
        continue;
      }
      Position at = Position.of(method, step);
      if (!GraphParser.isAbstract(method)) {
        reporter.error("step-method", GraphParser.mustBeAbstract(method), at);
      } else {
        reporter.warning("step-outside-graph", "@Step method " + method.getSimpleName() + " is in "
            + owner.getSimpleName() + ", which no @Graph interface of this compilation extends: it only takes"
            + " effect when an @Graph interface extends " + owner.getSimpleName() + ". If "
            + owner.getSimpleName() + " is meant to be a graph itself, annotate it with @Graph(name = \"...\","
            + " namespace = \"...\")", at);
      }
    }
  }

  /**
   * Types still unresolved at the end: another processor never generated them. Reported only when
   * nothing else failed, since an earlier error is the likelier cause.
   */
  private void reportUnresolved(RoundEnvironment round) {
    Set<String> unresolved = new LinkedHashSet<>(deferredNodes);
    unresolved.addAll(deferredGraphs);
    unresolved.removeAll(reportedByJavac);
    if (unresolved.isEmpty() || reporter.errorCount() > 0 || round.errorRaised()) {
      return;
    }
    // javac reports the missing symbol itself after processing; a second error would be a cascade.
    for (String name : unresolved) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.NOTE, "[exosphere:unresolved-type]"
            + " did not check " + type.getSimpleName() + ": it refers to a type that does not exist ("
            + String.join(", ", deferReasons) + ")", type);
      }
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private void guarded(TypeElement type, Set<String> deferred, Work work) {
    try {
      work.run();
    } catch (DeferException e) {
      deferred.add(type.getQualifiedName().toString());
      if (e.javacReports()) {
        reportedByJavac.add(type.getQualifiedName().toString());
      } else {
        deferReasons.add(e.getMessage());
      }
    } catch (javax.annotation.processing.FilerException e) {
      // GeneratedNames catches the clashes it can see; whatever else the filer refuses is still the
      // user's name choice, not a processor failure.
      reporter.error("generated-name-clash", "cannot write what " + type.getSimpleName() + " generates: "
          + e.getMessage() + "; rename " + type.getSimpleName() + " or the type it clashes with", Position.of(type));
    } catch (Throwable t) {
      // A bug here must not take javac down: one readable error on the type, with the trace to report.
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      reporter.error("internal-error", "the Exosphere processor failed on " + type.getSimpleName()
          + "; please report this with the trace:\n" + trace, Position.of(type));
    }
  }
}
