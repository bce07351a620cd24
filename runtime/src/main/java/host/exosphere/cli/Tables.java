package host.exosphere.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.IntPredicate;

/** Plain-text tables: columns padded to their widest cell, numbers right-aligned, no trailing spaces. */
final class Tables {
  static final IntPredicate NO_NUMBERS = column -> false;

  private Tables() {}

  /** Prints {@code rows} (the first is the header); {@code numeric} says which columns hold numbers. */
  static void print(PrintWriter out, List<String[]> rows, IntPredicate numeric) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String cell = row[i];
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(numeric.test(i) ? pad + cell : (i == columns - 1 ? cell : cell + pad));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
