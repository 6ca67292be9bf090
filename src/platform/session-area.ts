// A small key-value area that outlives an event-page suspension but not the browser session.
import browser from 'webextension-polyfill';

export interface SessionArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** storage.session: kept in memory by Firefox, never written to disk. */
export const browserSessionArea: SessionArea = {
  async get(key) {
    return (await browser.storage.session.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.session.set({ [key]: value });
  },
  async remove(key) {
    await browser.storage.session.remove(key);
  },
};
