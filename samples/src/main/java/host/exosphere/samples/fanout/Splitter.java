package host.exosphere.samples.fanout;

import host.exosphere.annotations.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Fans out: returns one output per batch, so the state manager creates one next state per batch. The
 * number of batches is only known at run time.
 */
@Node
public final class Splitter {
  public record Inputs(String source, String batch_count) {}

  public record Outputs(String item) {}

  public List<Outputs> execute(Inputs inputs) {
    int count = Integer.parseInt(inputs.batch_count().trim());
    List<Outputs> items = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      items.add(new Outputs(inputs.source() + "#" + i));
    }
    return items;
  }
}
