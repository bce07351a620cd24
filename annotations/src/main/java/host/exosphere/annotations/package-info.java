/**
 * The annotations a graph author writes: {@link host.exosphere.annotations.Node} on node classes,
 * {@link host.exosphere.annotations.Graph} on a graph-definition interface, and the step-, retry-,
 * store- and trigger-level annotations that complete a graph template.
 *
 * <p>Every value is the state manager's own wire value ({@code ${{ id.outputs.field }}},
 * {@code ${{ store.key }}}, strategy names, cron strings), so anything in Exosphere's documentation can be
 * pasted in. The annotation processor checks the wiring at compile time with the same rules the state
 * manager applies when a graph is uploaded.
 */
package host.exosphere.annotations;
