package test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import host.exosphere.client.NodeRegistration;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.worker.NodeAdapter;
import host.exosphere.worker.NodeContext;
import host.exosphere.worker.NodeInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Runs {@link MergeNode} for the Exosphere runtime without reflection: builds its records from the
 * state's maps and turns its result into output maps.
 */
@Generated("host.exosphere.processor.ExosphereProcessor")
public final class MergeNodeAdapter implements NodeAdapter {
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
  public static final List<String> INPUT_FIELDS = List.of();

  /**
   * The {@code Outputs} record's components: the wire output fields.
   */
  public static final List<String> OUTPUT_FIELDS = List.of();

  /**
   * The {@code Secrets} record's components: the secrets the node needs.
   */
  public static final List<String> SECRET_FIELDS = List.of();

  /**
   * Creates the adapter; the runtime creates one per node class.
   */
  public MergeNodeAdapter() {
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
    return true;
  }

  @Override
  public Class<?> nodeClass() {
    return MergeNode.class;
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) throws Exception {
    requireFields("input", inputs, INPUT_FIELDS, false);
    MergeNode.Inputs in = new MergeNode.Inputs();
    new MergeNode().execute(in);
    return List.of();
  }

  /**
   * Refuses a map whose keys are not exactly {@code declared}, naming what is missing and extra.
   */
  private static void requireFields(String kind, Map<String, String> given, List<String> declared,
      boolean extraAllowed) {
    List<String> missing = new ArrayList<>();
    for (String field : declared) {
      if (given.get(field) == null) {
        missing.add(field);
      }
    }
    List<String> extra = new ArrayList<>();
    if (!extraAllowed) {
      for (String field : given.keySet()) {
        if (!declared.contains(field)) {
          extra.add(field);
        }
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new NodeInputException("Node " + NAME + ": " + kind + " fields do not match its record"
          + (missing.isEmpty() ? "" : "; missing: " + missing)
          + (extra.isEmpty() ? "" : "; not declared: " + extra)
          + "; declared: " + declared);
    }
  }
}
