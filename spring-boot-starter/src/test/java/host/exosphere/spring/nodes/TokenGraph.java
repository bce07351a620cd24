package host.exosphere.spring.nodes;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

/** A graph with a secret, uploaded on start with its value from the properties. */
@Graph(name = "token", namespace = "spring-token", secrets = "api_token")
public interface TokenGraph {
  @Step
  @Input(name = "expected_length", value = "9")
  TokenNode check();
}
