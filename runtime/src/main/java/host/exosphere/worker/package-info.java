/**
 * The Java node runtime: {@link host.exosphere.worker.ExosphereRuntime} registers {@code @Node} classes with a
 * state manager, claims their states, runs them through the generated
 * {@link host.exosphere.worker.NodeAdapter}s and reports each outcome, surviving server errors and
 * restarts and shutting down gracefully. Node code talks to it through its return value, the two
 * signals ({@link host.exosphere.worker.PruneSignal}, {@link host.exosphere.worker.RequeueAfterSignal})
 * and {@link host.exosphere.worker.NodeContext}.
 */
package host.exosphere.worker;
