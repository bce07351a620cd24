package host.exosphere.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import host.exosphere.client.StateManager;
import host.exosphere.client.TriggerRequest;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.local.LocalStateManager;
import host.exosphere.local.LocalStateManagerExtension;
import host.exosphere.spring.InvalidPropertiesException.Problem;
import host.exosphere.spring.nodes.GreetingGraphGraph;
import host.exosphere.spring.nodes.SpacedGraphGraph;
import host.exosphere.spring.nodes.TokenGraphGraph;
import host.exosphere.spring.nodes.TokenNode;
import host.exosphere.testing.Runs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * {@code exosphere.graphs.upsert}: the generated graphs of the namespace are uploaded on start with their
 * secrets from the properties (never logged); and node classes a customizer adds are built by Spring.
 */
@ExtendWith({LocalStateManagerExtension.class, OutputCaptureExtension.class})
class GraphUpsertTest {
  private static final String SECRET = "s3cr3t-42"; // 9 characters, as TokenGraph expects

  @Configuration(proxyBeanMethods = false)
  static class TokenNodes {
    @Bean
    TokenNode tokenNode() {
      return new TokenNode();
    }
  }

  private static ApplicationContextRunner app(LocalStateManager server, String namespace) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ExosphereAutoConfiguration.class))
        .withPropertyValues("exosphere.uri=" + server.uri(), "exosphere.api-key=" + server.apiKey(),
            "exosphere.namespace=" + namespace, "exosphere.graphs.upsert=true");
  }

  @Test
  void graphsAreUpsertedWithSecretsFromTheProperties(LocalStateManager server, CapturedOutput output) {
    app(server, TokenGraphGraph.NAMESPACE).withUserConfiguration(TokenNodes.class)
        .withPropertyValues("exosphere.graphs.secrets.api_token=" + SECRET, "exosphere.graphs.secrets.unused=x")
        .run(context -> {
          StateManager client = context.getBean(StateManager.class);
          String runId = client.trigger(TokenGraphGraph.NAME, TriggerRequest.EMPTY);
          assertEquals(List.of("true"),
              Runs.await(client, TokenGraphGraph.NAME, runId, Duration.ofSeconds(30)).outputs("check", "matches"));
        });
    assertFalse(output.getAll().contains(SECRET));
  }

  @Test
  void aMissingSecretStopsStartUpNamingItsProperty(LocalStateManager server) {
    app(server, TokenGraphGraph.NAMESPACE).withUserConfiguration(TokenNodes.class).run(context -> {
      InvalidPropertiesException e = assertInstanceOf(InvalidPropertiesException.class,
          NestedExceptionUtils.getRootCause(context.getStartupFailure()));
      assertEquals(List.of(new Problem("exosphere.graphs.secrets.api_token", "is not set; graph 'token' declares "
          + "it and exosphere.graphs.upsert is on", "Set exosphere.graphs.secrets.api_token, or turn "
          + "exosphere.graphs.upsert off")), e.problems());
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class GreetingByClass {
    @Bean
    UnaryOperator<String> greeter() {
      return name -> "hello, " + name;
    }

    /** GreetingNode is no bean: the graph's NODES bring its class, and Spring builds it. */
    @Bean
    ExosphereRuntimeCustomizer greetingNode() {
      return builder -> builder.nodes(GreetingGraphGraph.NODES);
    }
  }

  @Test
  void aNodeClassACustomizerAddsIsBuiltBySpringWithItsCollaborators(LocalStateManager server) {
    app(server, GreetingGraphGraph.NAMESPACE).withUserConfiguration(TokenNodes.class, GreetingByClass.class)
        .run(context -> {
          assertEquals(List.of("TokenNode", "GreetingNode"),
              context.getBean(ExosphereWorker.class).runtime().orElseThrow().nodeNames());
          StateManager client = context.getBean(StateManager.class);
          String runId = client.trigger(GreetingGraphGraph.NAME, TriggerRequest.EMPTY);
          assertEquals(List.of("hello, world"),
              Runs.await(client, GreetingGraphGraph.NAME, runId, Duration.ofSeconds(30)).outputs("greet", "greeting"));
        });
  }

  /** A name or namespace the processor escaped in the resource path is found, and uploaded as written. */
  @Test
  void escapedGraphNamesAndNamespacesAreReadBackAsWritten(LocalStateManager server) {
    try (StateManager client = server.client(SpacedGraphGraph.NAMESPACE)) {
      Map<String, GraphTemplate> templates = new GraphUploader(client, Map.of(), getClass().getClassLoader()).templates();
      assertEquals(List.of("greeting twice"), List.copyOf(templates.keySet()));
      assertEquals("greeting twice", templates.get("greeting twice").name());
      assertEquals("spring spaced", templates.get("greeting twice").namespace());
    }
  }
}
