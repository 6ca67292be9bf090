// The toolbar button per tab: its icon, badge and tooltip (badge-style.ts).
import browser from 'webextension-polyfill';
import { badgeStyle, partsToSet, type BadgeState, type ButtonPart } from './badge-style.js';

export interface Badge {
  /** `atNavigation`: Firefox has just reset the button, or is about to (partsToSet). */
  show(tabId: number, state: BadgeState, atNavigation?: boolean): Promise<void>;
  /**
   * Whether the tab's button shows `state` now. Read from its tooltip: Firefox's navigation reset
   * clears a tab's icon, badge and tooltip together, and each state has a tooltip of its own.
   */
  shows(tabId: number, state: BadgeState): Promise<boolean>;
}

export const browserBadge: Badge = {
  async show(tabId, state, atNavigation = false) {
    const style = badgeStyle(state);
    const set: Record<ButtonPart, () => Promise<void>> = {
      icon: () => browser.action.setIcon({ tabId, path: style.icon }),
      text: () => browser.action.setBadgeText({ tabId, text: style.text }),
      color: () => browser.action.setBadgeBackgroundColor({ tabId, color: style.color }),
      title: () => browser.action.setTitle({ tabId, title: browser.i18n.getMessage(style.titleMessage) }),
    };
    try {
      await Promise.all(partsToSet(state, atNavigation).map((part) => set[part]()));
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
