// A small key-value area that outlives an event-page suspension but not the browser session.
import browser, { type Storage } from 'webextension-polyfill';
import { batchedArea } from './batched-area.js';

export interface SessionArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** One key at a time over a WebExtension storage area. */
export function keyValueArea(area: Storage.StorageArea): SessionArea {
  return {
    async get(key) {
      return (await area.get(key))[key];
    },
    async set(key, value) {
      await area.set({ [key]: value });
    },
    async remove(key) {
      await area.remove(key);
    },
  };
}

/** storage.session: kept in memory by Firefox, never written to disk. */
export const browserSessionArea: SessionArea = batchedArea(browser.storage.session);
