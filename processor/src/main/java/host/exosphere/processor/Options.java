package host.exosphere.processor;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic.Kind;

/**
 * The processor's {@code -A} options, read once per compilation.
 *
 * @param strict {@code -Aexosphere.strict}: what the state manager accepts but would fail or hang on at run
 *     time is an error instead of a warning (default {@code false})
 * @param stepBuilders {@code -Aexosphere.stepBuilders}: whether each node gets its typed step builder
 *     {@code <Node>Step}, which only graphs built in code use (default {@code true}); without them a
 *     compilation writes one source file less per node class
 */
record Options(boolean strict, boolean stepBuilders) {
  static final String STRICT = "exosphere.strict";
  static final String STEP_BUILDERS = "exosphere.stepBuilders";
  /** Every option: what both processors declare, so javac knows each of them in any compilation. */
  static final Set<String> NAMES = Set.of(STRICT, STEP_BUILDERS);

  /**
   * The options javac was given. An option given without a value ({@code -Aexosphere.strict}) means
   * {@code true}; a value other than {@code true} or {@code false} is an error, so a typo cannot quietly
   * leave the default in place.
   */
  static Options read(Map<String, String> given, Messager messager) {
    return new Options(flag(given, STRICT, false, messager), flag(given, STEP_BUILDERS, true, messager));
  }

  private static boolean flag(Map<String, String> given, String name, boolean absent, Messager messager) {
    if (!given.containsKey(name)) {
      return absent;
    }
    String value = given.get(name);
    if (value == null) {
      return true;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        messager.printMessage(Kind.ERROR, "[exosphere:option] -A" + name + "=" + value
            + " is neither true nor false; the default, " + absent + ", applies until it is corrected");
        return absent;
    }
  }
}
