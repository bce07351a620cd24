package host.exosphere.worker.nodes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node with a collaborator (its greeting) and no no-argument constructor, so the runtime must be given
 * an instance or a factory; it counts its calls and closes to show who disposes of it.
 */
public class GreeterNode implements AutoCloseable {
  private final String greeting;
  public final AtomicInteger calls = new AtomicInteger();
  public final AtomicInteger closed = new AtomicInteger();

  public GreeterNode(String greeting) {
    this.greeting = greeting;
  }

  public String greet(String name) {
    calls.incrementAndGet();
    return greeting + ", " + name;
  }

  @Override
  public void close() {
    closed.incrementAndGet();
  }

  /** A node the runtime can create itself; remembers the last instance created so a test can inspect it. */
  public static final class Plain implements AutoCloseable {
    public static volatile Plain last;
    public final AtomicInteger closed = new AtomicInteger();

    public Plain() {
      last = this;
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }
}
