// What FirstSeen has been allowed, read and asked for from its pages (the first-run page and the
// management page). Firefox grants a permission only in answer to a click, so each request here
// is made from one.
import browser from 'webextension-polyfill';
import { OBSERVED_ORIGINS } from '../core/observed-origins.js';
import { NOTIFICATIONS } from '../core/optional-permissions.js';

export interface SetupState {
  siteAccess: boolean;
  privateAccess: boolean;
  notifications: boolean;
}

export interface Setup {
  read(): Promise<SetupState>;
  allowAccess(): Promise<unknown>;
  setNotifications(on: boolean): Promise<unknown>;
  /** Calls `changed` when a permission is granted or revoked elsewhere (about:addons). */
  watch(changed: () => void): void;
  open(path: string): void;
}

export const browserSetup: Setup = {
  async read() {
    const [siteAccess, privateAccess, notifications] = await Promise.all([
      browser.permissions.contains({ origins: OBSERVED_ORIGINS }),
      browser.extension.isAllowedIncognitoAccess(),
      browser.permissions.contains(NOTIFICATIONS),
    ]);
    return { siteAccess, privateAccess, notifications };
  },
  allowAccess: () => browser.permissions.request({ origins: OBSERVED_ORIGINS }),
  setNotifications: (on) => (on ? browser.permissions.request(NOTIFICATIONS) : browser.permissions.remove(NOTIFICATIONS)),
  watch(changed) {
    browser.permissions.onAdded.addListener(changed);
    browser.permissions.onRemoved.addListener(changed);
  },
  open(path) {
    void browser.tabs.create({ url: browser.runtime.getURL(path) });
  },
};
