package host.exosphere.samples.spring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.springframework.stereotype.Service;

/** An ordinary Spring service both nodes are given: prices per SKU and the tax rate. */
@Service
public class PriceBook {
  private static final Map<String, BigDecimal> PRICES = Map.of(
      "widget", new BigDecimal("2.50"),
      "gadget", new BigDecimal("12.00"));
  private static final BigDecimal TAX_RATE = new BigDecimal("0.20");

  /** The price of one unit. */
  public BigDecimal unitPrice(String sku) {
    BigDecimal price = PRICES.get(sku);
    if (price == null) {
      throw new IllegalArgumentException("No price for SKU '" + sku + "'; known: " + PRICES.keySet());
    }
    return price;
  }

  /** The amount with tax added, to the cent. */
  public BigDecimal withTax(BigDecimal net) {
    return net.add(net.multiply(TAX_RATE)).setScale(2, RoundingMode.HALF_UP);
  }
}
