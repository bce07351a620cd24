package host.exosphere.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import host.exosphere.worker.AbandonedState;
import host.exosphere.worker.ExosphereRuntime;
import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.RuntimeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code exosphere worker --classpath PATH}: runs the {@code @Node} classes of a jar, classes directory or
 * class path against a state manager until Ctrl+C or SIGTERM, then shuts the runtime down cleanly
 * ({@link ExosphereRuntime#close()}: finish and report what was claimed, hand the rest back).
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
        "Run the @Node classes of a jar, a classes directory or a class path against a state manager.",
        "Nodes are found through the adapters the annotation processor generated beside them; @Node interfaces"
            + " (run by another runtime) and nodes of other namespaces are skipped.",
        "Progress goes to stderr. Ctrl+C or SIGTERM stops claiming, finishes and reports what was claimed, and"
            + " hands back what had not started."},
    footer = {"", CliCommand.EXIT_CODES,
        "worker: 0 after a clean shutdown; 1 states had to be abandoned at shutdown; 2 nothing to run, or the"
            + " nodes could not be registered."})
final class WorkerCommand extends ServerCommand {

  @Option(names = {"--classpath", "-cp"}, required = true, paramLabel = "PATH",
      description = "A jar, a classes directory, or several joined with the platform's path separator.")
  String classPath;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: $EXOSPHERE_NAMESPACE).")
  String namespace;

  @Option(names = "--name", defaultValue = "exosphere-worker",
      description = "Runtime name sent with the registration (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--node", paramLabel = "NAME", description = "Run only this node; repeatable (default: all).")
  List<String> only = new ArrayList<>();

  @Option(names = "--workers", defaultValue = "8", description = "Nodes run at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--batch-size", defaultValue = "16",
      description = "Most states claimed per poll (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Time allowed at shutdown to finish claimed states (default: ${DEFAULT-VALUE}).")
  long shutdownSeconds;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "How often to print progress on stderr when something changed (default: ${DEFAULT-VALUE};"
          + " 0: never).")
  long progressSeconds;

  @Option(names = "--json", description = "At the end, print {runtime, namespace, nodes, metrics, abandoned} as JSON"
      + " on stdout (failures too, as {error}).")
  boolean json;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile ExosphereRuntime running;
  private boolean interrupted;

  /** Asks a running worker to shut down, as Ctrl+C does; returns at once. */
  void stop() {
    stop.countDown();
  }

  /** The runtime once it has registered its nodes and started, else {@code null}. */
  ExosphereRuntime runtime() {
    return running;
  }

  @Override
  int run() {
    if (workers < 1 || batchSize < 1) {
      throw new UsageException("--workers and --batch-size must be at least 1");
    }
    if (shutdownSeconds < 0 || progressSeconds < 0) {
      throw new UsageException("--shutdown-timeout and --progress-interval must not be negative");
    }
    String ns = ServerOptions.namespace(namespace, environment);
    try (NodeClassPath classes = NodeClassPath.open(classPath);
        StateManager client = server.connect(ns, environment)) {
      List<NodeAdapter> nodes = pick(classes.adapters(), ns);
      ExosphereRuntime.Builder builder = ExosphereRuntime.builder(client).name(name).workers(workers)
          .batchSize(batchSize).shutdownTimeout(Duration.ofSeconds(shutdownSeconds));
      nodes.forEach(builder::node);
      ExosphereRuntime runtime;
      try {
        runtime = builder.build();
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      return serve(runtime, client, nodes.size(), ns);
    } finally {
      stopped.countDown();
    }
  }

  private int serve(ExosphereRuntime runtime, StateManager client, int count, String ns) {
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        // The JVM exits when the hooks return: wait until the runtime has handed back what it claimed.
        stopped.await(shutdownSeconds + 5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "exosphere-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      try {
        runtime.start();
      } catch (IllegalStateException e) {
        throw new UsageException("could not register the nodes: " + e.getMessage());
      }
      running = runtime;
      err().println("Worker '" + name + "' running " + count + (count == 1 ? " node" : " nodes") + " in namespace "
          + ns + " against " + client.uri() + ": " + String.join(", ", runtime.nodeNames()) + " (" + workers
          + " workers, batch size " + batchSize + "). Ctrl+C stops it.");
      String last = progress(runtime.metrics());
      while (!awaitStop()) {
        String now = progress(runtime.metrics());
        if (!now.equals(last)) {
          err().println(now);
          last = now;
        }
      }
      err().println("Worker '" + name + "' stopping: finishing claimed states (at most " + shutdownSeconds + " s)");
      runtime.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      List<AbandonedState> abandoned = runtime.abandonedStates();
      RuntimeMetrics metrics = runtime.metrics();
      err().println(progress(metrics) + "; stopped" + (abandoned.isEmpty() ? " cleanly"
          : " with " + abandoned.size() + " state(s) abandoned: " + abandoned));
      if (json) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode().put("runtime", name).put("namespace", ns);
        runtime.nodeNames().forEach(summary.putArray("nodes")::add);
        summary.set("metrics", GraphJson.mapper().valueToTree(metrics));
        ArrayNode list = summary.putArray("abandoned");
        abandoned.forEach(a -> list.addObject().put("state_id", a.stateId()).put("node_name", a.nodeName())
            .put("reason", a.reason()).put("handed_back", a.handedBack()));
        printJson(summary);
      }
      return abandoned.isEmpty() ? OK : REFUSED;
    } finally {
      runtime.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is what stopped us; it is already running.
      }
    }
  }

  /**
   * Waits for a stop request up to one progress interval; true once stopping. An interrupt is a stop
   * request too; the flag is restored only after the runtime has closed, since a closing runtime that
   * sees it gives up on its claimed states at once.
   */
  private boolean awaitStop() {
    try {
      return progressSeconds == 0 ? awaitForever() : stop.await(progressSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
      return true;
    }
  }

  private boolean awaitForever() throws InterruptedException {
    stop.await();
    return true;
  }

  private List<NodeAdapter> pick(List<NodeAdapter> found, String ns) {
    List<NodeAdapter> nodes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (NodeAdapter adapter : found) {
      if (!only.isEmpty() && !only.contains(adapter.name())) {
        continue;
      }
      if (!adapter.executable()) {
        skipped.add(adapter.name() + " (a @Node interface: another runtime runs it)");
      } else if (!adapter.namespace().isEmpty() && !adapter.namespace().equals(ns)) {
        skipped.add(adapter.name() + " (namespace " + adapter.namespace() + ")");
      } else if (!createdWithoutArguments(adapter.nodeClass())) {
        // Its collaborators come through the constructor, which only the application's own code can call.
        skipped.add(adapter.name() + " (its constructor takes collaborators: run it in your application with"
            + " ExosphereRuntime.builder(…).node(new " + adapter.nodeClass().getSimpleName() + "(…)))");
      } else {
        nodes.add(adapter);
      }
    }
    for (String name : only) {
      if (found.stream().noneMatch(a -> a.name().equals(name))) {
        throw new UsageException("--node " + name + ": no such @Node class in " + classPath);
      }
    }
    if (!skipped.isEmpty()) {
      err().println("Skipped: " + String.join(", ", skipped));
    }
    if (nodes.isEmpty()) {
      throw new UsageException("no @Node classes to run in " + classPath + " for namespace " + ns
          + ": compile them with the Exosphere annotation processor, which generates the <Node>Adapter classes"
          + " this command looks for");
    }
    return nodes;
  }

  /**
   * The processor's own rule for generating {@code new Node()} into the adapter: a public no-argument
   * constructor ({@link Class#getConstructor} finds public ones only).
   */
  private static boolean createdWithoutArguments(Class<?> nodeClass) {
    try {
      nodeClass.getConstructor();
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private String progress(RuntimeMetrics m) {
    return "Worker '" + name + "': " + m.claimed() + " claimed, " + m.executed() + " executed, " + m.failed()
        + " failed, " + m.pruned() + " pruned, " + m.requeued() + " re-enqueued, " + m.inFlight() + " in flight"
        + (m.pollFailures() == 0 ? "" : ", " + m.pollFailures() + " failed polls");
  }
}
