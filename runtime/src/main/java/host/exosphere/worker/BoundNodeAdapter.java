package host.exosphere.worker;

import java.util.List;
import java.util.Map;

/** A generated adapter paired with the one node instance that runs every state given to it. */
final class BoundNodeAdapter implements NodeAdapter {
  private final AbstractNodeAdapter adapter;
  private final Object node;

  BoundNodeAdapter(AbstractNodeAdapter adapter, Object node) {
    this.adapter = adapter;
    this.node = node;
  }

  /** The instance this adapter runs. */
  Object node() {
    return node;
  }

  @Override
  public String name() {
    return adapter.name();
  }

  @Override
  public String namespace() {
    return adapter.namespace();
  }

  @Override
  public List<String> inputFields() {
    return adapter.inputFields();
  }

  @Override
  public List<String> outputFields() {
    return adapter.outputFields();
  }

  @Override
  public List<String> secretFields() {
    return adapter.secretFields();
  }

  @Override
  public boolean executable() {
    return adapter.executable();
  }

  @Override
  public Class<?> nodeClass() {
    return adapter.nodeClass();
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) throws Exception {
    return adapter.execute(node, inputs, secrets, context);
  }

  @Override
  public String toString() {
    return "NodeAdapter[" + name() + " running " + node.getClass().getName() + "]";
  }
}
