package host.exosphere.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A node as registered with the state manager ({@code PUT /v0/namespace/{ns}/nodes/}): its name,
 * namespace, pydantic-shaped JSON Schemas for inputs and outputs, and the names of the secrets it needs.
 */
public record RegisteredNode(
    String name, String namespace, ObjectNode inputsSchema, ObjectNode outputsSchema, List<String> secrets) {

  public RegisteredNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    inputsSchema = Objects.requireNonNull(inputsSchema, "inputsSchema").deepCopy();
    outputsSchema = Objects.requireNonNull(outputsSchema, "outputsSchema").deepCopy();
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
  }

  /** The schema is mutable Jackson state: hand out copies so the record stays immutable. */
  @Override
  public ObjectNode inputsSchema() {
    return inputsSchema.deepCopy();
  }

  @Override
  public ObjectNode outputsSchema() {
    return outputsSchema.deepCopy();
  }
}
