package host.exosphere.samples.spring;

import host.exosphere.annotations.Node;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** Writes the invoice line, adding tax with the injected {@link PriceBook}. */
@Node
@Component
public final class InvoiceNode {
  private final PriceBook prices;

  public InvoiceNode(PriceBook prices) {
    this.prices = prices;
  }

  public record Inputs(String customer, String net) {}

  public record Outputs(String invoice) {}

  public Outputs execute(Inputs inputs) {
    BigDecimal gross = prices.withTax(new BigDecimal(inputs.net()));
    return new Outputs(inputs.customer() + " owes " + gross.toPlainString());
  }
}
