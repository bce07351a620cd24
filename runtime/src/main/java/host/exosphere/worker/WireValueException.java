package host.exosphere.worker;

/** A state's text that does not decode to its record component's type; the adapter adds the node name. */
final class WireValueException extends NodeInputException {
  private static final long serialVersionUID = 1L;

  WireValueException(String message) {
    super(message);
  }
}
