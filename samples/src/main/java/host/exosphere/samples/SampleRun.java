package host.exosphere.samples;

import host.exosphere.client.StateManager;
import host.exosphere.testing.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One run the demo starts, and how it must end: for each step, how many states end in which status, and
 * output values that must appear.
 */
record SampleRun(
    String title,
    String graphName,
    Function<StateManager, String> trigger,
    Map<String, Map<String, Long>> expectedStatuses,
    Map<String, String> expectedOutputs) {

  SampleRun {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(graphName, "graphName");
    Objects.requireNonNull(trigger, "trigger");
    expectedStatuses = Map.copyOf(expectedStatuses);
    expectedOutputs = Map.copyOf(expectedOutputs);
  }

  static Builder of(String title, String graphName, Function<StateManager, String> trigger) {
    return new Builder(title, graphName, trigger);
  }

  /**
   * What differs from the expectation, one line per difference; empty when the run ended as expected.
   * Steps the expectation does not name must have no states at all.
   */
  List<String> mismatches(RunResult result) {
    List<String> problems = new ArrayList<>();
    for (String identifier : result.identifiers()) {
      if (!expectedStatuses.containsKey(identifier)) {
        problems.add("step '" + identifier + "' ran but should not have: " + result.statusCounts(identifier));
      }
    }
    for (Map.Entry<String, Map<String, Long>> step : new TreeMap<>(expectedStatuses).entrySet()) {
      Map<String, Long> actual = result.statusCounts(step.getKey());
      if (!new TreeMap<>(step.getValue()).equals(actual)) {
        problems.add("step '" + step.getKey() + "': expected " + new TreeMap<>(step.getValue()) + ", got " + actual
            + errorsOf(result, step.getKey()));
      }
    }
    for (Map.Entry<String, String> output : new TreeMap<>(expectedOutputs).entrySet()) {
      String[] stepAndField = output.getKey().split("\\.", 2);
      List<String> values = result.outputs(stepAndField[0], stepAndField[1]);
      if (!values.contains(output.getValue())) {
        problems.add("output " + output.getKey() + ": expected \"" + output.getValue() + "\", got " + values);
      }
    }
    return problems;
  }

  private static String errorsOf(RunResult result, String identifier) {
    List<String> errors = result.errors(identifier);
    return errors.isEmpty() ? "" : " (errors: " + errors + ")";
  }

  /** Collects the expectation of a {@link SampleRun}. */
  static final class Builder {
    private final String title;
    private final String graphName;
    private final Function<StateManager, String> trigger;
    private final Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();

    private Builder(String title, String graphName, Function<StateManager, String> trigger) {
      this.title = title;
      this.graphName = graphName;
      this.trigger = trigger;
    }

    /** {@code step} ends with {@code count} states in {@code status} (call again for other statuses). */
    Builder expect(String step, String status, long count) {
      statuses.computeIfAbsent(step, s -> new LinkedHashMap<>()).put(status, count);
      return this;
    }

    /** Some successful state of {@code step} outputs {@code value} in {@code field}. */
    Builder output(String step, String field, String value) {
      outputs.put(step + "." + field, value);
      return this;
    }

    SampleRun build() {
      return new SampleRun(title, graphName, trigger, statuses, outputs);
    }
  }
}
