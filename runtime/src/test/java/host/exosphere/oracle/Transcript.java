package host.exosphere.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What one scenario saw on one server, normalized, in the order it happened. */
final class Transcript {
  /** One exchange: what was asked, the status, and the normalized answer. */
  record Entry(String step, int status, JsonNode body) {
    @Override
    public String toString() {
      return step + " -> " + status + " " + (body == null ? "" : body.toString());
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  void add(String step, int status, JsonNode body) {
    entries.add(new Entry(step, status, body));
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * Where two transcripts part, as text for an assertion message, or {@code null} when they agree.
   * The entries before the first difference are left out; each side's entry is shown whole.
   */
  static String difference(String leftLabel, Transcript left, String rightLabel, Transcript right) {
    List<Entry> a = left.entries;
    List<Entry> b = right.entries;
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      Entry x = i < a.size() ? a.get(i) : null;
      Entry y = i < b.size() ? b.get(i) : null;
      if (x == null || !x.equals(y)) {
        return "step " + (i + 1) + " differs:\n  " + leftLabel + ": " + x + "\n  " + rightLabel + ": " + y;
      }
    }
    return null;
  }
}
