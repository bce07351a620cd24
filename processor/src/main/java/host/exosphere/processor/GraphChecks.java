package host.exosphere.processor;

import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.Location;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.ValidationReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * Runs the shared validator on a parsed graph, its nodes' schemas standing in for registered nodes,
 * and prints every diagnostic on the annotation value it concerns:
 * {@code [exosphere:<rule>] message (state manager: "<server text>")}.
 *
 * <p>Diagnostics that would only repeat an error the Java-side checks already printed (a missing input,
 * an undeclared secret) or that concern a step whose node is itself broken are left out: one mistake,
 * one error.
 */
final class GraphChecks {
  private final Reporter reporter;

  GraphChecks(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Validates {@code model} and prints what the validator finds: every independent problem, also those
   * the server would only report after its first failing stage ({@link GraphValidator#validateAll}).
   */
  void validate(GraphModel model) {
    GraphTemplate template = model.template();
    ValidationReport report = GraphValidator.validateAll(template, registry(model));
    Set<Integer> brokenSteps = new HashSet<>();
    Set<String> brokenNames = new HashSet<>();
    for (int i = 0; i < model.steps().size(); i++) {
      if (model.steps().get(i).node() == null) {
        brokenSteps.add(i);
        brokenNames.add(template.nodes().get(i).nodeName());
      }
    }
    warnUnitesOnFanOut(model);
    for (Diagnostic diagnostic : report.diagnostics()) {
      if (repeatsJavaCheck(diagnostic, brokenSteps, brokenNames)) {
        continue;
      }
      // The validator's message already carries "did you mean" where a close candidate exists.
      String message = diagnostic.message()
          + (diagnostic.serverMessage() == null ? "" : " (state manager: \"" + serverLines(diagnostic) + "\")");
      Position at = position(diagnostic.location(), model);
      if (diagnostic.isError()) {
        reporter.error(diagnostic.rule(), message, at);
      } else {
        reporter.warning(diagnostic.rule(), message, at);
      }
    }
  }

  /**
   * {@code @Unites("split")} where step split fans out (its node returns {@code List<Outputs>}): the join
   * then waits for split's one state, which is done once the fan-out is created, so it fires once per
   * element that reaches it rather than once for all of them. Uniting the step above the fan-out waits for
   * every branch. The server cannot see this (it does not know which nodes fan out); the processor can.
   */
  private void warnUnitesOnFanOut(GraphModel model) {
    java.util.Map<String, GraphModel.Step> byId = new java.util.HashMap<>();
    java.util.Map<String, String> parentOf = new java.util.HashMap<>();
    for (GraphModel.Step step : model.steps()) {
      byId.putIfAbsent(step.identifier(), step);
    }
    for (int i = 0; i < model.steps().size(); i++) {
      for (String next : model.template().nodes().get(i).nextNodes()) {
        parentOf.putIfAbsent(next, model.steps().get(i).identifier());
      }
    }
    for (GraphModel.Step step : model.steps()) {
      if (step.unites() == null) {
        continue;
      }
      String target = Annotations.stringValue(step.unites(), "value");
      GraphModel.Step united = byId.get(target);
      if (united == null || united.node() == null || united.node().returns() != NodeModel.Returns.LIST_OF_OUTPUTS) {
        continue;
      }
      String above = parentOf.get(target);
      reporter.warning("unites-fan-out", "step " + step.identifier() + " unites '" + target + "', which fans out"
          + " (" + united.node().name() + ".execute returns List<Outputs>): '" + target + "' is one state, done"
          + " once its fan-out is created, so the join fires once per element that reaches it, not once for all;"
          + " unite the step above the fan-out" + (above == null ? "" : " (@Unites(\"" + above + "\"))")
          + " to wait for every branch", Position.member(step.method(), step.unites(), "value"));
    }
  }

  /**
   * The server's own message line(s) without its envelope, so that javac prints one readable line: for
   * a 400 the {@code Value error, } lines of the pydantic detail (without the header, the bracketed
   * {@code [type=..., input_value=...]} suffix and the "For further information" link, docs/state-manager.md §3.2);
   * a 422 item whole, {@code loc: msg} ({@code body.nodes.0.identifier: Value error, Node identifier cannot
   * be empty}), because its location is part of what the server says and the only place that names the
   * wire field; verification and other texts are single lines and stay as they are.
   */
  static String serverLines(Diagnostic d) {
    // Only this problem's own part: a 400 detail holds the lines of every problem of the stage.
    String text = d.serverLine();
    if (d.stage() == host.exosphere.graph.Stage.REQUEST_MODEL) {
      return text;
    }
    if (!text.startsWith("Error validating graph template: ")) {
      return text;
    }
    List<String> lines = new ArrayList<>();
    boolean inValueError = false;
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.startsWith(VALUE_ERROR)) {
        inValueError = true;
        stripped = stripped.substring(VALUE_ERROR.length());
      } else if (!inValueError || stripped.startsWith("For further information visit ")) {
        inValueError = false;
        continue;
      }
      int suffix = stripped.lastIndexOf(" [type=");
      if (suffix >= 0) {
        stripped = stripped.substring(0, suffix);
        inValueError = false;
      }
      lines.add(stripped);
    }
    return lines.isEmpty() ? text : String.join("; ", lines);
  }

  private static final String VALUE_ERROR = "Value error, ";

  /** The nodes' own records, registered the way the Java runtime registers them. */
  static NodeRegistry registry(GraphModel model) {
    List<RegisteredNode> nodes = new ArrayList<>();
    // Built once per node class and namespace, not per step: a graph runs each node many times over.
    Map<NodeModel, Map<String, RegisteredNode>> built = new IdentityHashMap<>();
    for (int i = 0; i < model.steps().size(); i++) {
      NodeModel node = model.steps().get(i).node();
      if (node != null) {
        nodes.add(built.computeIfAbsent(node, n -> new HashMap<>()).computeIfAbsent(
            model.template().nodes().get(i).namespace(), namespace -> Schemas.registered(node, namespace)));
      }
    }
    return NodeRegistry.of(nodes);
  }

  /**
   * Verification diagnostics about a broken step (its node failed the Java checks) or already printed
   * by the Java checks with the same server text.
   */
  private static boolean repeatsJavaCheck(Diagnostic d, Set<Integer> brokenSteps, Set<String> brokenNames) {
    if (host.exosphere.graph.Rules.CHECKED_IN_JAVA_TERMS.contains(d.rule())) {
      return true;
    }
    String server = d.serverMessage() == null ? "" : d.serverMessage();
    if (d.location().nodeIndex() >= 0 && brokenSteps.contains(d.location().nodeIndex())
        && d.stage() == host.exosphere.graph.Stage.VERIFICATION) {
      return true;
    }
    for (String name : brokenNames) {
      if (server.contains("node " + name + " in namespace") || server.startsWith("Node " + name + " in namespace")) {
        return true;
      }
    }
    return false;
  }

  /** Where in source a location of the template was written. */
  static Position position(Location at, GraphModel model) {
    AnnotationMirror graph = model.graph();
    GraphModel.Step step = at.nodeIndex() >= 0 && at.nodeIndex() < model.steps().size()
        ? model.steps().get(at.nodeIndex()) : null;
    switch (at.kind()) {
      case GRAPH:
        return Position.of(model.type(), graph);
      case GRAPH_NAME:
        return Position.member(model.type(), graph, "name");
      case GRAPH_NAMESPACE:
        return Position.member(model.type(), graph, "namespace");
      case SECRET:
        return at.index() >= 0 ? Position.entry(model.type(), graph, "secrets", at.index())
            : entryByValue(model, graph, "secrets", at.key());
      case RETRY_POLICY:
        return model.retry() == null ? Position.of(model.type(), graph)
            : Position.member(model.type(), model.retry(), retryMember(at.key()));
      case STORE_REQUIRED_KEY:
        return model.store() == null ? Position.of(model.type(), graph)
            : at.index() >= 0 ? Position.entry(model.type(), model.store(), "requiredKeys", at.index())
                : entryByValue(model, model.store(), "requiredKeys", at.key());
      case STORE_DEFAULT:
        return model.store() == null ? Position.of(model.type(), graph) : storeDefault(model, at.key());
      case TRIGGER:
        if (at.index() >= 0 && at.index() < model.crons().size()) {
          return Position.member(model.type(), model.crons().get(at.index()), "value");
        }
        for (AnnotationMirror cron : model.crons()) {
          if (Annotations.stringValue(cron, "value").equals(at.key())) {
            return Position.member(model.type(), cron, "value");
          }
        }
        return Position.of(model.type(), graph);
      default:
        break;
    }
    if (step == null) {
      return Position.of(model.type(), graph);
    }
    switch (at.kind()) {
      case IDENTIFIER:
        return Position.explicitValue(step.step(), "id") != null ? Position.member(step.method(), step.step(), "id")
            : Position.of(step.method(), step.step());
      case INPUT:
        for (GraphModel.InputEntry input : step.inputs()) {
          if (input.name().equals(at.key())) {
            return Position.member(step.method(), input.mirror(), "value");
          }
        }
        return Position.of(step.method(), step.step());
      case NEXT_NODE:
        return at.index() >= 0 ? Position.entry(step.method(), step.step(), "next", at.index())
            : entryByValue(step, "next", at.key());
      case UNITES:
        return step.unites() == null ? Position.of(step.method(), step.step())
            : Position.member(step.method(), step.unites(), "value");
      default:
        return Position.of(step.method(), step.step());
    }
  }

  private static Position entryByValue(GraphModel model, AnnotationMirror mirror, String member, String key) {
    List<String> values = Annotations.strings(mirror, member);
    int index = key == null ? -1 : values.indexOf(key);
    return index >= 0 ? Position.entry(model.type(), mirror, member, index) : Position.member(model.type(), mirror, member);
  }

  private static Position entryByValue(GraphModel.Step step, String member, String key) {
    List<String> values = Annotations.strings(step.step(), member);
    int index = key == null ? -1 : values.indexOf(key);
    return index >= 0 ? Position.entry(step.method(), step.step(), member, index)
        : Position.of(step.method(), step.step());
  }

  private static Position storeDefault(GraphModel model, String key) {
    for (AnnotationValue value : Annotations.list(model.store(), "defaults")) {
      AnnotationMirror entry = (AnnotationMirror) value.getValue();
      if (Annotations.stringValue(entry, "key").equals(key)) {
        return new Position(model.type(), model.store(), Position.explicitValue(entry, "key"));
      }
    }
    return Position.member(model.type(), model.store(), "defaults");
  }

  /** {@code max_retries} → {@code maxRetries}; unknown keys point at the whole annotation. */
  private static String retryMember(String key) {
    if (key == null) {
      return "";
    }
    return switch (key) {
      case "max_retries" -> "maxRetries";
      case "backoff_factor" -> "backoffFactor";
      case "max_delay" -> "maxDelay";
      default -> key;
    };
  }
}
