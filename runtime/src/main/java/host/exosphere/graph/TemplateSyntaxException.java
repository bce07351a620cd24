package host.exosphere.graph;

/**
 * A {@code ${{ … }}} template that the state manager's parser refuses. The message is the server's own
 * text (docs/state-manager.md §4.4), e.g. {@code Invalid syntax string placeholder a.output.b for: ${{ a.output.b }}}.
 */
public final class TemplateSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  TemplateSyntaxException(String message) {
    super(message);
  }
}
