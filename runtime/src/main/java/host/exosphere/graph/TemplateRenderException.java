package host.exosphere.graph;

/**
 * A template could not be rendered because a placeholder's value is missing or not a string. The
 * message is the text the state manager stores as the state's error (docs/state-manager.md §4.4), e.g.
 * {@code Dependent value is not set for: identifier='a' field='b' tail='' value=None}.
 */
public final class TemplateRenderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemplateRenderException(String message) {
    super(message);
  }
}
