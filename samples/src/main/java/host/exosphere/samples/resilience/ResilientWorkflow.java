package host.exosphere.samples.resilience;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Retry;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Store;

/**
 * A flaky fetch retried with exponential backoff (100 ms, then 200 ms), then a gate that re-queues itself
 * once and, depending on the run's {@code mode}, publishes or prunes the branch.
 */
@Graph(name = "resilient-fetch", namespace = "exosphere-samples")
@Retry(maxRetries = 3, strategy = RetryStrategy.EXPONENTIAL, backoffFactor = 100, exponent = 2, maxDelay = 1000)
@Store(requiredKeys = {"url"}, defaults = {@Store.Default(key = "mode", value = "publish")})
public interface ResilientWorkflow {

  @Step(next = "gate")
  @Input(name = "url", value = "${{ store.url }}")
  @Input(name = "mode", value = "${{ store.mode }}")
  FlakyFetch fetch();

  @Step(next = "publish")
  @Input(name = "body", value = "${{ fetch.outputs.body }}")
  @Input(name = "mode", value = "${{ fetch.outputs.mode }}")
  Gatekeeper gate();

  @Step
  @Input(name = "body", value = "${{ gate.outputs.body }}")
  Publisher publish();
}
