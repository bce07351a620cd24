package host.exosphere.local.engine;

import java.time.LocalDateTime;

/** A {@code DatabaseTriggers} row (docs/state-manager.md §4.9). Guarded by the engine lock. */
final class CronRow {
  enum Status { PENDING, TRIGGERING, TRIGGERED, FAILED }

  final String expression;
  final String graphName;
  final String namespace;
  final LocalDateTime triggerTime;
  Status status = Status.PENDING;
  /** When a TRIGGERED/FAILED row disappears (Mongo's TTL index); PENDING rows never expire. */
  LocalDateTime expiresAt;

  CronRow(String expression, String graphName, String namespace, LocalDateTime triggerTime) {
    this.expression = expression;
    this.graphName = graphName;
    this.namespace = namespace;
    this.triggerTime = triggerTime;
  }

  /** The unique index {@code (type, expression, graph_name, namespace, trigger_time)}. */
  String key() {
    return expression + '\u0000' + graphName + '\u0000' + namespace + '\u0000' + triggerTime;
  }
}
