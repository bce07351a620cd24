package host.exosphere.spring.nodes;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Store;

/** One slow step per run, for the shutdown tests. */
@Graph(name = "hold", namespace = "spring-hold")
@Store(requiredKeys = "item")
public interface HoldGraph {
  @Step
  @Input(name = "item", value = "${{ store.item }}")
  HoldNode hold();
}
