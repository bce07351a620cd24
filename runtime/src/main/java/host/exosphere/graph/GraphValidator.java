package host.exosphere.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one validator of graph templates: says exactly what the state manager would say about a graph,
 * in its order, with its texts (docs/state-manager.md §3), plus warnings for what it accepts but would fail or hang
 * at run time (README, "The errors a user sees").
 *
 * <p>The pipeline is the server's: the request model (422, every problem collected), then the template
 * validators on the trimmed template (400; field validators collected, then the model validators where
 * the first failure stops), then, given registered nodes, the background verification (INVALID) and the
 * cron next-fire computation. A failing stage ends the pipeline, as on the server; warnings are added
 * for templates that pass the first two stages. Validation is near-linear in the size of the graph
 * (see {@link ParentGraph}), so it is cheap enough to run on every build and every upload.
 */
public final class GraphValidator {
  private GraphValidator() {}

  /**
   * Validates a typed template: request-model rules (422), template validators (400) and, when
   * {@code registry} is not null, verification against registered nodes (INVALID).
   */
  public static ValidationReport validate(GraphTemplate template, NodeRegistry registry) {
    return validate(template, registry, Clock.systemUTC());
  }

  /** As {@link #validate(GraphTemplate, NodeRegistry)}, with cron fire times computed from {@code clock}. */
  static ValidationReport validate(GraphTemplate template, NodeRegistry registry, Clock clock) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(clock, "clock");
    List<Diagnostic> requestModel = RequestModelRules.check(template);
    if (!requestModel.isEmpty()) {
      return new ValidationReport(requestModel, null);
    }
    GraphTemplate normalized = RequestModelRules.normalize(template);
    TemplateRules.Result templateResult = TemplateRules.check(template, normalized);
    if (!templateResult.errors().isEmpty()) {
      return new ValidationReport(templateResult.errors(), normalized);
    }
    // The server works in naive UTC (its Docker image runs in UTC, docs/state-manager.md §4.9).
    LocalDateTime now = LocalDateTime.now(clock.withZone(java.time.ZoneOffset.UTC));
    List<Diagnostic> diagnostics = new ArrayList<>();
    if (registry != null) {
      diagnostics.addAll(Verification.check(normalized, templateResult.index(), registry, now,
          templateResult.templates()));
    }
    diagnostics.addAll(RunTimeWarnings.check(normalized, templateResult.index(), templateResult.graph(),
        templateResult.templates(), registry, now));
    return new ValidationReport(diagnostics, normalized);
  }

  /**
   * Like {@link #validate(GraphTemplate, NodeRegistry)}, for compile time: when the template validators
   * fail (the server would answer 400 and never verify), verification against {@code registry} still
   * runs, so that one compile reports every independent problem (an unknown output field next to an
   * unconfigured store key). A verification finding about an input or node the template validators
   * already flagged is left out: one mistake, one error. The report's failing stage is still the
   * server's, so {@link ValidationReport#httpStatus()} says what an upload would answer.
   */
  public static ValidationReport validateAll(GraphTemplate template, NodeRegistry registry) {
    ValidationReport report = validate(template, registry);
    Optional<Stage> failing = report.failingStage();
    if (registry == null || report.normalized() == null || failing.isEmpty() || failing.get() != Stage.TEMPLATE) {
      return report;
    }
    GraphTemplate normalized = report.normalized();
    Map<String, Integer> ids = new HashMap<>(normalized.nodes().size() * 2);
    for (int i = 0; i < normalized.nodes().size(); i++) {
      ids.putIfAbsent(normalized.nodes().get(i).identifier(), i);
    }
    LocalDateTime now = LocalDateTime.now(java.time.ZoneOffset.UTC);
    Set<List<Object>> flagged = new HashSet<>();
    for (Diagnostic d : report.diagnostics()) {
      flagged.add(place(d.location()));
    }
    List<Diagnostic> all = new ArrayList<>(report.diagnostics());
    // Verification only looks identifiers up, and reads inputs the template validators accepted: edges to
    // unknown nodes and inputs that are no string or no valid template (template errors, already reported)
    // are left out of what it sees, keeping every input key so "not present" stays right.
    List<NodeTemplate> lookupOnly = normalized.nodes().stream().map(n -> n.withNextNodes(List.of())).toList();
    List<NodeTemplate> readable = normalized.nodes().stream().map(GraphValidator::withReadableInputs).toList();
    GraphTemplate verifiable = new GraphTemplate(normalized.name(), normalized.namespace(), normalized.secrets(),
        readable, normalized.retryPolicy(), normalized.storeConfig(), normalized.triggers());
    for (Diagnostic d : Verification.check(verifiable, new GraphIndex(lookupOnly, ids), registry, now,
        new Templates())) {
      if (d.isError() && !flagged.contains(place(d.location()))) {
        all.add(d);
      }
    }
    return new ValidationReport(all, normalized);
  }

  private static NodeTemplate withReadableInputs(NodeTemplate node) {
    Map<String, Object> inputs = new java.util.LinkedHashMap<>();
    node.inputs().forEach((key, value) -> inputs.put(key, isTemplate(value) ? value : ""));
    return node.withInputs(inputs);
  }

  private static boolean isTemplate(Object value) {
    if (!(value instanceof String text)) {
      return false;
    }
    try {
      TemplateString.parse(text);
      return true;
    } catch (TemplateSyntaxException e) {
      return false;
    }
  }

  /** Where a finding is, at the grain of "the same mistake": a node's input, next entry, or the node. */
  private static List<Object> place(Location location) {
    return Arrays.asList(location.nodeIndex(), location.kind(), location.key());
  }

  /**
   * Validates a raw upsert body ({@code PUT} JSON) for the given path parameters; JSON-level problems
   * (missing keys, wrong types) are request-model (422) diagnostics.
   */
  public static ValidationReport validateJson(JsonNode body, String name, String namespace, NodeRegistry registry) {
    return validateJson(body, name, namespace, registry, Clock.systemUTC());
  }

  static ValidationReport validateJson(
      JsonNode body, String name, String namespace, NodeRegistry registry, Clock clock) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    GraphJson.ReadResult read = GraphJson.read(body, name, namespace);
    if (read.template() == null) {
      return new ValidationReport(read.diagnostics(), null);
    }
    if (!read.diagnostics().isEmpty()) {
      // The server collects every 422 problem: the reader put neutral stand-ins where values failed, so
      // the value rules can still speak about the rest of the body.
      List<Diagnostic> all = new ArrayList<>(read.diagnostics());
      all.addAll(RequestModelRules.check(read.template()));
      return new ValidationReport(RequestModelRules.inBodyOrder(all), null);
    }
    return validate(read.template(), registry, clock);
  }
}
