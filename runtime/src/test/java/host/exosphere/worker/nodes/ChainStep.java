package host.exosphere.worker.nodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphTemplate;
import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A step of the 3-step chain graph ({@code s1 → s2 → s3}) that idle-latency tests and benchmarks run:
 * appends its name to {@code x}, so the last step's output says which steps ran, in order. Not final:
 * a test may subclass it to observe a run.
 */
public class ChainStep extends AbstractNodeAdapter {
  /** The chain's node names, in order. */
  public static final List<String> STEPS = List.of("Step1", "Step2", "Step3");
  /** The graph's name. */
  public static final String GRAPH = "chain";
  /** What {@code s3} outputs as {@code x} once the chain ran. */
  public static final String RESULT = "start.Step1.Step2.Step3";

  public ChainStep(String name) {
    super(name, "", ChainStep.class, true, List.of("x"), List.of("x"), List.of());
  }

  @Override
  protected Object newNode() {
    return this;
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
    return inputs.get("x") + "." + name();
  }

  @Override
  protected List<String> values(Object outputs) {
    return List.of((String) outputs);
  }

  /** The chain graph in {@code namespace}: {@code s1} starts from {@code x = "start"}. */
  public static GraphTemplate graph(String namespace) {
    String body = ("{\"secrets\":{},\"nodes\":["
        + "{\"node_name\":\"Step1\",\"namespace\":\"NS\",\"identifier\":\"s1\",\"inputs\":{\"x\":\"start\"},"
        + "\"next_nodes\":[\"s2\"]},"
        + "{\"node_name\":\"Step2\",\"namespace\":\"NS\",\"identifier\":\"s2\",\"inputs\":{\"x\":\"${{ s1.outputs.x }}\"},"
        + "\"next_nodes\":[\"s3\"]},"
        + "{\"node_name\":\"Step3\",\"namespace\":\"NS\",\"identifier\":\"s3\",\"inputs\":{\"x\":\"${{ s2.outputs.x }}\"},"
        + "\"next_nodes\":[]}]}").replace("NS", namespace);
    try {
      return GraphJson.fromJson(GraphJson.mapper().readTree(body), GRAPH, namespace);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
