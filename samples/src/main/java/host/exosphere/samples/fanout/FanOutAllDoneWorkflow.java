package host.exosphere.samples.fanout;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Unites;
import host.exosphere.annotations.UnitesStrategy;

/**
 * The same fan-out, joined with {@link UnitesStrategy#ALL_DONE}: the merge fires once no batch is still
 * waiting or running, whether the batches succeeded or not.
 */
@Graph(name = "fan-out-all-done", namespace = "exosphere-samples")
public interface FanOutAllDoneWorkflow {

  @Step(next = "split")
  @Input(name = "source", value = "initial")
  @Input(name = "batch_count", value = "5")
  BatchLoader load();

  @Step(next = "process")
  @Input(name = "source", value = "${{ load.outputs.source }}")
  @Input(name = "batch_count", value = "${{ load.outputs.batch_count }}")
  Splitter split();

  @Step(next = "merge")
  @Input(name = "item", value = "${{ split.outputs.item }}")
  ItemProcessor process();

  @Step
  @Unites(value = "load", strategy = UnitesStrategy.ALL_DONE)
  @Input(name = "source", value = "${{ load.outputs.source }}")
  @Input(name = "batch_count", value = "${{ load.outputs.batch_count }}")
  Merger merge();
}
