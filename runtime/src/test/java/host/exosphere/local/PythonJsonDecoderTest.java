package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The decoder reports what Python 3.12's {@code json.loads} reports: FastAPI copies it into its 422. */
class PythonJsonDecoderTest {

  /** Expected message and position are those of CPython 3.12's C scanner for the same text. */
  @ParameterizedTest(name = "[{index}] {1} at {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"a\": }`|Expecting value|6",
      "`{`|Expecting property name enclosed in double quotes|1",
      "`{\"a\" 1}`|Expecting ':' delimiter|5",
      "`{\"a\": 1 \"b\": 2}`|Expecting ',' delimiter|8",
      "`{\"a\":1`|Expecting ',' delimiter|6",
      "`{\"a\":1,}`|Expecting property name enclosed in double quotes|7",
      "`{'a': 1}`|Expecting property name enclosed in double quotes|1",
      "`[1, 2`|Expecting ',' delimiter|5",
      "`[1,]`|Expecting value|3",
      "`[`|Expecting value|1",
      "`\"abc`|Unterminated string starting at|0",
      "`{\"abc`|Unterminated string starting at|1",
      "`\"a\\qb\"`|Invalid \\escape|2",
      "`\"\\u12\"`|Invalid \\uXXXX escape|2",
      "`\"\\u12zz\"`|Invalid \\uXXXX escape|2",
      "`{} x`|Extra data|3",
      "`01`|Extra data|1",
      "`1.`|Extra data|1",
      "`1e`|Extra data|1",
      "` `|Expecting value|1",
      "`nul`|Expecting value|0",
      "`-x`|Expecting value|0",
      "`tru`|Expecting value|0",
      "`\"é\" x`|Extra data|4",
      "`\"\uD83D\uDE00\" x`|Extra data|4",
  })
  void malformedBodiesFailLikePython(String text, String message, int position) {
    PythonJsonDecoder.DecodeException e =
        assertThrows(PythonJsonDecoder.DecodeException.class, () -> PythonJsonDecoder.decode(text));
    assertEquals(message, e.pythonMessage());
    assertEquals(position, e.position());
  }

  @Test
  void rawControlCharacterInStringIsRejectedAtItsPosition() {
    PythonJsonDecoder.DecodeException e =
        assertThrows(PythonJsonDecoder.DecodeException.class, () -> PythonJsonDecoder.decode("\"a\tb\""));
    assertEquals("Invalid control character at", e.pythonMessage());
    assertEquals(2, e.position());
  }

  @Test
  void acceptsWhatPythonAccepts() throws Exception {
    JsonNode node = PythonJsonDecoder.decode(
        " {\"a\": [1, -2.5e1, true, false, null, NaN, -Infinity], \"b\": \"x\\u00e9\\ud83d\\ude00\\n\", \"a\": 3} ");
    assertEquals(3, node.get("a").intValue(), "the last duplicate key wins");
    assertEquals("xé\uD83D\uDE00\n", node.get("b").textValue());
    JsonNode list = PythonJsonDecoder.decode("[1, -2.5e1, NaN, -Infinity, 123456789012345678901234567890]");
    assertEquals(-25.0, list.get(1).doubleValue());
    assertTrue(Double.isNaN(list.get(2).doubleValue()));
    assertEquals(Double.NEGATIVE_INFINITY, list.get(3).doubleValue());
    assertEquals("123456789012345678901234567890", list.get(4).bigIntegerValue().toString());
  }

  @Test
  void utf8BomIsDroppedAsByUtf8Sig() throws Exception {
    byte[] raw = "\uFEFF{\"a\": \"b\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("b", PythonJsonDecoder.decode(raw).get("a").textValue());
  }

  /** json.detect_encoding: BOMs first, then the zero bytes ASCII text has in UTF-16 and UTF-32. */
  @Test
  void utf16AndUtf32BodiesAreDetectedAsByJsonLoads() throws Exception {
    String text = "{\"a\": \"\u00e9\u4e2d\"}";
    for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {
        StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16,
        java.nio.charset.Charset.forName("UTF-32LE"), java.nio.charset.Charset.forName("UTF-32BE")}) {
      assertEquals("\u00e9\u4e2d", PythonJsonDecoder.decode(text.getBytes(charset)).get("a").textValue(), charset.name());
    }
    // A two-byte body: "1" in UTF-16.
    assertEquals(1, PythonJsonDecoder.decode(new byte[] {'1', 0}).intValue());
    // An odd byte count cannot be UTF-16: the decoding error is Python's plain ValueError, not a JSON one.
    assertThrows(PythonJsonDecoder.UnreadableException.class,
        () -> PythonJsonDecoder.decode(new byte[] {'{', 0, '}', 0, ' '}));
  }

  @Test
  void invalidUtf8AndExcessiveNestingAreUnreadableNotDecodeErrors() {
    assertThrows(PythonJsonDecoder.UnreadableException.class,
        () -> PythonJsonDecoder.decode(new byte[] {'"', (byte) 0xff, '"'}));
    assertThrows(PythonJsonDecoder.UnreadableException.class, () -> PythonJsonDecoder.decode("[".repeat(5000)));
  }
}
