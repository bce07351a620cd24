package host.exosphere.graph;

import host.exosphere.annotations.UnitesStrategy;
import java.util.Objects;

/**
 * A node template's {@code unites}: the node runs once per state of {@code identifier}, when every
 * descendant of that state is done according to {@code strategy}.
 */
public record Unites(String identifier, UnitesStrategy strategy) {
  public Unites {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(strategy, "strategy");
  }

  /** A join with the server's default strategy, {@link UnitesStrategy#ALL_SUCCESS}. */
  public static Unites of(String identifier) {
    return new Unites(identifier, UnitesStrategy.ALL_SUCCESS);
  }
}
