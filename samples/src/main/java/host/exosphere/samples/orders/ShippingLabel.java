package host.exosphere.samples.orders;

import host.exosphere.annotations.Node;

/**
 * A node another runtime executes, written the way a Python node is: snake_case {@code str} fields. It
 * reads what {@link PriceOrder} sent as plain text ({@code Decimal(total)}) and JSON
 * ({@code json.loads(items)}); the samples' stand-in for that runtime does exactly this.
 */
@Node
public interface ShippingLabel {
  record Inputs(String order_id, String total, String shipping, String items) {}

  record Outputs(String label) {}
}
