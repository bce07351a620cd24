package host.exosphere.worker.nodes;

import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** The adapter of the nested node {@code EchoNode.Inner}; deliberately named "EchoNode" too. */
public final class EchoNode_InnerAdapter extends AbstractNodeAdapter {
  public EchoNode_InnerAdapter() {
    super("EchoNode", "", EchoNode.Inner.class, true, List.of(), List.of(), List.of());
  }

  @Override
  protected Object newNode() {
    return new EchoNode.Inner();
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
    return null;
  }
}
