package host.exosphere.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The graph's retry policy: the {@code retry_policy} object of the upsert body. It applies to every
 * node of the graph; a state that errors is retried while its retry count is below
 * {@link #maxRetries()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Retry {

  /** {@code max_retries}: retries after the first attempt, at least 0. */
  int maxRetries() default 3;

  /** {@code strategy}: how the delay before each retry grows. */
  RetryStrategy strategy() default RetryStrategy.EXPONENTIAL;

  /** {@code backoff_factor}: the base delay in milliseconds, greater than 0. */
  int backoffFactor() default 2000;

  /** {@code exponent}: the growth factor of the exponential strategies, greater than 0. */
  int exponent() default 2;

  /** {@code max_delay}: the cap on any delay in milliseconds; 0 means no cap ({@code null}). */
  int maxDelay() default 0;
}
