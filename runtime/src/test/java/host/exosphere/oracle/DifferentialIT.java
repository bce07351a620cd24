package host.exosphere.oracle;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every oracle scenario on the embedded state manager and on the real one named by
 * {@code EXOSPHERE_STATE_MANAGER_URI}/{@code EXOSPHERE_API_KEY}, comparing the two normalized transcripts
 * answer by answer: statuses, bodies, and each run's states as the runs listing, the graph structure and
 * the state details show them. Without a real server named, it is skipped.
 */
class DifferentialIT {
  private static OracleServer embedded;
  private static Optional<OracleServer> real;

  @BeforeAll
  static void start() {
    real = OracleServer.fromEnvironment();
    embedded = real.isPresent() ? OracleServer.startEmbedded() : null;
  }

  @AfterAll
  static void stop() {
    if (embedded != null) {
      embedded.close();
    }
  }

  static List<Scenarios.Scenario> scenarios() {
    return Scenarios.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void bothServersAnswerAlike(Scenarios.Scenario scenario) {
    assumeTrue(real.isPresent(), "no real state manager named by " + OracleServer.URI_VARIABLE + "; skipped");
    ScenarioClient onReal = new ScenarioClient(real.get(), scenario.name());
    ScenarioClient onEmbedded = new ScenarioClient(embedded, scenario.name());
    scenario.body().accept(onReal);
    scenario.body().accept(onEmbedded);
    assertNull(Transcript.difference("real", onReal.transcript(), "embedded", onEmbedded.transcript()),
        () -> scenario.name() + ": the embedded state manager answers unlike the real one");
  }
}
