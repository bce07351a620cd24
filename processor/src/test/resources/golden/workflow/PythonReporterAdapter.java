package test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.NodeRegistration;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Runs {@link PythonReporter} for the Exosphere runtime without reflection: builds its records from the
 * state's maps and turns its result into output maps.
 *
 * <p>PythonReporter is an interface: a node another runtime executes. It can be used in graphs;
 * {@link #execute} refuses to run it.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class PythonReporterAdapter implements NodeAdapter {
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
  public static final List<String> INPUT_FIELDS = List.of("result");

  /**
   * The {@code Outputs} record's components: the wire output fields.
   */
  public static final List<String> OUTPUT_FIELDS = List.of("url");

  /**
   * The {@code Secrets} record's components: the secrets the node needs.
   */
  public static final List<String> SECRET_FIELDS = List.of();

  /**
   * Creates the adapter; the runtime creates one per node class.
   */
  public PythonReporterAdapter() {
  }

  /**
   * The pydantic-shaped JSON Schema of {@code Inputs} the state manager registers.
   */
  public static ObjectNode inputsSchema() {
    return NodeSchemas.pydanticSchema("Inputs", INPUT_FIELDS);
  }

  /**
   * The pydantic-shaped JSON Schema of {@code Outputs} the state manager registers.
   */
  public static ObjectNode outputsSchema() {
    return NodeSchemas.pydanticSchema("Outputs", OUTPUT_FIELDS);
  }

  /**
   * This node's entry of a registration request ({@code PUT …/nodes/}).
   */
  public static NodeRegistration registration() {
    return new NodeRegistration(NAME, inputsSchema(), outputsSchema(), SECRET_FIELDS);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public List<String> inputFields() {
    return INPUT_FIELDS;
  }

  @Override
  public List<String> outputFields() {
    return OUTPUT_FIELDS;
  }

  @Override
  public List<String> secretFields() {
    return SECRET_FIELDS;
  }

  @Override
  public boolean executable() {
    return false;
  }

  @Override
  public Class<?> nodeClass() {
    return PythonReporter.class;
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) throws Exception {
    throw new UnsupportedOperationException("Node Reporter is declared by the interface test.PythonReporter and is executed by another runtime, not by the Java runtime");
  }
}
