package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import host.exosphere.client.GraphStatus;
import host.exosphere.client.GraphValidationException;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.local.LocalStateManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated upload helper against the embedded state manager: the template a graph generates ends
 * VALID once its nodes are registered (with the generated registration schemas), and a run starts.
 */
class UpsertEndToEndTest {
  private static final List<String> NODES = List.of("DataLoaderNode", "DataProcessorNode", "MergeNode", "PythonReporter");
  private static CompiledClasses classes;
  private static LocalStateManager server;

  @BeforeAll
  static void compileAndStart() {
    Compilation compilation = Fixtures.compile(Fixtures.with(Fixtures.nodes(), Fixtures.workflow()));
    assertThat(compilation).succeededWithoutWarnings();
    classes = new CompiledClasses(compilation);
    server = LocalStateManager.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Object secrets(String apiKey) throws Exception {
    Class<?> graph = classes.loadClass("test.MyWorkflowGraph");
    Object builder = graph.getMethod("secrets").invoke(null);
    builder.getClass().getMethod("apiKey", String.class).invoke(builder, apiKey);
    return builder.getClass().getMethod("build").invoke(builder);
  }

  private static Object upsert(StateManager client, Object secrets) throws Throwable {
    Class<?> graph = classes.loadClass("test.MyWorkflowGraph");
    Method upsert = graph.getMethod("upsert", StateManager.class, secrets.getClass());
    try {
      return upsert.invoke(null, client, secrets);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void register(StateManager client, List<String> nodes) throws Exception {
    List<NodeRegistration> registrations = new ArrayList<>();
    for (String node : nodes) {
      registrations.add((NodeRegistration) classes.loadClass("test." + node + "Adapter")
          .getMethod("registration").invoke(null));
    }
    client.registerNodes("java-test", registrations);
  }

  @Test
  void generatedUpsertEndsValidOnceNodesAreRegisteredAndTriggers() throws Throwable {
    StateManager client = server.client("MyProject");
    register(client, NODES);
    GraphStatus status = (GraphStatus) upsert(client, secrets("not-a-real-key"));
    assertTrue(status.isValid(), status.toString());

    Class<?> graph = classes.loadClass("test.MyWorkflowGraph");
    String runId = (String) graph.getMethod("trigger", StateManager.class, String.class, String.class)
        .invoke(null, client, "10", "batch-1");
    assertFalse(runId.isBlank());
  }

  @Test
  void missingRegistrationFailsWithTheServersErrors() throws Throwable {
    StateManager client = server.client("Unregistered");
    // The same template, uploaded into a namespace where only some nodes exist.
    register(client, List.of("DataLoaderNode"));
    Class<?> graph = classes.loadClass("test.MyWorkflowGraph");
    host.exosphere.graph.GraphTemplate template = (host.exosphere.graph.GraphTemplate) graph.getMethod("template")
        .invoke(null);
    host.exosphere.graph.GraphBuilder builder = host.exosphere.graph.GraphBuilder.from(template).namespace("Unregistered");
    for (host.exosphere.graph.NodeTemplate node : template.nodes()) {
      builder.editStep(node.identifier()).namespace("Unregistered").add();
    }
    host.exosphere.graph.GraphTemplate moved = builder.template();
    GraphValidationException e = assertThrows(GraphValidationException.class,
        () -> client.upsertGraph(moved.withSecretValues(java.util.Map.of("api_key", "k")),
            host.exosphere.client.UpsertOptions.DEFAULT));
    assertTrue(e.validationErrors().contains("Node DataProcessorNode in namespace Unregistered does not exist."),
        e.validationErrors().toString());
  }

  @Test
  void secretsBuilderNamesWhatIsMissing() throws Exception {
    Class<?> graph = classes.loadClass("test.MyWorkflowGraph");
    Object builder = graph.getMethod("secrets").invoke(null);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> builder.getClass().getMethod("build").invoke(builder));
    assertEquals("Graph my-workflow needs a value for secret(s) [api_key]", e.getCause().getMessage());
    assertEquals("Secrets[api_key]", secrets("hunter2").toString());
  }
}
