package host.exosphere.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated programs, right and wrong: nodes and graphs with odd names, broken and working wiring,
 * fan-outs, unites, stores, crons and retries. Whatever the program, the processor must not fail
 * ({@code internal-error}), must position every diagnostic it prints, and must never make javac report
 * an error or a warning inside generated code (compiled with {@code -Xlint:all}). Seeded, so a failure
 * names the program that reproduces it.
 */
class ProcessorFuzzTest {
  private static final long SEED = 13L;
  private static final int PROGRAMS = 300;
  /** Programs per javac run, each in its own package and namespace: one javac start-up serves many. */
  private static final int BATCH = 25;
  /** A cap on a loaded machine: later batches are left out rather than run for minutes. */
  private static final long BUDGET_NANOS = 60_000_000_000L;

  private static final String[] NAMES = {"g", "load", "order pipeline", "ä-ö", "line\u2028sep", "trigger",
      "client", "Exception", "x".repeat(120), "a.b", "UPPER", "_u", "1st", "", " padded "};
  private static final String[] FIELDS = {"a", "b", "data", "next", "outputs", "value", "trigger", "client",
      "toString", "id"};

  @Test
  void noProgramCrashesTheProcessorOrBreaksGeneratedCode() {
    Random random = new Random(SEED);
    long start = System.nanoTime();
    int batches = 0;
    for (int first = 0; first < PROGRAMS && (batches == 0 || System.nanoTime() - start < BUDGET_NANOS);
        first += BATCH) {
      List<JavaFileObject> batch = new ArrayList<>();
      for (int p = first; p < first + BATCH; p++) {
        batch.addAll(program(random, p));
      }
      Compilation c = Fixtures.compiler().withOptions("-Xlint:all", "-Xlint:-processing").compile(batch);
      check(batch, c);
      batches++;
    }
    assertTrue(batches > 0);
  }

