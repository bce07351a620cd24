package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import host.exosphere.local.RawHttp.Answer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/state-manager.md §6.4 item 9: cron triggers (§4.9). The server's minute tick is replaced by calling the engine's
 * tick after moving the clock, so nothing waits for real minutes.
 */
class CronConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  private static final long FIVE_MINUTES = Duration.ofMinutes(5).toMillis();

  private static String cronGraph(String storeConfig, boolean withTrigger) {
    return "{'secrets':{},'nodes':["
        + "{'node_name':'Start','namespace':'NS','identifier':'a','inputs':{'x':'from cron'}}]"
        + (storeConfig == null ? "" : ",'store_config':" + storeConfig)
        + (withTrigger ? ",'triggers':[{'type':'CRON','value':{'expression':'*/5 * * * *'}}]" : "") + "}";
  }

  /** The next multiple of five minutes strictly after now. */
  private static Instant nextFiveMinutes() {
    long now = CONFORMANCE.clock.millis();
    return Instant.ofEpochMilli((now / FIVE_MINUTES + 1) * FIVE_MINUTES);
  }

  private static int runCount(Scenario s) {
    return expect(200, s.http.get(s.base + "/runs/1/0")).get("total").intValue();
  }

  private static void tickAt(LocalStateManager server, Instant when) {
    CONFORMANCE.clock.set(when);
    server.engine().tickCron();
  }

  @Test
  void firesAtEachOccurrenceAndCatchesUpMissedOnes(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "cron");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(cronGraph(null, true)));
    Instant first = nextFiveMinutes();
    tickAt(server, first.minusMillis(1));
    assertEquals(0, runCount(s));
    tickAt(server, first);
    assertEquals(1, runCount(s));
    assertEquals(RawHttp.json("{'x':'from cron'}"), s.claimOne("Start").get("inputs"), "cron sends an empty trigger");
    // Down for three more occurrences: all of them fire in the next tick (§4.9 catch-up).
    tickAt(server, first.plus(Duration.ofMinutes(15)).plusSeconds(30));
    assertEquals(4, runCount(s));
    JsonNode runs = expect(200, s.http.get(s.base + "/runs/1/10"));
    runs.get("runs").forEach(run -> assertEquals("g", run.get("graph_name").textValue()));
  }

  @Test
  void aGraphWithRequiredStoreKeysCannotBeStartedByCron(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "cron-store");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(cronGraph("{'required_keys':['cursor']}", true)));
    tickAt(server, nextFiveMinutes());
    assertEquals(0, runCount(s));
  }

  @Test
  void reUpsertingDropsThePreviousTriggers(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "cron-dropped");
    s.registerStandardNodes();
    s.upsertValid("g", s.json(cronGraph(null, true)));
    s.upsertValid("g", s.json(cronGraph(null, false)));
    tickAt(server, nextFiveMinutes().plus(Duration.ofMinutes(10)));
    assertEquals(0, runCount(s));
  }

  @Test
  void anInvalidExpressionIsRejectedWith422(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "cron-invalid");
    Answer answer = s.upsert("g", s.json("{'secrets':{},'nodes':[{'node_name':'Start','namespace':'NS','identifier':'a',"
        + "'inputs':{'x':'1'}}],'triggers':[{'type':'CRON','value':{'expression':'every day'}}]}"));
    assertEquals(422, answer.status(), answer.text());
    // The trigger's validator re-validates its value as CronTrigger: the inner error keeps its own input.
    assertEquals(RawHttp.json("[{'type':'value_error','loc':['body','triggers',0,'expression'],"
        + "'msg':'Value error, Invalid cron expression','input':'every day','ctx':{'error':{}}}]"),
        answer.json().get("detail"));
  }

  @Test
  void aTriggerValueWithoutExpressionIsMissingItsField(LocalStateManager server) {
    Scenario s = CONFORMANCE.scenario(server, "cron-missing");
    Answer answer = s.upsert("g", s.json("{'secrets':{},'nodes':[{'node_name':'Start','namespace':'NS','identifier':'a',"
        + "'inputs':{'x':'1'}}],'triggers':[{'type':'CRON','value':{'cron':'* * * * *'}}]}"));
    assertEquals(422, answer.status(), answer.text());
    assertEquals(RawHttp.json("[{'type':'missing','loc':['body','triggers',0,'expression'],'msg':'Field required',"
        + "'input':{'cron':'* * * * *'}}]"), answer.json().get("detail"));
  }
}
