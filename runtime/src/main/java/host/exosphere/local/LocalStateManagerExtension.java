package host.exosphere.local;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one {@link LocalStateManager} per test class, started before the first test and closed after
 * the last, injected into any constructor, lifecycle or test method parameter of type
 * {@link LocalStateManager}.
 *
 * <pre>{@code
 * @ExtendWith(LocalStateManagerExtension.class)
 * class MyWorkflowTest {
 *   @Test
 *   void runs(LocalStateManager server) { ... }
 * }
 * }</pre>
 *
 * <p>To configure the server (a test clock, a fixed key), register it from a static field instead:
 *
 * <pre>{@code
 * static final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * @RegisterExtension
 * static final LocalStateManagerExtension server =
 *     LocalStateManagerExtension.using(() -> LocalStateManager.builder().clock(clock));
 * }</pre>
 *
 * <p>Nested test classes share their outer class's server.
 */
public final class LocalStateManagerExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStateManagerExtension.class);

  private final Supplier<LocalStateManager.Builder> configuration;

  /** For {@code @ExtendWith}: a default server (free loopback port, random key, system clock). */
  public LocalStateManagerExtension() {
    this(LocalStateManager::builder);
  }

  private LocalStateManagerExtension(Supplier<LocalStateManager.Builder> configuration) {
    this.configuration = configuration;
  }

  /** For {@code @RegisterExtension}: a default server. */
  public static LocalStateManagerExtension create() {
    return new LocalStateManagerExtension();
  }

  /** For {@code @RegisterExtension}: each test class's server starts from the builder this supplies. */
  public static LocalStateManagerExtension using(Supplier<LocalStateManager.Builder> configuration) {
    return new LocalStateManagerExtension(Objects.requireNonNull(configuration, "configuration"));
  }

  /** The server of the test class running in {@code context} (started on first use). */
  public LocalStateManager stateManager(ExtensionContext context) {
    return server(context);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalStateManager.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return server(extensionContext);
  }

  /**
   * The server lives in the store of the test class's context, so JUnit closes it when the class is
   * done; a lookup from a method context (or a nested class) finds it through the parent stores.
   */
  private LocalStateManager server(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    Resource resource = classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(Resource.class, key -> new Resource(configuration.get().start()), Resource.class);
    return resource.server;
  }

  /** Closes the server with the class's extension context. */
  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    private final LocalStateManager server;

    Resource(LocalStateManager server) {
      this.server = server;
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
