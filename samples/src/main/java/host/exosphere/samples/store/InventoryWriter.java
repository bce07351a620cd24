package host.exosphere.samples.store;

import host.exosphere.annotations.Node;

/** Writes a page to the warehouse table named in the store. */
@Node
public final class InventoryWriter {
  public record Inputs(String items, String table) {}

  public record Outputs(String written) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs(inputs.items() + " -> " + inputs.table());
  }
}
