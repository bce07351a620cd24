package host.exosphere.samples.spring;

import host.exosphere.annotations.Node;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** Prices an order line with the injected {@link PriceBook}. */
@Node
@Component
public final class QuoteNode {
  private final PriceBook prices;

  public QuoteNode(PriceBook prices) {
    this.prices = prices;
  }

  public record Inputs(String sku, String quantity) {}

  public record Outputs(String net) {}

  public Outputs execute(Inputs inputs) {
    BigDecimal net = prices.unitPrice(inputs.sku()).multiply(new BigDecimal(inputs.quantity()));
    return new Outputs(net.toPlainString());
  }
}
