package host.exosphere.graph;

import java.util.Collection;

/** "Did you mean" hints, given only when a close candidate exists. */
final class Suggestions {
  private Suggestions() {}

  /** {@code "; did you mean 'x'?"} for the closest candidate within a small edit distance, else "". */
  static String didYouMean(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int limit = Math.max(1, Math.min(3, wrong.length() / 3));
    int checked = 0;
    for (String c : candidates) {
      if (++checked > 10_000) {
        break; // hints are a courtesy; never let them cost more than the validation
      }
      if (Math.abs(c.length() - wrong.length()) > limit) {
        continue;
      }
      int d = distance(wrong, c, limit);
      if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= limit ? "; did you mean '" + best + "'?" : "";
  }

  /** Levenshtein distance, or a value above {@code limit} once it is clear the distance exceeds it. */
  private static int distance(String a, String b, int limit) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
