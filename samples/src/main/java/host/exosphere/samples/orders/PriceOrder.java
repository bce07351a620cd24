package host.exosphere.samples.orders;

import host.exosphere.annotations.Node;
import java.math.BigDecimal;
import java.util.List;

/**
 * Prices an order. It takes typed inputs (a {@code BigDecimal}, an enum, a list of records), written with
 * Java names: {@code orderId} travels as {@code order_id}, {@code unitPrice} inside the JSON list as
 * {@code unit_price}. Its collaborator comes through the constructor, so the runtime is given an
 * instance: {@code ExosphereRuntime.builder(client).node(new PriceOrder(taxRates))}.
 */
@Node
public final class PriceOrder {
  public enum Shipping { STANDARD, EXPRESS }

  public record LineItem(String sku, BigDecimal unitPrice, int quantity) {}

  public record Inputs(String orderId, BigDecimal discount, Shipping shipping, List<LineItem> items) {}

  public record Outputs(String orderId, BigDecimal total, Shipping shipping, List<LineItem> items) {}

  private final TaxRates taxRates;

  public PriceOrder(TaxRates taxRates) {
    this.taxRates = taxRates;
  }

  public Outputs execute(Inputs inputs) {
    BigDecimal net = BigDecimal.ZERO;
    for (LineItem item : inputs.items()) {
      net = net.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
    }
    net = net.subtract(inputs.discount()).max(BigDecimal.ZERO);
    return new Outputs(inputs.orderId(), taxRates.gross(net, inputs.shipping()), inputs.shipping(), inputs.items());
  }
}
