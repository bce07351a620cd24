package host.exosphere.samples.external;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

/** A Java node feeding a node that another runtime executes. */
@Graph(name = "summarize-text", namespace = "exosphere-samples")
public interface SummaryWorkflow {

  @Step(next = "summarize")
  @Input(name = "text", value = "initial")
  Tokenizer tokenize();

  @Step
  @Input(name = "text", value = "${{ tokenize.outputs.tokens }}")
  Summarizer summarize();
}
