package host.exosphere.client;

import java.time.Duration;

/** Waits between retries and polls; tests substitute one that records instead of sleeping. */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

  void sleep(Duration duration) throws InterruptedException;
}
