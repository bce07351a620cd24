package host.exosphere.samples.creategraph;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

/**
 * A loader feeding a processor, with one secret. The processor checks this wiring when the samples
 * compile and generates {@code CreateGraphGraph} (template, JSON body, upload helper, triggers).
 */
@Graph(name = "create-graph", namespace = "exosphere-samples", secrets = {"api_key"})
public interface CreateGraph {
  /** The root: loads from the source given at trigger time, or the default. */
  @Step(next = "processor")
  @Input(name = "source", value = "initial")
  DataLoaderNode loader();

  /** Processes the loader's data. */
  @Step
  @Input(name = "data", value = "${{ loader.outputs.data }}")
  DataProcessorNode processor();
}
