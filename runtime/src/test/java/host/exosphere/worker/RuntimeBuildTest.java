package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import host.exosphere.client.NodeRegistration;
import host.exosphere.worker.nodes.EchoNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeBuildTest {
  private final FakeStateManager server = new FakeStateManager("ns");

  @Test
  void adapterNameFollowsTheProcessorConvention() {
    assertEquals("host.exosphere.worker.nodes.EchoNodeAdapter", NodeAdapters.adapterName(EchoNode.class));
    assertEquals("host.exosphere.worker.nodes.EchoNode_InnerAdapter", NodeAdapters.adapterName(EchoNode.Inner.class));
  }

  @Test
  void findsGeneratedAdaptersOfTopLevelAndNestedClasses() {
    NodeAdapter top = NodeAdapters.forClass(EchoNode.class);
    NodeAdapter nested = NodeAdapters.forClass(EchoNode.Inner.class);
    assertEquals("host.exosphere.worker.nodes.EchoNodeAdapter", top.getClass().getName());
    assertEquals(EchoNode.Inner.class, nested.nodeClass());
  }

  @Test
  void nodeClassWithoutAdapterFailsBeforeRegistering() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).name("r").nodes(EchoNode.class, EchoNode.Unprocessed.class).build());
    assertEquals("Node class host.exosphere.worker.nodes.EchoNode$Unprocessed has no generated adapter "
        + "host.exosphere.worker.nodes.EchoNode_UnprocessedAdapter: annotate it with @Node "
        + "(host.exosphere.annotations.Node) and make sure the Exosphere annotation processor "
        + "(host.exosphere:exosphere-processor) runs when it is compiled", e.getMessage());
    assertEquals(0, server.calls("register"));
  }

  @Test
  void twoNodesWithTheSameNameAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).name("r").nodes(List.of(EchoNode.class, EchoNode.Inner.class)).build());
    assertEquals("Nodes host.exosphere.worker.nodes.EchoNode and host.exosphere.worker.nodes.EchoNode$Inner share "
        + "the name 'EchoNode': node names must be unique in a runtime (and a namespace); give one of them "
        + "@Node(name = \"…\")", e.getMessage());
  }

  @Test
  void nodeInterfacesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).name("r").nodes(EchoNode.Remote.class).build());
    assertEquals("Node RemoteNode (host.exosphere.worker.nodes.EchoNode$Remote) is a @Node interface: another "
        + "runtime executes it, so it cannot be given to a Java runtime", e.getMessage());
  }

  @Test
  void nodeOfAnotherNamespaceIsRefused() {
    TestNode foreign = new TestNode("N", "other", List.of(), List.of(), List.of(), true, (i, s, c) -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).name("r").node(foreign).build());
    assertTrue(e.getMessage().startsWith("Node N (host.exosphere.worker.TestNode) is in namespace 'other' but this "
        + "runtime works for namespace 'ns'"), e.getMessage());
  }

  @Test
  void settingsAreChecked() {
    assertEquals("A runtime needs a name: ExosphereRuntime.builder(stateManager).name(\"…\")",
        assertThrows(IllegalArgumentException.class, () -> ExosphereRuntime.builder(server).nodes(EchoNode.class).build())
            .getMessage());
    assertEquals("Workers should be at least 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).name("r").workers(0).nodes(EchoNode.class).build()).getMessage());
    assertEquals("Batch size should be at least 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).name("r").batchSize(0).nodes(EchoNode.class).build()).getMessage());
    assertEquals("Runtime 'r' has no nodes: pass node classes with nodes(…)",
        assertThrows(IllegalArgumentException.class, () -> ExosphereRuntime.builder(server).name("r").build()).getMessage());
    assertEquals("The execution timeout must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
        () -> ExosphereRuntime.builder(server).executionTimeout(Duration.ZERO)).getMessage());
  }

  @Test
  void registersPydanticShapedSchemasAndSecretNames() throws Exception {
    TestNode node = new TestNode("Loader", "", List.of("source", "user_id"), List.of(), List.of("api_key"), true,
        (i, s, c) -> null);
    try (ExosphereRuntime runtime = ExosphereRuntime.builder(server).name("r").node(node).build()) {
      runtime.start();
      NodeRegistration registration = server.registrations.get(0).get(0);
      ObjectMapper json = new ObjectMapper();
      assertEquals("Loader", registration.name());
      assertEquals(json.readTree("{\"properties\":{\"source\":{\"title\":\"Source\",\"type\":\"string\"},"
              + "\"user_id\":{\"title\":\"User Id\",\"type\":\"string\"}},\"required\":[\"source\",\"user_id\"],"
              + "\"title\":\"Inputs\",\"type\":\"object\"}"), registration.inputsSchema());
      assertEquals("{\"properties\":{},\"title\":\"Outputs\",\"type\":\"object\"}",
          json.writeValueAsString(registration.outputsSchema()));
      assertEquals(List.of("api_key"), registration.secrets());
    }
  }

  @Test
  void registrationIsRetriedWhileTheServerIsUnreachable() {
    int[] failuresLeft = {3};
    server.fault = (call, id) -> call.equals("register") && failuresLeft[0]-- > 0 ? FakeStateManager.unreachable()
        : null;
    try (ExosphereRuntime runtime = fastRuntime().build()) {
      runtime.start();
      assertEquals(4, server.calls("register"));
      assertEquals(1, server.registrations.size());
    }
  }

  @Test
  void refusedRegistrationFailsStart() {
    server.fault = (call, id) -> call.equals("register") ? FakeStateManager.status(401, "Invalid API key") : null;
    ExosphereRuntime runtime = fastRuntime().build();
    IllegalStateException e = assertThrows(IllegalStateException.class, runtime::start);
    assertEquals("Runtime 'test' could not register nodes [EchoNode] in namespace 'ns': the state manager refused "
        + "them (HTTP 401: Invalid API key)", e.getMessage());
    assertEquals(1, server.calls("register"));
    runtime.close();
    assertEquals(0, server.calls("enqueue"));
  }

  @Test
  void registrationGivesUpAfterItsTimeout() {
    server.fault = (call, id) -> FakeStateManager.status(503, "Service Unavailable");
    ExosphereRuntime runtime = fastRuntime().registrationTimeout(Duration.ofMillis(30)).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, runtime::start);
    assertEquals("Runtime 'test' could not register nodes [EchoNode] in namespace 'ns' within PT0.03S; last "
        + "failure: HTTP 503: Service Unavailable", e.getMessage());
  }

  @Test
  void startTwiceIsRefused() {
    try (ExosphereRuntime runtime = fastRuntime().build()) {
      runtime.start();
      assertEquals("Runtime 'test' was already started; build a new one",
          assertThrows(IllegalStateException.class, runtime::start).getMessage());
    }
  }

  private ExosphereRuntime.Builder fastRuntime() {
    return ExosphereRuntime.builder(server).name("test").nodes(EchoNode.class)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }
}
