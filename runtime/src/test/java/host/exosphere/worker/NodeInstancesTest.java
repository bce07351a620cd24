package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import host.exosphere.worker.nodes.GreeterNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node instances: given, made by a factory, or created by the runtime, and who disposes of each. */
class NodeInstancesTest {
  private final FakeStateManager server = new FakeStateManager("ns");

  private ExosphereRuntime.Builder builder() {
    return ExosphereRuntime.builder(server).name("test").workers(4)
        .idleBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private void runGreetings(ExosphereRuntime runtime, int count) {
    for (int i = 0; i < count; i++) {
      server.add("s" + i, "Greeter", Map.of("name", "n" + i));
    }
    runtime.start();
    for (int i = 0; i < count; i++) {
      String id = "s" + i;
      Await.until(id + " executed", () -> "EXECUTED".equals(server.status(id)), () -> server.status(id));
    }
  }

  @Test
  void givenInstanceRunsEveryStateAndStaysOpen() {
    GreeterNode greeter = new GreeterNode("Hello");
    try (ExosphereRuntime runtime = builder().node(greeter).build()) {
      runGreetings(runtime, 6);
      assertEquals(List.of(Map.of("greeting", "Hello, n3")), server.state("s3").outputs);
    }
    assertEquals(6, greeter.calls.get());
    assertEquals(0, greeter.closed.get(), "the caller owns an instance it hands in");
  }

  @Test
  void givenInstanceReplacesItsClassInTheListOfNodes() {
    GreeterNode greeter = new GreeterNode("Hello");
    // As with a graph's NODES: the class cannot be created, so only the instance can be what runs.
    try (ExosphereRuntime runtime = builder().nodes(GreeterNode.class, GreeterNode.class).node(greeter).build()) {
      assertEquals(List.of("Greeter"), runtime.nodeNames());
      runGreetings(runtime, 2);
    }
    assertEquals(2, greeter.calls.get());
  }

  @Test
  void proxySubclassRunsThroughTheAdapterOfTheClassItExtends() {
    GreeterNode proxy = new GreeterNode("Hi") {}; // as a container's CGLIB subclass would be
    try (ExosphereRuntime runtime = builder().node(proxy).build()) {
      runGreetings(runtime, 1);
      assertEquals(List.of(Map.of("greeting", "Hi, n0")), server.state("s0").outputs);
    }
  }

  @Test
  void factoryIsAskedOncePerClassAndReleasesAtClose() {
    List<Class<?>> asked = new ArrayList<>();
    List<Object> released = new ArrayList<>();
    GreeterNode made = new GreeterNode("Hey");
    NodeFactory factory = new NodeFactory() {
      @Override
      public <T> T create(Class<T> nodeClass) {
        asked.add(nodeClass);
        return nodeClass.cast(made);
      }

      @Override
      public void release(Object node) {
        released.add(node);
      }
    };
    ExosphereRuntime runtime = builder().nodeFactory(factory).nodes(GreeterNode.class).build();
    runGreetings(runtime, 5);
    assertEquals(List.of(GreeterNode.class), asked);
    assertEquals(List.of(), released);
    runtime.close();
    assertEquals(List.of(made), released);
    assertEquals(0, made.closed.get(), "a factory's instance is released through the factory, not closed");
    assertEquals(5, made.calls.get());
  }

  @Test
  void instancesTheRuntimeCreatedAreClosedWithIt() {
    ExosphereRuntime runtime = builder().nodes(GreeterNode.Plain.class).build();
    GreeterNode.Plain plain = GreeterNode.Plain.last;
    runtime.close(); // never started: still its to close
    assertEquals(1, plain.closed.get());
    runtime.close();
    assertEquals(1, plain.closed.get(), "closed once");
  }

  @Test
  void classWithoutNoArgumentConstructorNeedsAnInstanceOrFactory() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().nodes(GreeterNode.class).build());
    assertEquals("Node Greeter (host.exosphere.worker.nodes.GreeterNode) has no public no-argument constructor, so "
        + "the runtime cannot create it: give it an instance with ExosphereRuntime.builder(…).node(new "
        + "GreeterNode(…)) or a nodeFactory(…)", e.getMessage());
  }

  @Test
  void failingFactoryFailsTheBuildAndClosesWhatTheRuntimeMadeSoFar() {
    NodeFactory broken = new NodeFactory() {
      @Override
      public <T> T create(Class<T> nodeClass) throws IOException {
        throw new IOException("no bean of type " + nodeClass.getSimpleName());
      }
    };
    ExosphereRuntime.Builder builder = builder().node(new TestNodeHolder().adapter).nodeFactory(broken)
        .nodes(GreeterNode.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals("The node factory could not create host.exosphere.worker.nodes.GreeterNode: "
        + "IOException: no bean of type GreeterNode", e.getMessage());
    assertEquals(1, GreeterNode.Plain.last.closed.get());
  }

  @Test
  void factoryReturningSomethingElseIsRefused() {
    NodeFactory wrong = new NodeFactory() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T create(Class<T> nodeClass) {
        return (T) "not a node";
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().nodeFactory(wrong).nodes(GreeterNode.class).build());
    assertEquals("The node factory returned an instance of java.lang.String for host.exosphere.worker.nodes.GreeterNode;"
        + " it must return an instance of it", e.getMessage());
  }

  /** A generated adapter handed in directly: the runtime creates (and so closes) its instance. */
  private static final class TestNodeHolder {
    final NodeAdapter adapter = new host.exosphere.worker.nodes.GreeterNode_PlainAdapter();
  }

  @Test
  void instanceOfClassWithoutAdapterIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().node(new StringBuilder()).build());
    assertSame(IllegalArgumentException.class, e.getClass());
    assertEquals("Node class java.lang.StringBuilder has no generated adapter java.lang.StringBuilderAdapter: annotate "
        + "it with @Node (host.exosphere.annotations.Node) and make sure the Exosphere annotation processor "
        + "(host.exosphere:exosphere-processor) runs when it is compiled", e.getMessage());
  }
}
