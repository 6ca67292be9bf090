// The toolbar button per tab: its icon, badge and tooltip (badge-style.ts).
import browser from 'webextension-polyfill';
import { badgeStyle, type BadgeState } from './badge-style.js';

export interface Badge {
  show(tabId: number, state: BadgeState): Promise<void>;
  /**
   * Whether the tab's button shows `state` now. Read from its tooltip: Firefox's navigation reset
   * clears a tab's icon, badge and tooltip together, and each state has a tooltip of its own.
   */
  shows(tabId: number, state: BadgeState): Promise<boolean>;
}

export const browserBadge: Badge = {
  async show(tabId, state) {
    const style = badgeStyle(state);
    try {
      await Promise.all([
        browser.action.setIcon({ tabId, path: style.icon }),
        browser.action.setBadgeText({ tabId, text: style.text }),
        browser.action.setBadgeBackgroundColor({ tabId, color: style.color }),
        browser.action.setTitle({ tabId, title: browser.i18n.getMessage(style.titleMessage) }),
      ]);
    } catch {
      // The tab closed meanwhile: there is no button left to set.
    }
  },
  async shows(tabId, state) {
    try {
      return (await browser.action.getTitle({ tabId })) === browser.i18n.getMessage(badgeStyle(state).titleMessage);
    } catch {
      // The tab closed meanwhile: nothing to repair.
      return true;
    }
  },
};
