package host.exosphere.samples.resilience;

import host.exosphere.annotations.Node;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fails the first two attempts for each URL, as a flaky upstream would; the graph's retry policy makes
 * the state manager schedule the retries with backoff.
 */
@Node
public final class FlakyFetch {
  /** Attempts per URL, across the retry states of a run (each retry is a new state). */
  private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

  public record Inputs(String url, String mode) {}

  public record Outputs(String body, String mode) {}

  public Outputs execute(Inputs inputs) {
    int attempt = ATTEMPTS.computeIfAbsent(inputs.url(), url -> new AtomicInteger()).incrementAndGet();
    if (attempt <= 2) {
      throw new IllegalStateException("upstream unavailable for " + inputs.url() + " (attempt " + attempt + ")");
    }
    return new Outputs("payload of " + inputs.url(), inputs.mode());
  }
}
