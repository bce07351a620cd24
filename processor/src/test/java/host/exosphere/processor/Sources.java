package host.exosphere.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Test sources that know their own lines, so a test can say "the error is on this value" as a line and a
 * column without counting by hand.
 */
final class Sources {
  private Sources() {}

  /** A source file and its lines, as javac numbers them (from 1). */
  record Src(JavaFileObject file, List<String> lines) {
    /** Line and column (both from 1) of the first occurrence of {@code fragment}. */
    long[] find(String fragment) {
      for (int i = 0; i < lines.size(); i++) {
        int col = lines.get(i).indexOf(fragment);
        if (col >= 0) {
          return new long[] {i + 1, col + 1};
        }
      }
      throw new AssertionError("no line contains " + fragment);
    }
  }

  /** {@code <pkg>/<Name>.java} with the annotations, {@code NodeContext} and {@code List} imported. */
  static Src in(String pkg, String simpleName, String... body) {
    List<String> all = new ArrayList<>();
    all.add("package " + pkg + ";");
    all.add("import host.exosphere.annotations.*;");
    all.add("import host.exosphere.worker.NodeContext;");
    all.add("import java.util.List;");
    all.addAll(List.of(body));
    return new Src(JavaFileObjects.forSourceLines(pkg + "." + simpleName, all), all);
  }

  static Src src(String simpleName, String... body) {
    return in("test", simpleName, body);
  }

  /** A node with one input {@code a} and one output {@code b}; {@code fanOut} makes execute return a list. */
  static Src node(String pkg, String name, boolean fanOut) {
    return in(pkg, name,
        "@Node",
        "public final class " + name + " {",
        "  public record Inputs(String a) {}",
        "  public record Outputs(String b) {}",
        fanOut ? "  public List<Outputs> execute(Inputs in) { return List.of(new Outputs(in.a())); }"
            : "  public Outputs execute(Inputs in) { return new Outputs(in.a()); }",
        "}");
  }

  static Src node(String name) {
    return node("test", name, false);
  }

  /** The sources compiled with the processor ({@link Fixtures#compile}). */
  static Compilation compile(Src... sources) {
    return Fixtures.compile(files(sources));
  }

  static List<JavaFileObject> files(Src... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Src s : sources) {
      files.add(s.file());
    }
    return files;
  }

  /**
   * The one diagnostic of {@code kind} whose message contains {@code text}, at the line and column where
   * {@code fragment} starts in {@code in}.
   */
  static void at(Compilation c, Diagnostic.Kind kind, String text, Src in, String fragment) {
    long[] where = in.find(fragment);
    List<Diagnostic<? extends JavaFileObject>> found = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      if (d.getKind() == kind && d.getMessage(Locale.ROOT).contains(text)) {
        found.add(d);
      }
    }
    assertWithMessage("one %s containing %s in %s", kind, text, c.diagnostics()).that(found).hasSize(1);
    Diagnostic<? extends JavaFileObject> d = found.get(0);
    assertWithMessage("file of %s", d).that(d.getSource() == null ? null : d.getSource().toUri())
        .isEqualTo(in.file().toUri());
    assertWithMessage("line and column of %s", d).that(new long[] {d.getLineNumber(), d.getColumnNumber()})
        .isEqualTo(where);
  }

  static void errorAt(Compilation c, String text, Src in, String fragment) {
    at(c, Diagnostic.Kind.ERROR, text, in, fragment);
  }

  /** The compilation's only error: {@link #errorAt}, and no other. */
  static void onlyErrorAt(Compilation c, String text, Src in, String fragment) {
    errorAt(c, text, in, fragment);
    assertWithMessage("errors of %s", c.diagnostics()).that(c.errors()).hasSize(1);
  }

  static void warningAt(Compilation c, String text, Src in, String fragment) {
    at(c, Diagnostic.Kind.WARNING, text, in, fragment);
  }
}
