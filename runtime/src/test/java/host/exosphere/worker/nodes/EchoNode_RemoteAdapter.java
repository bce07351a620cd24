package host.exosphere.worker.nodes;

import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** The adapter of the {@code @Node} interface {@code EchoNode.Remote}. */
public final class EchoNode_RemoteAdapter implements NodeAdapter {
  public static final EchoNode_RemoteAdapter INSTANCE = new EchoNode_RemoteAdapter();

  @Override
  public String name() {
    return "RemoteNode";
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
    return false;
  }

  @Override
  public Class<?> nodeClass() {
    return EchoNode.Remote.class;
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) {
    return List.of();
  }
}
