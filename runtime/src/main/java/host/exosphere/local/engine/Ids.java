package host.exosphere.local.engine;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Mongo-ObjectId-like state ids and UUID4 run ids (docs/state-manager.md §1.1). */
final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long PROCESS_RANDOM = ThreadLocalRandom.current().nextLong() & 0xFF_FFFF_FFFFL;
  private static final AtomicInteger COUNTER = new AtomicInteger(ThreadLocalRandom.current().nextInt());

  private Ids() {}

  /** 24 hex digits: 4 bytes of seconds, 5 random bytes per process, a 3-byte counter (ObjectId layout). */
  static String objectId(long epochSeconds) {
    char[] out = new char[24];
    put(out, 0, epochSeconds & 0xFFFF_FFFFL, 8);
    put(out, 8, PROCESS_RANDOM, 10);
    put(out, 18, COUNTER.getAndIncrement() & 0xFF_FFFF, 6);
    return new String(out);
  }

  /** What {@code PydanticObjectId(value)} accepts: exactly 24 hex digits. */
  static boolean isObjectId(String value) {
    if (value == null || value.length() != 24) {
      return false;
    }
    for (int i = 0; i < 24; i++) {
      char c = value.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  /**
   * A random (version 4) UUID string. Run ids only need to be unique, not unguessable, so this draws
   * from {@link ThreadLocalRandom} rather than the slower shared SecureRandom.
   */
  static String uuid4() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  private static void put(char[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
