package host.exosphere.spring.nodes;

import host.exosphere.annotations.Node;
import java.util.function.UnaryOperator;

/** Not a bean: a customizer adds its class, and Spring builds it with its collaborator injected. */
@Node
public final class GreetingNode {
  private final UnaryOperator<String> greeter;

  public GreetingNode(UnaryOperator<String> greeter) {
    this.greeter = greeter;
  }

  public record Inputs(String name) {}

  public record Outputs(String greeting) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs(greeter.apply(inputs.name()));
  }
}
