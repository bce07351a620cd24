package test;

import host.exosphere.client.NodeRegistration;
import host.exosphere.worker.AbstractNodeAdapter;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Runs {@link PythonReporter} for the Exosphere runtime without reflection: builds its records from the
 * state's maps, calls the node instance it is given and reads its outputs; the checks and conversions
 * are in {@link AbstractNodeAdapter}.
 *
 * <p>PythonReporter is an interface: a node another runtime executes. It can be used in graphs;
 * {@link #execute} refuses to run it.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class PythonReporterAdapter extends AbstractNodeAdapter {
  /**
   * The registered node name.
   */
  public static final String NAME = "Reporter";

  /**
   * The namespace given on {@code @Node}; empty when the graph's namespace applies.
   */
  public static final String NAMESPACE = "";

  /**
   * The {@code Inputs} record's components: the wire input fields.
   */
  public static final List<String> INPUT_FIELDS = strings("result");

  /**
   * The {@code Outputs} record's components: the wire output fields.
   */
  public static final List<String> OUTPUT_FIELDS = strings("url");

  /**
   * The {@code Secrets} record's components: the secrets the node needs.
   */
  public static final List<String> SECRET_FIELDS = strings();

  /**
   * Creates the adapter; the runtime creates one per node class.
   */
  public PythonReporterAdapter() {
    super(NAME, NAMESPACE, PythonReporter.class, false, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);
  }

  /**
   * This node's entry of a registration request ({@code PUT …/nodes/}).
   */
  public static NodeRegistration registration() {
    return registration(NAME, INPUT_FIELDS, OUTPUT_FIELDS, SECRET_FIELDS);
  }
}
