// The toolbar button per tab: its icon, badge and tooltip (badge-style.ts).
import browser from 'webextension-polyfill';
import { badgeStyle, type BadgeState } from './badge-style.js';

export interface Badge {
  show(tabId: number, state: BadgeState): Promise<void>;
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
};
