package host.exosphere.samples;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import host.exosphere.client.EnqueuedState;
import host.exosphere.client.StateManager;
import host.exosphere.samples.external.SummarizerAdapter;
import host.exosphere.samples.orders.ShippingLabelAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for another runtime (a Python one, in real life) that executes the nodes declared as
 * {@code @Node} interfaces, {@code Summarizer} and {@code ShippingLabel}: it registers them under its own
 * runtime name and answers their states with plain client calls, the way any runtime talks to the state
 * manager. It reads the string fields as a Python node would ({@code Decimal(…)}, {@code json.loads(…)}),
 * which shows that what typed Java nodes send is readable there.
 */
final class ExternalRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalRuntime.class);
  static final String RUNTIME_NAME = "python-stand-in";
  /** Like {@code json.loads(text, parse_float=Decimal)}. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES) // Decimal("2.50") stays 2.50
      .build();

  private final StateManager client;
  private final Map<String, Function<Map<String, String>, Map<String, String>>> nodes = new LinkedHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread poller;

  private ExternalRuntime(StateManager client) {
    this.client = client;
    nodes.put(SummarizerAdapter.NAME, ExternalRuntime::summarize);
    nodes.put(ShippingLabelAdapter.NAME, ExternalRuntime::label);
    this.poller = new Thread(this::pollLoop, "external-runtime");
    this.poller.setDaemon(true);
  }

  /** Registers the interface nodes (schemas from their generated adapters) and starts answering their states. */
  static ExternalRuntime start(StateManager client) {
    client.registerNodes(RUNTIME_NAME, List.of(SummarizerAdapter.registration(), ShippingLabelAdapter.registration()));
    ExternalRuntime runtime = new ExternalRuntime(client);
    runtime.poller.start();
    return runtime;
  }

  /** The names of the nodes it executes. */
  List<String> nodeNames() {
    return List.copyOf(nodes.keySet());
  }

  /** {@code words = text.split(); f"{len(words)} words, starting with \"{words[0]}\""}. */
  private static Map<String, String> summarize(Map<String, String> inputs) {
    String text = inputs.getOrDefault("text", "");
    String[] words = text.isBlank() ? new String[0] : text.trim().split("\\s+");
    return Map.of("summary", words.length + " words, starting with \"" + (words.length == 0 ? "" : words[0]) + "\"");
  }

  /**
   * What the Python node would do with the typed values {@code PriceOrder} sent: {@code Decimal(total)},
   * {@code json.loads(items)} with each item's {@code sku}, {@code unit_price} and {@code quantity}.
   */
  private static Map<String, String> label(Map<String, String> inputs) {
    BigDecimal paid = new BigDecimal(inputs.get("total"));
    JsonNode items;
    try {
      items = JSON.readTree(inputs.get("items"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int count = 0;
    BigDecimal goods = BigDecimal.ZERO;
    List<String> lines = new ArrayList<>();
    for (JsonNode item : items) {
      int quantity = item.get("quantity").intValue();
      count += quantity;
      goods = goods.add(item.get("unit_price").decimalValue().multiply(BigDecimal.valueOf(quantity)));
      lines.add(item.get("sku").textValue() + " x" + quantity);
    }
    return Map.of("label", inputs.get("shipping") + " parcel for " + inputs.get("order_id") + ": " + count
        + " items (" + String.join(", ", lines) + "), goods " + goods.toPlainString() + ", paid " + paid.toPlainString());
  }

  private void pollLoop() {
    while (running.get()) {
      try {
        List<EnqueuedState> states = client.enqueue(List.copyOf(nodes.keySet()), 8);
        for (EnqueuedState state : states) {
          answer(state);
        }
        if (states.isEmpty()) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running.get()) {
          return; // closing: the interrupted call is expected
        }
        LOG.warn("External runtime stand-in: {}", e.getMessage());
        try {
          TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void answer(EnqueuedState state) {
    Map<String, String> outputs;
    try {
      outputs = nodes.get(state.nodeName()).apply(state.inputs());
    } catch (RuntimeException e) { // as the Python runtime does: the state errors with the message
      client.errored(state.stateId(), e.toString());
      return;
    }
    client.executed(state.stateId(), List.of(outputs));
  }

  @Override
  public void close() {
    running.set(false);
    poller.interrupt();
    try {
      poller.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
