package host.exosphere.client;

import java.util.List;

/**
 * One page of a namespace's runs, newest first (docs/state-manager.md §1.2.16).
 *
 * @param namespace the namespace
 * @param total how many runs the namespace has in all
 * @param page the 1-based page number asked for
 * @param size the page size asked for
 * @param runs the runs of this page
 */
public record RunsPage(String namespace, long total, int page, int size, List<RunSummary> runs) {
  public RunsPage {
    runs = List.copyOf(runs);
  }
}
