package host.exosphere.samples.fanout;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Unites;
import host.exosphere.annotations.UnitesStrategy;

/**
 * A fan-out of variable size joined by a merge step that waits until every batch succeeded
 * ({@link UnitesStrategy#ALL_SUCCESS}).
 *
 * <p>The merge unites {@code load}, the single state above the fan-out, so it fires once per run; uniting
 * {@code split} instead would fire once per split state.
 */
@Graph(name = "fan-out-all-success", namespace = "exosphere-samples")
public interface FanOutWorkflow {

  @Step(next = "split")
  @Input(name = "source", value = "initial")
  @Input(name = "batch_count", value = "3")
  BatchLoader load();

  @Step(next = "process")
  @Input(name = "source", value = "${{ load.outputs.source }}")
  @Input(name = "batch_count", value = "${{ load.outputs.batch_count }}")
  Splitter split();

  @Step(next = "merge")
  @Input(name = "item", value = "${{ split.outputs.item }}")
  ItemProcessor process();

  @Step
  @Unites(value = "load", strategy = UnitesStrategy.ALL_SUCCESS)
  @Input(name = "source", value = "${{ load.outputs.source }}")
  @Input(name = "batch_count", value = "${{ load.outputs.batch_count }}")
  Merger merge();
}
