package host.exosphere.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import host.exosphere.client.StateManager;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.samples.orders.ConfirmOrder;
import host.exosphere.samples.orders.OrderPipelineGraph;
import host.exosphere.samples.orders.PriceOrder;
import host.exosphere.samples.orders.TaxRates;
import host.exosphere.testing.RunResult;
import host.exosphere.testing.RunStatus;
import host.exosphere.testing.Runs;
import host.exosphere.worker.ExosphereRuntime;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A typed Java node with an injected collaborator, a Python-style string node run by the stand-in for
 * another runtime, and typed results read back from the run.
 */
@ExtendWith(LocalStateManagerExtension.class)
class OrderPipelineTest {
  private static final String ITEMS =
      "[{\"sku\":\"pen\",\"unit_price\":2.50,\"quantity\":4},{\"sku\":\"ink\",\"unit_price\":\"12.00\",\"quantity\":2}]";

  // "try": the stand-in Python runtime is held only to be closed with the Java one, never read.
  @SuppressWarnings("try")
  private static RunResult run(LocalStateManager server, OrderPipelineGraph.TriggerBuilder trigger) {
    StateManager client = server.client(OrderPipelineGraph.NAMESPACE);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(client).name("orders-test")
            .nodes(OrderPipelineGraph.NODES)                 // ConfirmOrder: created by the runtime
            .node(new PriceOrder(TaxRates.sample()))         // PriceOrder: given, with its collaborator
            .build();
        ExternalRuntime python = startAfter(runtime, client)) {
      OrderPipelineGraph.upsert(client);
      String runId = trigger.trigger(client);
      return Runs.await(client, OrderPipelineGraph.NAME, runId, Duration.ofSeconds(30));
    }
  }

  private static ExternalRuntime startAfter(ExosphereRuntime runtime, StateManager client) {
    runtime.start();
    return ExternalRuntime.start(client);
  }

  @Test
  void typedValuesCrossTheOtherRuntimeAndComeBackTyped(LocalStateManager server) {
    RunResult run = run(server, OrderPipelineGraph.newTrigger().inputOrderId("A-1").inputDiscount("5.00")
        .inputShipping("EXPRESS").inputItems(ITEMS));

    assertEquals(RunStatus.SUCCESS, run.runStatus(), run.toString());
    // 4 × 2.50 + 2 × 12.00 − 5.00 = 29.00; + 20 % VAT = 34.80; + 9.90 express = 44.70.
    assertEquals(List.of(new ConfirmOrder.Outputs("A-1", new BigDecimal("44.70"),
            "EXPRESS parcel for A-1: 6 items (pen x4, ink x2), goods 34.00, paid 44.70")),
        run.outputs(OrderPipelineGraph.Steps.CONFIRM));
    List<PriceOrder.Outputs> priced = run.outputs(OrderPipelineGraph.Steps.PRICE);
    assertEquals(List.of(new PriceOrder.LineItem("pen", new BigDecimal("2.50"), 4),
        new PriceOrder.LineItem("ink", new BigDecimal("12.00"), 2)), priced.get(0).items());
    assertEquals(PriceOrder.Shipping.EXPRESS, priced.get(0).shipping());
    // On the wire: plain text and JSON with wire names, which is what the Python-style node read.
    assertEquals(List.of("44.70"), run.outputs("price", "total"));
    assertEquals(List.of("[{\"sku\":\"pen\",\"unit_price\":2.50,\"quantity\":4},"
        + "{\"sku\":\"ink\",\"unit_price\":12.00,\"quantity\":2}]"), run.outputs("price", "items"));
  }

  @Test
  void valueThatDoesNotDecodeErrorsTheStateNamingFieldTypeAndValue(LocalStateManager server) {
    RunResult run = run(server, OrderPipelineGraph.newTrigger().inputOrderId("B-2").inputDiscount("five")
        .inputShipping("EXPRESS").inputItems(ITEMS));

    assertEquals(RunStatus.FAILED, run.runStatus(), run.toString());
    // Retried like any failure: the first attempt and each retry of the graph's (default) policy.
    int attempts = 1 + (int) OrderPipelineGraph.template().effectiveRetryPolicy().maxRetries();
    assertEquals(Collections.nCopies(attempts, "Node PriceOrder: input 'discount' should be a decimal number "
        + "(BigDecimal) but is \"five\""), run.errors(OrderPipelineGraph.Steps.PRICE));
    assertEquals(List.of("price"), List.copyOf(run.errors().keySet()));
    assertEquals(List.of(), run.outputs(OrderPipelineGraph.Steps.CONFIRM));
  }
}
