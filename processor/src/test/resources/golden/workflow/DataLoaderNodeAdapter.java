package test;

import host.exosphere.client.NodeRegistration;
import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Runs {@link DataLoaderNode} for the Exosphere runtime without reflection: builds its records from the
 * state's maps, calls the node instance it is given and reads its outputs; the checks and conversions
 * are in {@link AbstractNodeAdapter}.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class DataLoaderNodeAdapter extends AbstractNodeAdapter {
  /**
   * The registered node name.
   */
  public static final String NAME = "DataLoaderNode";

  /**
   * The namespace given on {@code @Node}; empty when the graph's namespace applies.
   */
  public static final String NAMESPACE = "";

  /**
   * The {@code Inputs} record's components: the wire input fields.
   */
  public static final List<String> INPUT_FIELDS = strings("source");

  /**
   * The {@code Outputs} record's components: the wire output fields.
   */
  public static final List<String> OUTPUT_FIELDS = strings("data");

  /**
   * The {@code Secrets} record's components: the secrets the node needs.
   */
  public static final List<String> SECRET_FIELDS = strings("api_key");

  /**
   * Creates the adapter; the runtime creates one per node class.
   */
  public DataLoaderNodeAdapter() {
    super(NAME, NAMESPACE, DataLoaderNode.class, true, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);
  }

  /**
   * This node's entry of a registration request ({@code PUT …/nodes/}).
   */
  public static NodeRegistration registration() {
    return registration(NAME, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);
  }

  @Override
  protected Object newNode() {
    return new DataLoaderNode();
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) throws Exception {
    return ((DataLoaderNode) node).execute(new DataLoaderNode.Inputs(inputs.get("source")),
        new DataLoaderNode.Secrets(secrets.get("api_key")));
  }

  @Override
  protected List<String> values(Object outputs) {
    DataLoaderNode.Outputs out = (DataLoaderNode.Outputs) outputs;
    return strings(out.data());
  }
}
