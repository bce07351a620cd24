package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.compile;
import static host.exosphere.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import host.exosphere.graph.GraphStep;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import host.exosphere.worker.NodeInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Typed record components, wire names and typed results: what compiles, what is refused, what runs. */
class TypedValuesTest {
  private static final NodeContext CONTEXT = new NodeContext("s1", "", "", "price", "PriceOrder", "shop");

  /** A node with a collaborator and typed, camelCase components. */
  static JavaFileObject priceOrder() {
    return source("PriceOrder",
        "import java.math.BigDecimal;",
        "import java.time.Instant;",
        "import java.util.function.UnaryOperator;",
        "@Node",
        "public final class PriceOrder {",
        "  public enum Priority { STANDARD, EXPRESS }",
        "  public record LineItem(String sku, BigDecimal unitPrice, int quantity) {}",
        "  public record Inputs(String orderId, BigDecimal amount, Priority priority, List<LineItem> items,",
        "      Instant placedAt) {}",
        "  public record Outputs(String orderId, @Wire(\"grand_total\") BigDecimal total, boolean express,",
        "      java.util.Map<String, Integer> quantities) {}",
        "  public record Secrets(String apiKey, int pin) {}",
        "  private final UnaryOperator<BigDecimal> tax;",
        "  public PriceOrder(UnaryOperator<BigDecimal> tax) { this.tax = tax; }",
        "  public Outputs execute(Inputs in, Secrets secrets) {",
        "    BigDecimal sum = in.amount();",
        "    java.util.Map<String, Integer> quantities = new java.util.TreeMap<>();",
        "    for (LineItem item : in.items()) {",
        "      sum = sum.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));",
        "      quantities.put(item.sku(), item.quantity());",
        "    }",
        "    return new Outputs(in.orderId(), tax.apply(sum), in.priority() == Priority.EXPRESS, quantities);",
        "  }",
        "}");
  }

  /** A Python-style node: all-String snake_case components, executed by another runtime. */
  static JavaFileObject notice() {
    return source("Notify",
        "@Node",
        "public interface Notify {",
        "  record Inputs(String order_id, String grand_total) {}",
        "  record Outputs(String message) {}",
        "}");
  }

  static JavaFileObject shop(String orderIdMapping) {
    return shop("placed_at", orderIdMapping, "grand_total");
  }

  static JavaFileObject shop(String placedAtInput, String orderIdMapping, String totalOutput) {
    return source("Shop",
        "@Graph(name = \"shop\", namespace = \"shop\", secrets = {\"api_key\", \"pin\"})",
        "public interface Shop {",
        "  @Step(next = \"notice\")",
        "  @Input(name = \"order_id\", value = \"initial\")",
        "  @Input(name = \"amount\", value = \"10.00\")",
        "  @Input(name = \"priority\", value = \"EXPRESS\")",
        "  @Input(name = \"items\", value = \"[]\")",
        "  @Input(name = \"" + placedAtInput + "\", value = \"2026-12-06T10:00:00Z\")",
        "  PriceOrder price();",
        "",
        "  @Step",
        "  @Input(name = \"order_id\", value = \"" + orderIdMapping + "\")",
        "  @Input(name = \"grand_total\", value = \"${{ price.outputs." + totalOutput + " }}\")",
        "  Notify notice();",
        "}");
  }

  private static CompiledClasses compiled() {
    Compilation c = compile(priceOrder(), notice(), shop("${{ price.outputs.order_id }}"));
    assertThat(c).succeededWithoutWarnings();
    return new CompiledClasses(c);
  }

  private static NodeAdapter priceAdapter(CompiledClasses classes) throws Exception {
    AbstractNodeAdapter adapter = (AbstractNodeAdapter) classes.instantiate("test.PriceOrderAdapter");
    UnaryOperator<BigDecimal> tax = amount -> amount.multiply(new BigDecimal("1.10"));
    Object node = classes.loadClass("test.PriceOrder").getConstructor(UnaryOperator.class).newInstance(tax);
    return adapter.bind(node);
  }

  private static Map<String, String> inputs(String amount) {
    return Map.of("order_id", "A-1", "amount", amount, "priority", "EXPRESS",
        "items", "[{\"sku\":\"pen\",\"unit_price\":2.50,\"quantity\":2},{\"sku\":\"ink\",\"unit_price\":1,\"quantity\":1}]",
        "placed_at", "2026-12-06T10:00:00Z");
  }

