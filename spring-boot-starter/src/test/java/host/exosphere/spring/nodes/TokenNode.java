package host.exosphere.spring.nodes;

import host.exosphere.annotations.Node;

/** Needs a secret; outputs only whether it got the expected one, never the value. */
@Node
public final class TokenNode {
  public record Inputs(String expected_length) {}

  public record Outputs(String matches) {}

  public record Secrets(String api_token) {}

  public Outputs execute(Inputs inputs, Secrets secrets) {
    return new Outputs(String.valueOf(secrets.api_token().length() == Integer.parseInt(inputs.expected_length())));
  }
}
