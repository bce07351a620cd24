package host.exosphere.worker.nodes;

import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** The adapter of the nested node {@code EchoNode.Inner}; deliberately named "EchoNode" too. */
public final class EchoNode_InnerAdapter implements NodeAdapter {
  public static final EchoNode_InnerAdapter INSTANCE = new EchoNode_InnerAdapter();

  @Override
  public String name() {
    return "EchoNode";
  }

  @Override
  public String namespace() {
    return "";
  }

  @Override
  public List<String> inputFields() {
    return List.of();
  }

  @Override
  public List<String> outputFields() {
    return List.of();
  }

  @Override
  public List<String> secretFields() {
    return List.of();
  }

  @Override
  public boolean executable() {
    return true;
  }

  @Override
  public Class<?> nodeClass() {
    return EchoNode.Inner.class;
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) {
    return List.of();
  }
}
