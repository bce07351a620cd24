package host.exosphere.samples.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * A collaborator the pricing node is given through its constructor (in a real service, a client of a
 * tax service or a Spring bean). Immutable, so one instance serves concurrent states safely.
 */
public final class TaxRates {
  private final Map<PriceOrder.Shipping, BigDecimal> shippingFees;
  private final BigDecimal vat;

  public TaxRates(BigDecimal vat, Map<PriceOrder.Shipping, BigDecimal> shippingFees) {
    this.vat = Objects.requireNonNull(vat, "vat");
    this.shippingFees = Map.copyOf(shippingFees);
  }

  /** The sample's rates: 20 % VAT, 4.90 standard shipping, 9.90 express. */
  public static TaxRates sample() {
    return new TaxRates(new BigDecimal("0.20"), Map.of(PriceOrder.Shipping.STANDARD, new BigDecimal("4.90"),
        PriceOrder.Shipping.EXPRESS, new BigDecimal("9.90")));
  }

  /** {@code net} plus VAT plus the shipping fee, to the cent. */
  BigDecimal gross(BigDecimal net, PriceOrder.Shipping shipping) {
    BigDecimal withVat = net.add(net.multiply(vat));
    return withVat.add(shippingFees.getOrDefault(shipping, BigDecimal.ZERO)).setScale(2, RoundingMode.HALF_UP);
  }
}
