package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.engine.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An upsert answers with the document as the server built it in memory (microseconds), while every later
 * read shows what Mongo stored (milliseconds).
 */
class UpsertTimestampsTest {
  private static final String GRAPH = "{'secrets':{},'nodes':[{'node_name':'N','namespace':'ns','identifier':'a',"
      + "'inputs':{},'next_nodes':[]}]}";

  @Test
  void theUpsertAnswerKeepsMicrosecondsAndReadsShowMilliseconds() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-05T10:02:30.123456789Z"));
    try (LocalStateManager server = LocalStateManager.builder().clock(clock).start()) {
      RawHttp http = new RawHttp(server);
      JsonNode created = http.put("/v0/namespace/ns/graph/g", RawHttp.json(GRAPH)).json();
      assertEquals("2026-01-05T10:02:30.123456", created.get("created_at").textValue());
      assertEquals("2026-01-05T10:02:30.123456", created.get("updated_at").textValue());
      assertEquals("2026-01-05T10:02:30.123000", http.get("/v0/namespace/ns/graph/g").json().get("created_at").textValue());

      clock.advance(Duration.ofNanos(2_000_500_000L));
      JsonNode updated = http.put("/v0/namespace/ns/graph/g", RawHttp.json(GRAPH)).json();
      assertEquals("2026-01-05T10:02:30.123000", updated.get("created_at").textValue());
      assertEquals("2026-01-05T10:02:32.123956", updated.get("updated_at").textValue());
      assertEquals("2026-01-05T10:02:32.123000", http.get("/v0/namespace/ns/graph/g").json().get("updated_at").textValue());
    }
  }
}