  private static void check(List<JavaFileObject> batch, Compilation c) {
    Set<String> inputs = new HashSet<>();
    for (JavaFileObject file : batch) {
      inputs.add(file.toUri().toString());
    }
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.contains("[exosphere:internal-error]")) {
        fail("internal error " + message + "\n" + render(batch, d));
      }
      if (message.contains("[exosphere:") && d.getKind() != Diagnostic.Kind.NOTE
          && (d.getSource() == null || d.getLineNumber() == Diagnostic.NOPOS)) {
        fail("unpositioned " + message + "\n" + render(batch, d));
      }
      boolean generated = d.getSource() != null && !inputs.contains(d.getSource().toUri().toString());
      if (generated && (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
          || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)) {
        fail(d.getKind() + " in generated " + d.getSource().getName() + ": " + message + "\n" + render(batch, d));
      }
    }
  }

  /** The program the diagnostic is about (its package), or the whole batch when that is unknown. */
  private static String render(List<JavaFileObject> batch, Diagnostic<? extends JavaFileObject> d) {
    String where = d.getSource() == null ? "" : d.getSource().toUri().toString();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("fuzz\\d+").matcher(where);
    String pkg = m.find() ? m.group() + "/" : "";
    List<JavaFileObject> program = new ArrayList<>();
    for (JavaFileObject file : batch) {
      if (file.toUri().toString().contains(pkg)) {
        program.add(file);
      }
    }
    return render(program);
  }

  private static String render(List<JavaFileObject> program) {
    StringBuilder s = new StringBuilder();
    for (JavaFileObject file : program) {
      try {
        s.append("// ").append(file.getName()).append('\n').append(file.getCharContent(true)).append('\n');
      } catch (java.io.IOException e) {
        s.append(e);
      }
    }
    return s.toString();
  }

  // ------------------------------------------------------------------------------------------ programs

  /** One node kind of a program: its class name, fields and shape. */
  private record NodeSpec(String className, List<String> inputs, List<String> outputs, List<String> secrets,
      boolean fanOut, boolean isInterface) {}

  private static List<JavaFileObject> program(Random r, int index) {
    String pkg = "fuzz" + index;
    List<JavaFileObject> files = new ArrayList<>();
    List<NodeSpec> nodes = new ArrayList<>();
    int nodeCount = 1 + r.nextInt(3);
    for (int n = 0; n < nodeCount; n++) {
      NodeSpec spec = new NodeSpec("N" + n, fields(r), fields(r), r.nextInt(4) == 0 ? List.of("api_key") : List.of(),
          r.nextInt(4) == 0, r.nextInt(8) == 0);
      nodes.add(spec);
      files.add(JavaFileObjects.forSourceString(pkg + "." + spec.className(), nodeSource(pkg, spec, r)));
    }
    files.add(JavaFileObjects.forSourceString(pkg + ".G", graphSource(pkg, nodes, r)));
    return files;
  }

  private static List<String> fields(Random r) {
    List<String> fields = new ArrayList<>();
    int count = r.nextInt(4);
    for (int i = 0; i < count; i++) {
      String f = FIELDS[r.nextInt(FIELDS.length)];
      if (!fields.contains(f)) {
        fields.add(f);
      }
    }
    return fields;
  }

  private static String nodeSource(String pkg, NodeSpec n, Random r) {
    StringBuilder s = new StringBuilder("package " + pkg + ";\n")
        .append("import host.exosphere.annotations.*;\nimport java.util.List;\n");
    if (r.nextInt(10) == 0) {
      s.append("@Deprecated\n");
    }
    String name = r.nextInt(5) == 0 ? "(name = " + literal(pick(r, NAMES)) + ")" : "";
    s.append("@Node").append(name).append('\n');
    s.append("public ").append(n.isInterface() ? "interface " : "final class ").append(n.className()).append(" {\n");
    String vis = n.isInterface() ? "" : "public ";
    s.append("  ").append(vis).append("record Inputs(").append(components(n.inputs())).append(") {}\n");
    s.append("  ").append(vis).append("record Outputs(").append(components(n.outputs())).append(") {}\n");
    if (!n.secrets().isEmpty()) {
      s.append("  ").append(vis).append("record Secrets(").append(components(n.secrets())).append(") {}\n");
    }
    if (!n.isInterface()) {
      String params = "Inputs inputs" + (n.secrets().isEmpty() ? "" : ", Secrets secrets");
      s.append(n.fanOut() ? "  public List<Outputs> execute(" + params + ") { return List.of(); }\n"
          : "  public Outputs execute(" + params + ") { return null; }\n");
    }
    return s.append("}\n").toString();
  }

  private static String components(List<String> fields) {
    List<String> parts = new ArrayList<>();
    for (String f : fields) {
      parts.add("String " + f);
    }
    return String.join(", ", parts);
  }

  private static String graphSource(String pkg, List<NodeSpec> nodes, Random r) {
    int steps = 1 + r.nextInt(6);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      ids.add("s" + i);
    }
    Set<String> secrets = new HashSet<>();
    List<String> storeKeys = List.of("k", "trigger", "client", "line\u2028sep");
    StringBuilder s = new StringBuilder("package " + pkg + ";\n")
        .append("import host.exosphere.annotations.*;\n");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < steps; i++) {
      NodeSpec node = nodes.get(r.nextInt(nodes.size()));
      secrets.addAll(node.secrets());
      List<String> next = new ArrayList<>();
      for (int j = i + 1; j < steps; j++) {
        if (j == i + 1 || r.nextInt(4) == 0) {
          next.add(ids.get(j));
        }
      }
      if (r.nextInt(15) == 0 && i > 0) {
        next.add(ids.get(r.nextInt(i))); // a cycle
      }
      if (r.nextInt(15) == 0) {
        next.add("missing");
      }
      body.append("  @Step").append(next.isEmpty() ? "" : "(next = {" + literals(next) + "})");
      if (i > 1 && r.nextInt(4) == 0) {
        body.append(" @Unites(").append(literal(ids.get(r.nextInt(i)))).append(')');
      }
      for (String input : node.inputs()) {
        if (r.nextInt(12) == 0) {
          continue; // a missing mapping
        }
        body.append(" @Input(name = ").append(literal(input)).append(", value = ")
            .append(literal(value(r, i, ids, nodes, storeKeys))).append(')');
      }
      if (r.nextInt(12) == 0) {
        body.append(" @Input(name = \"extra\", value = \"x\")");
      }
      body.append(' ').append(node.className()).append(' ').append(ids.get(i)).append("();\n");
    }
    List<String> declared = new ArrayList<>(secrets);
    if (r.nextInt(6) == 0 && !declared.isEmpty()) {
      declared.remove(0);
    }
    s.append("@Graph(name = ").append(literal(r.nextInt(3) == 0 ? pick(r, NAMES) : "g"))
        .append(", namespace = ").append(literal(r.nextInt(4) == 0 ? pick(r, NAMES) : pkg))
        .append(", secrets = {").append(literals(declared)).append("})\n");
    if (r.nextInt(3) == 0) {
      s.append("@Store(requiredKeys = {").append(r.nextBoolean() ? literal(pick(r, storeKeys)) : "")
          .append("}, defaults = @Store.Default(key = ").append(literal(pick(r, storeKeys)))
          .append(", value = \"v\"))\n");
    }
    if (r.nextInt(4) == 0) {
      s.append("@Retry(maxRetries = ").append(r.nextInt(5) - 1).append(", backoffFactor = ")
          .append(r.nextInt(3000) - 10).append(")\n");
    }
    if (r.nextInt(5) == 0) {
      s.append("@Cron(").append(literal(pick(r, new String[] {"0 9 * * 1-5", "61 6 * * *", "* * *", "0 0 31 2 *"})))
          .append(")\n");
    }
    return s.append("public interface G {\n").append(body).append("}\n").toString();
  }

  private static String value(Random r, int step, List<String> ids, List<NodeSpec> nodes, List<String> storeKeys) {
    String parent = step == 0 ? "s0" : ids.get(r.nextInt(step));
    String field = pick(r, FIELDS);
    return switch (r.nextInt(9)) {
      case 0 -> "${{ " + parent + ".outputs." + field + " }}";
      case 1 -> "${{ store." + pick(r, storeKeys) + " }}";
      case 2 -> "${ " + parent + ".outputs." + field + " }";
      case 3 -> "${{ " + parent + ".outputs }}";
      case 4 -> "${{ " + parent + ".output." + field + " }}";
      case 5 -> "prefix ${{ " + parent + ".outputs." + field + " }} suffix";
      case 6 -> "${{ nowhere.outputs.a }}";
      default -> "literal";
    };
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String pick(Random r, List<String> values) {
    return values.get(r.nextInt(values.size()));
  }

  private static String literals(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(literal(v));
    }
    return String.join(", ", out);
  }

  /** A Java string literal, with everything outside printable ASCII as a unicode escape. */
  static String literal(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
