package host.exosphere.samples;

import host.exosphere.client.EnqueuedState;
import host.exosphere.client.StateManager;
import host.exosphere.samples.external.SummarizerAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the other runtime (a Python one, in real life) that executes the {@code Summarizer} node
 * declared as a {@code @Node} interface: it registers the node under its own runtime name and answers its
 * states with plain client calls, the way any runtime talks to the state manager.
 */
final class ExternalSummarizer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalSummarizer.class);
  static final String RUNTIME_NAME = "summarizer-stand-in";

  private final StateManager client;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread poller;

  private ExternalSummarizer(StateManager client) {
    this.client = client;
    this.poller = new Thread(this::pollLoop, "external-summarizer");
    this.poller.setDaemon(true);
  }

  /** Registers {@code Summarizer} (schemas from the generated adapter) and starts answering its states. */
  static ExternalSummarizer start(StateManager client) {
    client.registerNodes(RUNTIME_NAME, List.of(SummarizerAdapter.registration()));
    ExternalSummarizer summarizer = new ExternalSummarizer(client);
    summarizer.poller.start();
    return summarizer;
  }

  private void pollLoop() {
    while (running.get()) {
      try {
        List<EnqueuedState> states = client.enqueue(List.of(SummarizerAdapter.NAME), 8);
        for (EnqueuedState state : states) {
          String text = state.inputs().getOrDefault("text", "");
          String[] words = text.isBlank() ? new String[0] : text.trim().split("\\s+");
          String summary = words.length + " words, starting with \"" + (words.length == 0 ? "" : words[0]) + "\"";
          client.executed(state.stateId(), List.of(Map.of("summary", summary)));
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
        LOG.warn("Summarizer stand-in: {}", e.getMessage());
        try {
          TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
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
