package host.exosphere.local;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a JSON body as Python's {@code json.loads(bytes)} sees it: the bytes are not always UTF-8,
 * and bytes that do not decode make FastAPI answer 400 rather than a JSON error.
 */
final class JsonText {
  private JsonText() {}

  /**
   * {@code json.loads(bytes)}: the encoding is guessed as {@code json.detect_encoding} does (BOMs, then
   * the zero bytes of UTF-16/32 text), UTF-8 otherwise; the UTF-8 BOM is dropped ({@code utf-8-sig}).
   */
  static String of(byte[] raw) throws PythonJsonDecoder.UnreadableException {
    int start = 0;
    Charset charset = StandardCharsets.UTF_8;
    if (startsWith(raw, 0x00, 0x00, 0xfe, 0xff) || startsWith(raw, 0xff, 0xfe, 0x00, 0x00)) {
      charset = Charset.forName("UTF-32");
    } else if (startsWith(raw, 0xfe, 0xff) || startsWith(raw, 0xff, 0xfe)) {
      charset = StandardCharsets.UTF_16;
    } else if (startsWith(raw, 0xef, 0xbb, 0xbf)) {
      start = 3;
    } else if (raw.length >= 4) {
      if (raw[0] == 0) {
        charset = raw[1] != 0 ? StandardCharsets.UTF_16BE : Charset.forName("UTF-32BE");
      } else if (raw[1] == 0) {
        charset = raw[2] != 0 || raw[3] != 0 ? StandardCharsets.UTF_16LE : Charset.forName("UTF-32LE");
      }
    } else if (raw.length == 2) {
      if (raw[0] == 0) {
        charset = StandardCharsets.UTF_16BE;
      } else if (raw[1] == 0) {
        charset = StandardCharsets.UTF_16LE;
      }
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw, start, raw.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PythonJsonDecoder.UnreadableException("request body is not valid " + charset.name());
    }
  }

  private static boolean startsWith(byte[] raw, int... prefix) {
    if (raw.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((raw[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
