package host.exosphere.worker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by a node to stop its branch: the runtime reports the state as pruned
 * ({@code POST …/state/{id}/prune} with {@link #data()}), and no next states are created. A pruned state
 * counts as a success in run listings but blocks {@code ALL_SUCCESS} joins.
 */
public class PruneSignal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, Object> data;

  /** Prune with no data. */
  public PruneSignal() {
    this(Map.of());
  }

  /** Prune and store {@code data} on the state (any JSON-compatible values). */
  public PruneSignal(Map<String, ?> data) {
    super("prune", null, false, false);
    this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** The data stored on the pruned state. */
  public Map<String, Object> data() {
    return data;
  }
}
