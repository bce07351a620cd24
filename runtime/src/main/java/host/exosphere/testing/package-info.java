/**
 * Testing support: wait for a run to finish and inspect each node's states, outputs and errors
 * ({@link host.exosphere.testing.Runs}, {@link host.exosphere.testing.RunResult}). Pairs with the
 * embedded state manager and a {@link host.exosphere.worker.ExosphereRuntime} in a JUnit 5 test.
 */
package host.exosphere.testing;
