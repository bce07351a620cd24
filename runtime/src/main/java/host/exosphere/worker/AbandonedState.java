package host.exosphere.worker;

/**
 * A claimed state an {@link ExosphereRuntime} could not finish within its shutdown timeout. The state manager
 * has no lease on claimed states (docs/state-manager.md §4.1): unless {@code handedBack}, the state stays QUEUED
 * there until someone retries it manually ({@code POST …/state/{id}/manual-retry}).
 *
 * @param stateId the state's id
 * @param nodeName its node
 * @param identifier its node template's identifier
 * @param reason what the runtime was doing with it when it gave up
 * @param handedBack whether the runtime returned it to the queue ({@code re-enqueue-after}) so another
 *     runtime can run it
 */
public record AbandonedState(
    String stateId, String nodeName, String identifier, String reason, boolean handedBack) {}
