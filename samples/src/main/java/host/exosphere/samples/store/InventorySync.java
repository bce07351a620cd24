package host.exosphere.samples.store;

import host.exosphere.annotations.Graph;
import host.exosphere.annotations.Input;
import host.exosphere.annotations.Step;
import host.exosphere.annotations.Store;

/**
 * A store-driven graph: every trigger must give a {@code cursor}; {@code page_size} and {@code table}
 * have defaults a trigger may override. Store values are fixed for the whole run when it is triggered.
 */
@Graph(name = "inventory-sync", namespace = "exosphere-samples")
@Store(
    requiredKeys = {"cursor"},
    defaults = {
      @Store.Default(key = "page_size", value = "50"),
      @Store.Default(key = "table", value = "inventory")
    })
public interface InventorySync {

  @Step(next = "write")
  @Input(name = "cursor", value = "${{ store.cursor }}")
  @Input(name = "page_size", value = "${{ store.page_size }}")
  PageFetcher fetch();

  @Step
  @Input(name = "items", value = "${{ fetch.outputs.items }}")
  @Input(name = "table", value = "${{ store.table }}")
  InventoryWriter write();
}
