// Whether FirstSeen may see the sites the user visits. In Manifest V3 the user can revoke an
// add-on's host permissions in about:addons; webRequest then reports nothing, and a tool that said
// "nothing unusual" while blind would be worse than none. So access is checked, and said.
import browser from 'webextension-polyfill';
import { OBSERVED_URLS } from './tls-observer.js';

export interface SiteAccess {
  /** Whether every origin FirstSeen observes is granted. */
  granted(): Promise<boolean>;
  /** Calls `changed` whenever a permission is granted or revoked. */
  watch(changed: () => void): void;
}

export const browserSiteAccess: SiteAccess = {
  granted: () => browser.permissions.contains({ origins: OBSERVED_URLS }),
  watch(changed) {
    browser.permissions.onAdded.addListener(changed);
    browser.permissions.onRemoved.addListener(changed);
  },
};
