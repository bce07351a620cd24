package host.exosphere.client;

import java.util.List;

/** A graph's validation state as the state manager reports it ({@code GET …/graph/{name}}). */
public record GraphStatus(String validationStatus, List<String> validationErrors) {
  public GraphStatus {
    validationErrors = List.copyOf(validationErrors);
  }

  public boolean isValid() {
    return "VALID".equals(validationStatus);
  }
}
