package host.exosphere.spring.nodes;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

/** A graph whose name and namespace the processor must escape in its resource path. */
@Graph(name = "greeting twice", namespace = "spring spaced")
public interface SpacedGraph {
  @Step
  @Input(name = "name", value = "world")
  GreetingNode greet();
}
