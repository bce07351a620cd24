package host.exosphere.oracle;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every oracle scenario against one state manager: the one {@code EXOSPHERE_STATE_MANAGER_URI} and
 * {@code EXOSPHERE_API_KEY} name, or else a fresh embedded one. Each scenario asserts the outcomes the
 * state manager's behaviour fixes (claims, statuses, retries created), so this suite checks any server.
 */
class ScenariosIT {
  private static OracleServer server;

  @BeforeAll
  static void start() {
    server = OracleServer.fromEnvironment().orElseGet(OracleServer::startEmbedded);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static java.util.List<Scenarios.Scenario> scenarios() {
    return Scenarios.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioPlaysOut(Scenarios.Scenario scenario) {
    scenario.body().accept(new ScenarioClient(server, scenario.name()));
  }
}
