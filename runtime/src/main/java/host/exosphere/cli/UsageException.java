package host.exosphere.cli;

/** A problem with what the user asked for (arguments, files, configuration): exit code 2, message only. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