  @Test
  void typedNodeRegistersWireNamesAsStrings() throws Exception {
    NodeAdapter adapter = priceAdapter(compiled());
    assertEquals(List.of("order_id", "amount", "priority", "items", "placed_at"), adapter.inputFields());
    assertEquals(List.of("order_id", "grand_total", "express", "quantities"), adapter.outputFields());
    assertEquals(List.of("api_key", "pin"), adapter.secretFields());
  }

  @Test
  void typedValuesAreDecodedAndEncodedInTheDocumentedForms() throws Exception {
    NodeAdapter adapter = priceAdapter(compiled());
    List<Map<String, String>> out = adapter.execute(inputs("10.00"), Map.of("api_key", "k", "pin", "1234"), CONTEXT);
    // 10.00 + 2 × 2.50 + 1 × 1 = 16.00, times 1.10: BigDecimal in plain text, the map as JSON with String keys.
    assertEquals(List.of(Map.of("order_id", "A-1", "grand_total", "17.6000", "express", "true",
        "quantities", "{\"ink\":1,\"pen\":2}")), out);
  }

  @Test
  void valueThatDoesNotDecodeNamesFieldTypeAndValue() throws Exception {
    NodeAdapter adapter = priceAdapter(compiled());
    NodeInputException e = assertThrows(NodeInputException.class,
        () -> adapter.execute(inputs("12,50"), Map.of("api_key", "k", "pin", "1234"), CONTEXT));
    assertTrue(e.getMessage().startsWith("Node PriceOrder: input 'amount' should be a decimal number (BigDecimal) "
        + "but is \"12,50\""), e.getMessage());

    Map<String, String> badEnum = new java.util.HashMap<>(inputs("1"));
    badEnum.put("priority", "express");
    assertTrue(assertThrows(NodeInputException.class,
        () -> adapter.execute(badEnum, Map.of("api_key", "k", "pin", "1"), CONTEXT)).getMessage()
        .startsWith("Node PriceOrder: input 'priority' should be one of [STANDARD, EXPRESS] (Priority) but is "
            + "\"express\""));
  }

  @Test
  void secretThatDoesNotDecodeIsNotQuoted() throws Exception {
    NodeAdapter adapter = priceAdapter(compiled());
    NodeInputException e = assertThrows(NodeInputException.class,
        () -> adapter.execute(inputs("1"), Map.of("api_key", "k", "pin", "hunter2"), CONTEXT));
    assertEquals("Node PriceOrder: secret 'pin' should be a whole number (int) but its value does not parse "
        + "(not shown: it is a secret)", e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void reportedOutputsReadBackAsTheRecordThroughTheGeneratedStep() throws Exception {
    CompiledClasses classes = compiled();
    Class<?> steps = classes.loadClass("test.ShopGraph$Steps");
    GraphStep<?, ?> price = (GraphStep<?, ?>) steps.getField("PRICE").get(null);
    assertEquals("price", price.identifier());
    assertEquals("test.PriceOrder", price.nodeClass().getName());
    Object outputs = price.readOutputs(Map.of("order_id", "A-1", "grand_total", "17.60", "express", "true",
        "quantities", "{\"pen\":2}"));
    assertEquals("Outputs[orderId=A-1, total=17.60, express=true, quantities={pen=2}]", outputs.toString());
    assertTrue(steps.getField("NOTICE").get(null) instanceof GraphStep<?, ?>);
  }

  @Test
  void generatedJavaApiUsesJavaNames() throws Exception {
    CompiledClasses classes = compiled();
    Class<?> step = classes.loadClass("test.PriceOrderStep");
    step.getMethod("orderId", String.class);
    step.getMethod("placedAt", String.class);
    Object ref = step.getMethod("outputs").invoke(step.getMethod("step", String.class).invoke(null, "p"));
    assertEquals("${{ p.outputs.grand_total }}", ref.getClass().getMethod("total").invoke(ref).toString());
    Class<?> trigger = classes.loadClass("test.ShopGraph$TriggerBuilder");
    trigger.getMethod("inputOrderId", String.class);
    trigger.getMethod("inputPlacedAt", String.class);
    // The Python-style node's snake_case components get the same camelCase Java names.
    classes.loadClass("test.NotifyStep").getMethod("grandTotal", String.class);
  }

  /** The state manager sees a typed node as it sees a Python one: string fields under their wire names. */
  @Test
  void typedNodeRegistersLikeAnAllStringNode() throws Exception {
    Compilation c = compile(priceOrder(), notice(), shop("${{ price.outputs.order_id }}"));
    com.fasterxml.jackson.databind.JsonNode registration = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        c.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, "META-INF/exosphere/nodes/PriceOrder.json")
            .orElseThrow().getCharContent(true).toString());
    assertEquals(NodeSchemas.pydanticSchema("Inputs", List.of("order_id", "amount", "priority", "items", "placed_at")),
        registration.get("inputs_schema"));
    assertEquals(NodeSchemas.pydanticSchema("Outputs", List.of("order_id", "grand_total", "express", "quantities")),
        registration.get("outputs_schema"));
  }

