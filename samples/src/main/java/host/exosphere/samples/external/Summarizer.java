package host.exosphere.samples.external;

import host.exosphere.annotations.Node;

/**
 * A node implemented by another runtime (a Python one, say): declared as an interface with only its
 * records, so graphs can use it with compile-time checked wiring. The Java runtime never executes it.
 */
@Node
public interface Summarizer {
  record Inputs(String text) {}

  record Outputs(String summary) {}
}
