package host.exosphere.samples.fanout;

import host.exosphere.annotations.Node;

/**
 * The join: runs once, after every batch of a load is processed. A uniting node sees the outputs of the
 * step it unites (and that step's ancestors), not of the branches it waited for.
 */
@Node
public final class Merger {
  public record Inputs(String source, String batch_count) {}

  public record Outputs(String summary) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs("merged " + inputs.batch_count() + " batches of " + inputs.source());
  }
}
