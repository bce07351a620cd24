package host.exosphere.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import host.exosphere.annotations.Wire;
import host.exosphere.graph.WireNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one documented encoding of typed components (see {@link WireCodecs}). */
class WireCodecsTest {
  enum Size { SMALL, LARGE }

  record Part(String partNo, @Wire("qty") int quantity, BigDecimal unitPrice, Size size, Instant addedAt,
      Duration leadTime, LocalDate due) {}

  @Test
  void scalarsTravelAsTheirPlainText() {
    assertEquals("12.50", WireCodecs.BIG_DECIMAL.encode(new BigDecimal("12.50")));
    assertEquals("1000", WireCodecs.BIG_DECIMAL.encode(new BigDecimal("1E+3")));
    assertEquals("123456789012345678901234567890",
        WireCodecs.BIG_INTEGER.encode(new BigInteger("123456789012345678901234567890")));
    assertEquals("42", WireCodecs.INT.encode(42));
    assertEquals("true", WireCodecs.BOOLEAN.encode(true));
    assertEquals("2026-12-06T10:00:00Z", WireCodecs.INSTANT.encode(Instant.parse("2026-12-06T10:00:00Z")));
    assertEquals("2026-12-06", WireCodecs.LOCAL_DATE.encode(LocalDate.of(2026, 12, 6)));
    assertEquals("PT30S", WireCodecs.DURATION.encode(Duration.ofSeconds(30)));
    assertEquals("LARGE", WireCodecs.enumOf(Size.class).encode(Size.LARGE));
    assertNull(WireCodecs.INT.encode(null));
  }

  @Test
  void scalarsDecodeFromWhatAPythonNodeWrites() {
    assertEquals(true, WireCodecs.BOOLEAN.decodeInput("f", "True")); // str(True)
    assertEquals(-7L, WireCodecs.LONG.decodeInput("f", "-7"));
    assertEquals(2.5, WireCodecs.DOUBLE.decodeInput("f", "2.5"));
    assertEquals('x', WireCodecs.CHAR.decodeInput("f", "x"));
    UUID id = UUID.randomUUID();
    assertEquals(id, WireCodecs.UUID_TEXT.decodeInput("f", id.toString()));
    assertEquals(Instant.parse("2026-12-06T10:00:00Z"), WireCodecs.INSTANT.decodeInput("f", "2026-12-06T10:00:00Z"));
    assertNull(WireCodecs.INT.decodeInput("f", null));
  }

  @Test
  void recordsAndCollectionsAreJsonWithWireNames() {
    WireCodec<List<Part>> parts = WireCodecs.json("List<Part>", WireCodecs.type(List.class, Part.class));
    Part part = new Part("P-1", 3, new BigDecimal("2.50"), Size.SMALL, Instant.parse("2026-12-06T10:00:00Z"),
        Duration.ofMinutes(90), LocalDate.of(2027, 1, 2));
    String json = parts.encode(List.of(part));
    assertEquals("[{\"part_no\":\"P-1\",\"qty\":3,\"unit_price\":2.50,\"size\":\"SMALL\","
        + "\"added_at\":\"2026-12-06T10:00:00Z\",\"lead_time\":\"PT1H30M\",\"due\":\"2027-01-02\"}]", json);
    assertEquals(List.of(part), parts.decodeInput("parts", json));

    WireCodec<Map<String, List<Integer>>> map = WireCodecs.json("Map<String, List<Integer>>",
        WireCodecs.type(Map.class, String.class, WireCodecs.type(List.class, Integer.class)));
    assertEquals(Map.of("a", List.of(1, 2)), map.decodeInput("m", map.encode(Map.of("a", List.of(1, 2)))));
  }

  @Test
  void extraKeysAreIgnoredAndMissingComponentsRefused() {
    WireCodec<Part> codec = WireCodecs.json("Part", Part.class);
    String withExtra = "{\"part_no\":\"P\",\"qty\":1,\"unit_price\":\"1\",\"size\":\"LARGE\","
        + "\"added_at\":\"2026-12-06T10:00:00Z\",\"lead_time\":\"PT1S\",\"due\":\"2026-12-06\",\"note\":\"py\"}";
    assertEquals(Size.LARGE, codec.decodeInput("part", withExtra).size());
    NodeInputException e = assertThrows(NodeInputException.class,
        () -> codec.decodeInput("part", "{\"part_no\":\"P\"}"));
    assertEquals("input 'part' should be JSON for Part but is \"{\"part_no\":\"P\"}\" (missing 'qty')",
        e.getMessage());
  }

  @Test
  void badTextNamesFieldTypeAndValueButNeverASecret() {
    assertEquals("input 'when' should be an ISO-8601 instant such as 2026-12-06T10:00:00Z (Instant) but is "
        + "\"yesterday\"",
        assertThrows(NodeInputException.class, () -> WireCodecs.INSTANT.decodeInput("when", "yesterday"))
            .getMessage());
    assertEquals("output 'size' should be one of [SMALL, LARGE] (Size) but is \"small\"", assertThrows(NodeInputException.class,
            () -> WireCodecs.enumOf(Size.class).decodeOutput("size", "small")).getMessage());
    String secretError = assertThrows(NodeInputException.class,
        () -> WireCodecs.INT.decodeSecret("pin", "s3cr3t")).getMessage();
    assertEquals("secret 'pin' should be a whole number (int) but its value does not parse (not shown: it is a "
        + "secret)", secretError);
  }

  @Test
  void javaNamesBecomeSnakeCase() {
    assertEquals("order_id", WireNames.of("orderId"));
    assertEquals("order_id", WireNames.of("order_id"));
    assertEquals("user_id", WireNames.of("userID"));
    assertEquals("parse_http_response", WireNames.of("parseHTTPResponse"));
    assertEquals("TEXT", WireNames.of("TEXT")); // not camelCase: as written, as a Python model may name it
    assertEquals("Text", WireNames.of("Text"));
    assertEquals("HTTPServer", WireNames.of("HTTPServer"));
    assertEquals("sha256_sum", WireNames.of("sha256Sum"));
    assertEquals("api_key", WireNames.of("api_key"));
    assertEquals("source", WireNames.of("source"));
  }
}
