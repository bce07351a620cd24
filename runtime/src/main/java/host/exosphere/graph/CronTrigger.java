package host.exosphere.graph;

import java.util.Objects;

/** One {@code {"type": "CRON", "value": {"expression": ...}}} entry of the graph's {@code triggers}. */
public record CronTrigger(String expression) {
  public CronTrigger {
    Objects.requireNonNull(expression, "expression");
  }
}
