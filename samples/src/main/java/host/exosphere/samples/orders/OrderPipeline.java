package host.exosphere.samples.orders;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;

/**
 * Typed values across runtimes: a Java node with typed inputs, a Python-style string node reading what it
 * sent, and a Java node reading both. Mappings use wire names ({@code price.outputs.order_id}); the
 * generated Java API uses Java names ({@code newTrigger().inputOrderId(…)}, {@code Steps.CONFIRM}).
 */
@Graph(name = "order-pipeline", namespace = "exosphere-samples")
public interface OrderPipeline {

  @Step(next = "label")
  @Input(name = "order_id", value = "initial")
  @Input(name = "discount", value = "0")
  @Input(name = "shipping", value = "STANDARD")
  @Input(name = "items", value = "[]")
  PriceOrder price();

  @Step(next = "confirm")
  @Input(name = "order_id", value = "${{ price.outputs.order_id }}")
  @Input(name = "total", value = "${{ price.outputs.total }}")
  @Input(name = "shipping", value = "${{ price.outputs.shipping }}")
  @Input(name = "items", value = "${{ price.outputs.items }}")
  ShippingLabel label();

  @Step
  @Input(name = "order_id", value = "${{ price.outputs.order_id }}")
  @Input(name = "total", value = "${{ price.outputs.total }}")
  @Input(name = "label", value = "${{ label.outputs.label }}")
  ConfirmOrder confirm();
}
