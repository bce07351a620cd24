package test;

import host.exosphere.client.NodeRegistration;
import host.exosphere.worker.AbstractNodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Runs {@link MergeNode} for the Exosphere runtime without reflection: builds its records from the
 * state's maps, calls the node instance it is given and reads its outputs; the checks and conversions
 * are in {@link AbstractNodeAdapter}.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class MergeNodeAdapter extends AbstractNodeAdapter {
  /**
   * The registered node name.
   */
  public static final String NAME = "MergeNode";

  /**
   * The namespace given on {@code @Node}; empty when the graph's namespace applies.
   */
  public static final String NAMESPACE = "";

  /**
   * The {@code Inputs} record's components: the wire input fields.
   */
  public static final List<String> INPUT_FIELDS = strings();

  /**
   * The {@code Outputs} record's components: the wire output fields.
   */
  public static final List<String> OUTPUT_FIELDS = strings();

  /**
   * The {@code Secrets} record's components: the secrets the node needs.
   */
  public static final List<String> SECRET_FIELDS = strings();

  /**
   * Creates the adapter; the runtime creates one per node class.
   */
  public MergeNodeAdapter() {
    super(NAME, NAMESPACE, MergeNode.class, true, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);
  }

  /**
   * This node's entry of a registration request ({@code PUT …/nodes/}).
   */
  public static NodeRegistration registration() {
    return registration(NAME, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);
  }

  @Override
  protected Object newNode() {
    return new MergeNode();
  }

  @Override
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) throws Exception {
    ((MergeNode) node).execute(new MergeNode.Inputs());
    return null;
  }
}
