package host.exosphere.processor;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/** Turns wire names (secrets, store keys, fields) into Java identifiers for generated methods. */
final class JavaNames {
  private JavaNames() {}

  /** {@code api_key} → {@code apiKey}, {@code batch-id} → {@code batchId}, {@code 2fa} → {@code _2fa}. */
  static String lowerCamel(String wire) {
    StringBuilder out = new StringBuilder();
    boolean upperNext = false;
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (Character.isLetterOrDigit(c) && c < 128) {
        if (out.length() == 0) {
          out.append(Character.toLowerCase(c));
        } else {
          out.append(upperNext ? Character.toUpperCase(c) : c);
        }
        upperNext = false;
      } else {
        upperNext = out.length() > 0;
      }
    }
    String name = out.length() == 0 ? "value" : out.toString();
    if (!Character.isJavaIdentifierStart(name.charAt(0))) {
      name = "_" + name;
    }
    return SourceVersion.isKeyword(name) ? name + "_" : name;
  }

  static String upperCamel(String wire) {
    String lower = lowerCamel(wire);
    if (lower.startsWith("_")) {
      return lower;
    }
    return lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);
  }

  /** {@code orderId} → {@code ORDER_ID}, {@code confirm-order} → {@code CONFIRM_ORDER}: a constant's name. */
  static String upperSnake(String name) {
    String snake = host.exosphere.graph.WireNames.of(name).toUpperCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    // An identifier without ASCII letters or digits ("\\", "Ω") would leave only underscores, and "_" is no name.
    String constant = out.chars().noneMatch(Character::isLetterOrDigit) ? "STEP" + out : out.toString();
    return Character.isJavaIdentifierStart(constant.charAt(0)) ? constant : "_" + constant;
  }

  /** {@code name}, or {@code name2}, {@code name3}… when it is taken; records the result as taken. */
  static String unique(String name, Collection<String> taken) {
    String candidate = name;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = name + n;
    }
    taken.add(candidate);
    return candidate;
  }

  /** Methods every object has: a generated accessor must not be called like one of them. */
  static final Set<String> OBJECT_METHODS =
      Set.of("equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize");
}
