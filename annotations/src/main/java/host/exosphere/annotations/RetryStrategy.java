package host.exosphere.annotations;

/**
 * How the delay before retry {@code n} (1, 2, …) is computed from {@code b = backoffFactor} and
 * {@code e = exponent}; the constant names are the wire values of {@code retry_policy.strategy}.
 * "Full jitter" draws uniformly from {@code [0, d)}; "equal jitter" from {@code [d/2, d)}.
 */
public enum RetryStrategy {
  /** {@code b · e^(n-1)}. */
  EXPONENTIAL,
  /** Uniform in {@code [0, b · e^(n-1))}. */
  EXPONENTIAL_FULL_JITTER,
  /** Half of {@code b · e^(n-1)} plus a uniform draw from the other half. */
  EXPONENTIAL_EQUAL_JITTER,
  /** {@code b · n}. */
  LINEAR,
  /** Uniform in {@code [0, b · n)}. */
  LINEAR_FULL_JITTER,
  /** Half of {@code b · n} plus a uniform draw from the other half. */
  LINEAR_EQUAL_JITTER,
  /** {@code b}. */
  FIXED,
  /** Uniform in {@code [0, b)}. */
  FIXED_FULL_JITTER,
  /** Half of {@code b} plus a uniform draw from the other half. */
  FIXED_EQUAL_JITTER
}
