package host.exosphere.samples.store;

import host.exosphere.annotations.Cron;
import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Store;

/**
 * The same sync on a schedule. A cron trigger starts runs with an empty store, so a scheduled graph gives
 * every key it reads a default instead of requiring it: with a required key, every scheduled run would
 * fail to start.
 */
@Graph(name = "nightly-inventory-sync", namespace = "exosphere-samples")
@Store(
    defaults = {
      @Store.Default(key = "cursor", value = "0"),
      @Store.Default(key = "page_size", value = "500"),
      @Store.Default(key = "table", value = "inventory_nightly")
    })
@Cron("0 2 * * *")
@Cron("30 14 * * 1-5")
public interface NightlyInventorySync {

  @Step(next = "write")
  @Input(name = "cursor", value = "${{ store.cursor }}")
  @Input(name = "page_size", value = "${{ store.page_size }}")
  PageFetcher fetch();

  @Step
  @Input(name = "items", value = "${{ fetch.outputs.items }}")
  @Input(name = "table", value = "${{ store.table }}")
  InventoryWriter write();
}
