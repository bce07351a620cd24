package host.exosphere.local;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The {@code x-exosphere-request-id} of every answer: the caller's own id when the real server's
 * middleware would keep it (Python's {@code uuid.UUID()} accepts it), else a fresh UUID4.
 */
final class RequestIds {
  static final String HEADER = "x-exosphere-request-id";
  private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

  private RequestIds() {}

  /** The caller's id when Python's {@code uuid.UUID()} would accept it, else a fresh UUID4. */
  static String of(String header) {
    if (isCanonicalUuid(header)) {
      // What every SDK sends; the general check below would accept it too, with more work.
      return header;
    }
    if (header != null && !header.isEmpty()) {
      String hex = header.replace("urn:", "").replace("uuid:", "");
      int from = 0;
      int to = hex.length();
      while (from < to && (hex.charAt(from) == '{' || hex.charAt(from) == '}')) {
        from++;
      }
      while (to > from && (hex.charAt(to - 1) == '{' || hex.charAt(to - 1) == '}')) {
        to--;
      }
      if (HEX32.matcher(hex.substring(from, to).replace("-", "")).matches()) {
        return header;
      }
    }
    return randomUuid4();
  }

  /** {@code 8-4-4-4-12} hex digits, as {@code str(uuid.uuid4())} and {@code UUID.toString()} write them. */
  private static boolean isCanonicalUuid(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * A version-4 UUID from a thread-local generator: a request id only correlates log lines, and
   * {@code UUID.randomUUID()} would serialize every request on one shared SecureRandom.
   */
  static String randomUuid4() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
