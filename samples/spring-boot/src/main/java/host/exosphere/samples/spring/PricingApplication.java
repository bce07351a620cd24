package host.exosphere.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot worker: the starter runs its {@code @Node} beans ({@link QuoteNode}, {@link InvoiceNode}),
 * uploads {@link QuoteToInvoice} on start and reports health and metrics through the actuator. Point it at
 * a state manager with {@code EXOSPHERE_URI} and {@code EXOSPHERE_API_KEY}.
 */
@SpringBootApplication
public class PricingApplication {
  public static void main(String[] args) {
    SpringApplication.run(PricingApplication.class, args);
  }
}
