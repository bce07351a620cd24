package host.exosphere.local.engine;

import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/state-manager.md §6.4 item 9 and §4.9: rows on VALID, firing with an empty request, catch-up, FAILED, re-upsert. */
class CronTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture(); // the clock stands at 10:00:00
    f.register("Root", List.of("seed"), List.of());
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static ObjectNode cronGraph(String expression) {
    ObjectNode body = graph(node("r", "Root", List.of(), "seed", "s"));
    body.putArray("triggers").addObject().put("type", "CRON").putObject("value").put("expression", expression);
    return body;
  }

  private long runs(String namespace) {
    return f.engine.runs(namespace, 1, 0).total();
  }

  @Test
  void firesAtTheNextOccurrenceWithAnEmptyRequest() {
    f.upsertValid("g", cronGraph("*/5 * * * *"));
    assertEquals(0, f.engine.tickCron());
    f.clock.advance(Duration.ofMinutes(4));
    assertEquals(0, f.engine.tickCron(), "10:04 is before the first occurrence");
    f.clock.advance(Duration.ofMinutes(1));
    assertEquals(1, f.engine.tickCron());
    assertEquals(1, runs(NS));
    assertEquals(java.util.Map.of("seed", "s"), f.claimOne("Root").inputs());
    assertEquals(0, f.engine.tickCron(), "each occurrence fires once");
  }

  @Test
  void missedOccurrencesAreCaughtUpInOneTick() {
    f.upsertValid("g", cronGraph("*/5 * * * *"));
    f.clock.advance(Duration.ofMinutes(5));
    assertEquals(1, f.engine.tickCron());
    f.clock.advance(Duration.ofMinutes(22)); // 10:27: 10:10, 10:15, 10:20 and 10:25 were missed
    assertEquals(4, f.engine.tickCron());
    assertEquals(5, runs(NS));
    f.clock.advance(Duration.ofMinutes(3));
    assertEquals(1, f.engine.tickCron(), "10:30");
  }

  @Test
  void aGraphWithRequiredStoreKeysCannotBeCronTriggered() {
    ObjectNode body = cronGraph("* * * * *");
    body.putObject("store_config").putArray("required_keys").add("cursor");
    f.upsertValid("g", body);
    f.clock.advance(Duration.ofMinutes(1));
    assertEquals(0, f.engine.tickCron(), "the trigger answers 400 Missing store keys, the row is FAILED");
    assertEquals(0, runs(NS));
    f.clock.advance(Duration.ofMinutes(1));
    assertEquals(0, f.engine.tickCron(), "the following occurrence was still scheduled, and fails too");
  }

  @Test
  void reUpsertDeletesPendingRowsOfTheSameNameInEveryNamespace() {
    f.register("other", "Root", List.of("seed"), List.of());
    f.upsertValid("g", cronGraph("*/5 * * * *"));
    ObjectNode foreign = cronGraph("*/5 * * * *");
    ((ObjectNode) foreign.get("nodes").get(0)).put("namespace", "other");
    f.upsertValid("other", "g", foreign);
    // Re-upserting ns/g deletes the PENDING 10:05 rows of both namespaces (§1.2.5 QUIRK); only ns/g's
    // verification re-creates its own.
    f.upsertValid("g", cronGraph("*/5 * * * *"));
    f.clock.advance(Duration.ofMinutes(5));
    assertEquals(1, f.engine.tickCron());
    assertEquals(List.of(1L, 0L), List.of(runs(NS), runs("other")));
  }

  @Test
  void aGraphWithoutTriggersHasNoRows() {
    f.upsertValid("g", graph(node("r", "Root", List.of(), "seed", "s")));
    f.clock.advance(Duration.ofDays(1));
    assertEquals(0, f.engine.tickCron());
  }
}
