package host.exosphere.worker.nodes;

import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;

/** What the processor would generate for {@link GreeterNode}: no {@code newNode}, as it has no no-arg constructor. */
public final class GreeterNodeAdapter extends AbstractNodeAdapter {
  public GreeterNodeAdapter() {
    super("Greeter", "", GreeterNode.class, true, List.of("name"), List.of("greeting"), List.of());
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) {
    return ((GreeterNode) node).greet(inputs.get("name"));
  }

  @Override
  protected List<String> values(Object outputs) {
    return List.of((String) outputs);
  }
}
