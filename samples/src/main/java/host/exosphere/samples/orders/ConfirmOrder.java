package host.exosphere.samples.orders;

import host.exosphere.annotations.Node;
import java.math.BigDecimal;

/** Confirms a priced and labelled order; its typed outputs are what the pipeline's test reads. */
@Node
public final class ConfirmOrder {
  public record Inputs(String orderId, BigDecimal total, String label) {}

  public record Outputs(String orderId, BigDecimal charged, String label) {}

  public Outputs execute(Inputs inputs) {
    return new Outputs(inputs.orderId(), inputs.total(), inputs.label());
  }
}
