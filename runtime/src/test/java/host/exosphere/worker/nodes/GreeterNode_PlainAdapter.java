package host.exosphere.worker.nodes;

import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** What the processor would generate for {@link GreeterNode.Plain}. */
public final class GreeterNode_PlainAdapter extends AbstractNodeAdapter {
  public GreeterNode_PlainAdapter() {
    super("Plain", "", GreeterNode.Plain.class, true, List.of(), List.of(), List.of());
  }

  @Override
  protected Object newNode() {
    return new GreeterNode.Plain();
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
    return null;
  }
}
