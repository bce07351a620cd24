/**
 * The Micrometer binding of the runtime's {@link host.exosphere.worker.RuntimeListener}:
 * {@link host.exosphere.worker.micrometer.MicrometerRuntimeMetrics}. The only package of the runtime that
 * needs Micrometer, an optional dependency.
 */
package host.exosphere.worker.micrometer;
