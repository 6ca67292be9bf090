// Desktop notifications, an optional permission the user turns on (first-run page or management
// page). Until it is granted, browser.notifications does not exist: every call here checks.
import browser from 'webextension-polyfill';
import { NOTIFICATIONS } from '../core/optional-permissions.js';


export interface Notifications {
  granted(): Promise<boolean>;
  show(id: string, title: string, message: string): Promise<void>;
  /** Registers the click listener, now if the API is there and again whenever the permission is granted. */
  onClicked(handler: (id: string) => void): void;
  clear(id: string): Promise<void>;
}

export const browserNotifications: Notifications = {
  granted: () => browser.permissions.contains(NOTIFICATIONS),
  async show(id, title, message) {
    await browser.notifications?.create(id, { type: 'basic', title, message, iconUrl: browser.runtime.getURL('icons/state-warning.svg') });
  },
  onClicked(handler) {
    let registered = false;
    const register = () => {
      if (registered || !browser.notifications) return;
      browser.notifications.onClicked.addListener(handler);
      registered = true;
    };
    register();
    browser.permissions.onAdded.addListener(register);
  },
  async clear(id) {
    await browser.notifications?.clear(id);
  },
};
