package host.exosphere.worker.nodes;

import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** What the processor would generate for {@link EchoNode}: copies {@code text} to {@code echo}. */
public final class EchoNodeAdapter implements NodeAdapter {
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
    return List.of("text");
  }

  @Override
  public List<String> outputFields() {
    return List.of("echo");
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
    return EchoNode.class;
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) {
    return List.of(Map.of("echo", inputs.get("text")));
  }
}