  // ---------------------------------------------------------------- refused at compile time

  @Test
  void mappingThatNamesTheJavaNameSuggestsTheWireName() {
    JavaFileObject graph = shop("${{ price.outputs.orderId }}");
    Compilation c = compile(priceOrder(), notice(), graph);
    assertThat(c).hadErrorContaining("[exosphere:output-field-missing] input 'order_id' reads output 'orderId' of"
        + " 'price', but node 'PriceOrder' has no such output (it has [order_id, grand_total, express, quantities]);"
        + " did you mean 'order_id'?").inFile(graph).onLineContaining("price.outputs.orderId");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void wireNameOverriddenByWireIsNotReachableByItsJavaName() {
    JavaFileObject graph = shop("placedAt", "${{ price.outputs.order_id }}", "total");
    Compilation c = compile(priceOrder(), notice(), graph);
    assertThat(c).hadErrorContaining("reads output 'total' of 'price', but node 'PriceOrder' has no such output")
        .inFile(graph).onLineContaining("price.outputs.total");
    assertThat(c).hadWarningContaining("[exosphere:unknown-input] node PriceOrder has no input 'placedAt' (did you"
        + " mean \"placed_at\"?)").inFile(graph).onLineContaining("\"placedAt\"");
    assertThat(c).hadErrorContaining("[exosphere:missing-input] step price does not map input 'placed_at'")
        .inFile(graph).onLineContaining("@Step(next");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void twoComponentsWithOneWireNameAreRefused() {
    JavaFileObject node = source("Clash",
        "@Node",
        "public final class Clash {",
        "  public record Inputs(String orderId,",
        "                       String order_id) {}",
        "  public record Outputs(@Wire(\"total\") java.math.BigDecimal sum,",
        "                        String total) {}",
        "  public Outputs execute(Inputs inputs) { return null; }",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-field-wire-name] Inputs.orderId and Inputs.order_id both"
        + " travel as 'order_id' (a camelCase Java name travels in snake_case unless @Wire names it); rename one, or give it"
        + " @Wire(\"…\")").inFile(node).onLineContaining("String order_id");
    assertThat(c).hadErrorContaining("[exosphere:node-field-wire-name] Outputs.sum and Outputs.total both travel"
        + " as 'total'").inFile(node).onLineContaining("String total");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void unsupportedTypeInsideAStructureNamesTheInnerComponent() {
    JavaFileObject node = source("Nested",
        "@Node",
        "public final class Nested {",
        "  public record Item(String sku, java.util.Date added) {}",
        "  public record Inputs(List<Item> items,",
        "                       java.util.Map<Integer, String> byId) {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    Compilation c = compile(node);
    assertThat(c).hadErrorContaining("[exosphere:node-field-type] Inputs.items is java.util.List<test.Nested.Item>,"
        + " which has no wire encoding (Item.added is java.util.Date); declare it as String, a primitive type")
        .inFile(node).onLineContaining("List<Item> items");
    assertThat(c).hadErrorContaining("[exosphere:node-field-type] Inputs.byId is"
        + " java.util.Map<java.lang.Integer,java.lang.String>, which has no wire encoding")
        .inFile(node).onLineContaining("byId");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void emptyWireNameIsRefused() {
    JavaFileObject node = source("Blank",
        "@Node",
        "public final class Blank {",
        "  public record Inputs(@Wire(\"\") String orderId) {}",
        "  public record Outputs() {}",
        "  public void execute(Inputs inputs) {}",
        "}");
    assertThat(compile(node)).hadErrorContaining("[exosphere:node-field-name] Inputs.orderId has an empty @Wire name;"
        + " give the field name it travels under, or remove @Wire to send it as 'order_id'")
        .inFile(node).onLineContaining("orderId");
  }
}
