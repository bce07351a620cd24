package host.exosphere.graph;

import host.exosphere.annotations.RetryStrategy;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The graph's {@code retry_policy}. Values are as written; the validator checks the server's bounds
 * ({@code max_retries ≥ 0}, {@code backoff_factor > 0}, {@code exponent > 0}, {@code max_delay > 0}).
 *
 * @param maxRetries retries after the first attempt
 * @param strategy how the delay grows
 * @param backoffFactor base delay in milliseconds
 * @param exponent growth factor of the exponential strategies
 * @param maxDelay cap on a delay in milliseconds, or {@code null} for none
 */
public record RetryPolicy(long maxRetries, RetryStrategy strategy, long backoffFactor, long exponent, Long maxDelay) {

  /** The server's default: 3 retries, exponential from 2 s, doubling, no cap. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, RetryStrategy.EXPONENTIAL, 2000, 2, null);

  public RetryPolicy {
    Objects.requireNonNull(strategy, "strategy");
  }

  /** The cap on a delay, if any. */
  public OptionalLong maxDelayMillis() {
    return maxDelay == null ? OptionalLong.empty() : OptionalLong.of(maxDelay);
  }
}
