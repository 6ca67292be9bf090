// A small key-value area on disk, outside IndexedDB: the user's device options, and (issue #6)
// what must survive if the database is wiped.
import browser from 'webextension-polyfill';
import type { SessionArea } from './session-area.js';

/** The same shape as the session area; only where it lives differs. */
export type LocalArea = SessionArea;

/** storage.local: written to the profile, kept across restarts. */
export const browserLocalArea: LocalArea = {
  async get(key) {
    return (await browser.storage.local.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
  async remove(key) {
    await browser.storage.local.remove(key);
  },
};
