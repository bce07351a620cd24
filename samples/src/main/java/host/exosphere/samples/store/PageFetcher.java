package host.exosphere.samples.store;

import host.exosphere.annotations.Node;

/** Reads one page of an inventory, starting at a cursor. */
@Node
public final class PageFetcher {
  public record Inputs(String cursor, String page_size) {}

  public record Outputs(String items, String next_cursor) {}

  public Outputs execute(Inputs inputs) {
    long cursor = Long.parseLong(inputs.cursor().trim());
    long size = Long.parseLong(inputs.page_size().trim());
    return new Outputs("items " + cursor + ".." + (cursor + size - 1), Long.toString(cursor + size));
  }
}
