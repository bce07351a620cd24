package host.exosphere.graph;

import java.util.Collection;

/**
 * "Did you mean": the candidate closest to a name written wrong, when one is close enough to be a likely
 * typo, and nothing otherwise. The validator and the annotation processor both hint through it, so a
 * misspelt identifier, field, secret or input gets the same suggestion wherever it is caught.
 *
 * <p>Closeness is the edit distance ignoring case, within about one edit per three characters (at least
 * one, at most three); a candidate that differs only in case and underscores ({@code orderId} for
 * {@code order_id}: a Java name written where the wire name belongs) is the closest of all. Ties go to
 * the alphabetically first candidate, so the hint does not depend on the order of the candidates.
 *
 * <p>An instance serves one validation run and stops hinting after a fixed number of comparisons: hints
 * are a courtesy, and a graph with thousands of bad references must not cost thousands of scans of all
 * its identifiers.
 */
public final class Suggestions {
  private int budget = 200_000;

  Suggestions() {}

  /**
   * The candidate closest to {@code written}, or {@code null} when none is close enough, when
   * {@code written} is {@code null} or is itself a candidate.
   *
   * @param written what the author wrote (surrounding blanks are ignored)
   * @param candidates the names that exist ({@code null} and blank ones are skipped)
   */
  public static String closest(String written, Collection<String> candidates) {
    return closest(written, candidates, null);
  }

  /** {@code "; did you mean 'x'?"} for the closest candidate, else "" (also once the budget is spent). */
  String didYouMean(String wrong, Collection<String> candidates) {
    String best = closest(wrong, candidates, this);
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  private static String closest(String written, Collection<String> candidates, Suggestions budgeted) {
    if (written == null || candidates.contains(written)) {
      return null;
    }
    String wanted = written.trim();
    int limit = Math.max(1, Math.min(3, wanted.length() / 3));
    String best = null;
    int bestDistance = limit + 1;
    String squashed = squash(wanted);
    for (String candidate : candidates) {
      if (budgeted != null && --budgeted.budget < 0) {
        return null;
      }
      if (candidate == null || candidate.isBlank()) {
        continue;
      }
      int d;
      if (squash(candidate).equals(squashed)) {
        d = 0;
      } else if (Math.abs(candidate.length() - wanted.length()) > limit) {
        continue;
      } else {
        d = distance(wanted, candidate, limit);
      }
      if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  /** Lower case without underscores: the same name in camelCase and snake_case. */
  private static String squash(String name) {
    return name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Levenshtein distance ignoring case, or {@code limit + 1} once it is clear the distance exceeds it. */
  private static int distance(String a, String b, int limit) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      char ai = Character.toLowerCase(a.charAt(i - 1));
      for (int j = 1; j <= b.length(); j++) {
        int cost = ai == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
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
