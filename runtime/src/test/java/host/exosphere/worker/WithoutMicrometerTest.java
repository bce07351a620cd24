package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: a runtime whose class path lacks it runs a graph exactly as before and never
 * even tries to load one of its classes.
 */
class WithoutMicrometerTest {

  /** Loads the test class path itself (not from its parent), refusing Micrometer and noting each try. */
  private static final class NoMicrometer extends URLClassLoader {
    final List<String> refused = new CopyOnWriteArrayList<>();

    NoMicrometer(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.micrometer.")) {
        refused.add(name);
        throw new ClassNotFoundException(name + " (hidden by the test)");
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void aRuntimeRunsAGraphWithNoMicrometerOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("micrometer")) {
        urls.add(url(entry));
      }
    }
    try (NoMicrometer loader = new NoMicrometer(urls.toArray(URL[]::new))) {
      Class<?> smoke = Class.forName(SmokeRun.class.getName(), true, loader);
      Object status = smoke.getMethod("run").invoke(null);

      assertEquals("SUCCESS", status);
      assertEquals(List.of(), loader.refused);
    }
  }

  private static URL url(String entry) {
    try {
      return new File(entry).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(entry, e);
    }
  }

  /** Runs a two-step graph on the embedded state manager; called reflectively inside the loader above. */
  public static final class SmokeRun {
    private SmokeRun() {}

    public static String run() {
      try (host.exosphere.local.LocalStateManager server = host.exosphere.local.LocalStateManager.start()) {
        host.exosphere.client.StateManager client = server.client("plain");
        TestNode first = EndToEnd.node("First", List.of(), List.of("v"), (in, s, c) -> EndToEnd.one("v", "1"));
        TestNode second = EndToEnd.node("Second", List.of("v"), List.of(), (in, s, c) -> null);
        try (ExosphereRuntime runtime = EndToEnd.runtime(client, first, second).build()) {
          runtime.start();
          client.upsertGraph(EndToEnd.graph("plain", "plain", "{\"secrets\":{},\"nodes\":["
              + EndToEnd.node("a", "First", "{}", "[\"b\"]") + ","
              + EndToEnd.node("b", "Second", "{\"v\":\"${{ a.outputs.v }}\"}", "[]") + "]}"));
          String runId = client.trigger("plain", host.exosphere.client.TriggerRequest.EMPTY);
          return host.exosphere.testing.Runs.await(server, "plain", "plain", runId, java.time.Duration.ofSeconds(30))
              .status();
        }
      }
    }
  }
}
