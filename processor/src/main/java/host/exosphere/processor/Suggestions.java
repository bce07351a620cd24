package host.exosphere.processor;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" from the real candidates, and silence when none is close. */
final class Suggestions {
  private Suggestions() {}

  /**
   * {@code " (did you mean \"x\"?)"} for the closest candidate within a small edit distance of
   * {@code written}, or {@code ""} when there is none (or {@code written} is itself a candidate).
   */
  static String didYouMean(String written, Collection<String> candidates) {
    String best = closest(written, candidates);
    return best == null ? "" : " (did you mean \"" + best + "\"?)";
  }

  static String closest(String written, Collection<String> candidates) {
    if (written == null || candidates.contains(written)) {
      return null;
    }
    String trimmed = written.trim();
    // Allow about one typo per three characters, at most three; short names get one.
    int limit = Math.max(1, Math.min(3, trimmed.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate == null || candidate.isBlank()) {
        continue;
      }
      int distance = candidate.equalsIgnoreCase(trimmed) ? 0 : distance(
          trimmed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT), limit);
      if (distance <= limit && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance, or {@code limit + 1} as soon as it must exceed {@code limit}. */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
