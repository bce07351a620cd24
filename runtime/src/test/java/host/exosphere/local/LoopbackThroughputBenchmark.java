package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints how fast the embedded server starts and how many trivial states per second go through its HTTP
 * API over loopback (claim with {@code enqueue}, report {@code executed}), next to the worker target of
 * the README's "Benchmarks" target (5,000 states/s). Not a test: it asserts nothing and is not run by {@code mvn verify}.
 *
 * <pre>
 * mvn -pl runtime -am test-compile
 * java -cp "runtime/target/test-classes:runtime/target/classes:..." \
 *     host.exosphere.local.LoopbackThroughputBenchmark [clients=8] [batch=16] [states=20000]
 * </pre>
 *
 * <p>The clients run in the same JVM as the server, so on a small machine they share its cores: the
 * number is a lower bound for a worker in another process.
 */
public final class LoopbackThroughputBenchmark {
  private static final double TARGET_STATES_PER_SECOND = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoopbackThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int states = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;

    long startNanos = System.nanoTime();
    try (LocalStateManager server = LocalStateManager.builder().scheduleCron(false).start()) {
      System.out.printf("start-up: %d ms (cold JVM, first server)%n", (System.nanoTime() - startNanos) / 1_000_000);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = server.uri() + "/v0/namespace/bench";
      Caller call = (method, path, body) -> {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
            .header("x-api-key", server.apiKey())
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
          throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
      };
      call.call("PUT", "/nodes/", "{\"runtime_name\":\"bench\",\"nodes\":[{\"name\":\"Trivial\",\"inputs_schema\":"
          + "{\"properties\":{\"x\":{\"title\":\"X\",\"type\":\"string\"}},\"required\":[\"x\"],\"title\":\"Inputs\","
          + "\"type\":\"object\"},\"outputs_schema\":{\"properties\":{},\"title\":\"Outputs\",\"type\":\"object\"},"
          + "\"secrets\":[]}]}");
      call.call("PUT", "/graph/g", "{\"secrets\":{},\"nodes\":[{\"node_name\":\"Trivial\",\"namespace\":\"bench\","
          + "\"identifier\":\"t\",\"inputs\":{\"x\":\"1\"}}]}");
      server.awaitIdle(Duration.ofSeconds(30));
      for (int i = 0; i < states; i++) {
        call.call("POST", "/graph/g/trigger", "{}");
      }

      AtomicInteger done = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long t0 = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(pool.submit(() -> {
          while (done.get() < states) {
            JsonNode claimed = call.call("POST", "/states/enqueue", "{\"nodes\":[\"Trivial\"],\"batch_size\":" + batch + "}");
            for (JsonNode state : claimed.get("states")) {
              call.call("POST", "/state/" + state.get("state_id").textValue() + "/executed", "{\"outputs\":[{}]}");
              done.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      double rate = done.get() / seconds;
      System.out.printf("loopback: %d states in %.2f s with %d clients, batch %d: %.0f states/s = %.2f x the %.0f target%n",
          done.get(), seconds, clients, batch, rate, rate / TARGET_STATES_PER_SECOND, TARGET_STATES_PER_SECOND);
    }
  }

  @FunctionalInterface
  private interface Caller {
    JsonNode call(String method, String path, String body) throws Exception;
  }
}
