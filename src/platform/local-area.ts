// A small key-value area on disk, outside IndexedDB: this browser's options, and the sentinel that
// must survive if the database is wiped.
import browser from 'webextension-polyfill';
import { keyValueArea, type SessionArea } from './session-area.js';

/** The same shape as the session area; only where it lives differs. */
export type LocalArea = SessionArea;

/** storage.local: written to the profile, kept across restarts. */
export const browserLocalArea: LocalArea = keyValueArea(browser.storage.local);
