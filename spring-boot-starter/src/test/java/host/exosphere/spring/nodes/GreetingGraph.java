package host.exosphere.spring.nodes;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

/** One greeting. */
@Graph(name = "greeting", namespace = "spring-greeting")
public interface GreetingGraph {
  @Step
  @Input(name = "name", value = "world")
  GreetingNode greet();
}
