package host.exosphere.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link StateManager#upsertGraph} waits for verification.
 *
 * @param timeout how long to wait for VALID or INVALID
 * @param pollInterval the longest time between status checks: the first comes after 5 ms, and each pause
 *     doubles up to this, because verification mostly takes milliseconds
 * @param progress told each status seen (e.g. "PENDING after 1.0 s")
 */
public record UpsertOptions(Duration timeout, Duration pollInterval, Consumer<String> progress) {
  public static final UpsertOptions DEFAULT = new UpsertOptions(Duration.ofSeconds(60), Duration.ofMillis(200), s -> {});

  public UpsertOptions {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(progress, "progress");
  }
}
