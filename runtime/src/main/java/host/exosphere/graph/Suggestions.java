package host.exosphere.graph;

import java.util.Collection;

/**
 * "Did you mean" hints, given only when a close candidate exists. One instance serves one validation
 * run and stops hinting after a fixed number of comparisons: hints are a courtesy, and a graph with
 * thousands of bad references must not cost thousands of scans of all its identifiers.
 */
final class Suggestions {
  private int budget = 200_000;

  /** {@code "; did you mean 'x'?"} for the closest candidate within a small edit distance, else "". */
  String didYouMean(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int limit = Math.max(1, Math.min(3, wrong.length() / 3));
    for (String c : candidates) {
      if (--budget < 0) {
        return "";
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
