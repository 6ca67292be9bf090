// storage.managed: what the organisation set through Firefox enterprise policies (policies.json's
// 3rdparty.Extensions section), read-only for the add-on. Firefox loads it only at start, so it
// never reports a change while running (MDN, StorageArea.onChanged); the listener is there for a
// Firefox that one day does.
import browser from 'webextension-polyfill';

export interface ManagedArea {
  /** The policy object, or undefined where there is none (Firefox rejects the read then). */
  read(): Promise<unknown>;
  onChanged(listener: () => void): void;
}

export const browserManagedArea: ManagedArea = {
  async read() {
    try {
      return await browser.storage.managed.get();
    } catch {
      // "Managed storage manifest not found": no policy sets anything for FirstSeen.
      return undefined;
    }
  },
  onChanged(listener) {
    // The area's own event: storage.onChanged would also wake for every write the add-on makes.
    (browser.storage.managed as { onChanged?: { addListener(l: () => void): void } }).onChanged?.addListener(listener);
  },
};
