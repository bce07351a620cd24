package host.exosphere.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One node of a registration request: name, pydantic-shaped schemas and secret names. */
public record NodeRegistration(String name, ObjectNode inputsSchema, ObjectNode outputsSchema, List<String> secrets) {
  public NodeRegistration {
    secrets = List.copyOf(secrets);
  }
}
