package host.exosphere.samples.broken;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;
import host.exosphere.samples.creategraph.DataLoaderNode;
import host.exosphere.samples.creategraph.DataProcessorNode;

/**
 * Deliberately broken: kept out of the build (a test resource) so that BrokenGraphTest can show what
 * javac says about it, and the README can quote it verbatim.
 */
@Graph(name = "broken-graph", namespace = "exosphere-samples")
public interface BrokenWorkflow {

  @Step(next = "processor")
  @Input(name = "source", value = "${{ store.bucket }}")
  DataLoaderNode loader();

  @Step
  @Input(name = "data", value = "${{ loader.outputs.dta }}")
  DataProcessorNode processor();
}
