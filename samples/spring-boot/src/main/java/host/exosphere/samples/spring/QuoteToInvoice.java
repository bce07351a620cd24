package host.exosphere.samples.spring;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Retry;
import host.exosphere.annotations.RetryStrategy;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Store;

/** Prices an order line, then invoices it; the starter upserts it on start. A failed step is retried once. */
@Graph(name = "quote-to-invoice", namespace = "spring-samples")
@Retry(maxRetries = 1, strategy = RetryStrategy.FIXED, backoffFactor = 50)
@Store(requiredKeys = {"sku", "quantity", "customer"})
public interface QuoteToInvoice {
  @Step(next = "invoice")
  @Input(name = "sku", value = "${{ store.sku }}")
  @Input(name = "quantity", value = "${{ store.quantity }}")
  QuoteNode quote();

  @Step
  @Input(name = "customer", value = "${{ store.customer }}")
  @Input(name = "net", value = "${{ quote.outputs.net }}")
  InvoiceNode invoice();
}
