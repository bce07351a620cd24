package host.exosphere.worker.nodes;

import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** What the processor would generate for {@link EchoNode}: copies {@code text} to {@code echo}. */
public final class EchoNodeAdapter extends AbstractNodeAdapter {
  public EchoNodeAdapter() {
    super("EchoNode", "", EchoNode.class, true, List.of("text"), List.of("echo"), List.of());
  }

  @Override
  protected Object newNode() {
    return new EchoNode();
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
    return inputs.get("text");
  }

  @Override
  protected List<String> values(Object outputs) {
    return List.of((String) outputs);
  }
}
