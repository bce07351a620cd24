package host.exosphere.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static host.exosphere.processor.Fixtures.compile;
import static host.exosphere.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import host.exosphere.graph.GraphStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A graph too large for one class's static initializer: the JVM caps a method at 64 KB of bytecode, and a
 * {@code Steps} constant takes 16 bytes of it, so one {@code Steps} class of all constants stopped compiling at
 * about 4,090 steps ("code too large"). The constants now come in parts {@code Steps} inherits, and users
 * still write {@code Steps.X}.
 */
class LargeGraphTest {
  /** Just over where one class of constants overflowed (4,090 steps compiled, 4,100 did not). */
  private static final int STEPS = 4_200;

  @Test
  void aGraphTooLargeForOneInitializerCompilesAndItsStepsReadAsBefore() throws Exception {
    Compilation c = compile(leaf(), graph(STEPS), source("Reader",
        "import static test.BigGraph.Steps.*;",
        "import host.exosphere.graph.GraphStep;",
        "import java.util.function.Supplier;",
        "public final class Reader implements Supplier<List<GraphStep<Leaf, Leaf.Outputs>>> {",
        "  @Override public List<GraphStep<Leaf, Leaf.Outputs>> get() {",
        "    return List.of(BigGraph.Steps.S0, S1000, BigGraph.Steps.S" + (STEPS - 1) + ");",
        "  }",
        "}"));

    assertThat(c).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(c);
    @SuppressWarnings("unchecked")
    List<GraphStep<?, ?>> read = ((Supplier<List<GraphStep<?, ?>>>) classes.loadClass("test.Reader")
        .getConstructor().newInstance()).get();
    assertEquals(List.of("s0", "s1000", "s" + (STEPS - 1)), read.stream().map(GraphStep::identifier).toList());
    assertEquals("Outputs[out=x]", read.get(2).readOutputs(Map.of("out", "x")).toString());
    // Reflection finds the inherited constants too, as the runtime's typed results do.
    Class<?> steps = classes.loadClass("test.BigGraph$Steps");
    assertEquals("s4199", ((GraphStep<?, ?>) steps.getField("S4199").get(null)).identifier());
    assertEquals(5, steps.getInterfaces().length);
  }

  @Test
  void aGraphOfOnePartKeepsItsConstantsInSteps() throws Exception {
    Compilation c = compile(leaf(), graph(StepsWriter.PART_SIZE));

    assertThat(c).succeededWithoutWarnings();
    Class<?> steps = new CompiledClasses(c).loadClass("test.BigGraph$Steps");
    assertEquals(0, steps.getInterfaces().length);
    assertEquals(StepsWriter.PART_SIZE, steps.getDeclaredFields().length);
  }

  private static JavaFileObject leaf() {
    return source("Leaf",
        "@Node",
        "public final class Leaf {",
        "  public record Inputs() {}",
        "  public record Outputs(String out) {}",
        "  public Outputs execute(Inputs in) { return new Outputs(\"done\"); }",
        "}");
  }

  /** A tree of {@code steps} steps, ten children each (no inputs: the least source per step for javac). */
  private static JavaFileObject graph(int steps) {
    List<String> lines = new ArrayList<>(List.of("@Graph(name = \"big\", namespace = \"big\")",
        "public interface Big {"));
    for (int s = 0; s < steps; s++) {
      List<String> children = new ArrayList<>();
      for (int child = s * 10 + 1; child <= s * 10 + 10 && child < steps; child++) {
        children.add("\"s" + child + "\"");
      }
      lines.add("  @Step(next = {" + String.join(", ", children) + "})");
      lines.add("  Leaf s" + s + "();");
    }
    lines.add("}");
    return source("Big", lines.toArray(new String[0]));
  }
}
