package host.exosphere.worker;

/** The inputs or secrets a state carries do not match the node's {@code Inputs} or {@code Secrets} record. */
public class NodeInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public NodeInputException(String message) {
    super(message);
  }
}
