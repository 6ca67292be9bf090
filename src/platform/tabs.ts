// Tab navigation FirstSeen needs: replacing a blocked page by its warning page.
import browser from 'webextension-polyfill';

export interface TabNavigator {
  showWarning(tabId: number, nonce: string): Promise<void>;
}

export const browserTabs: TabNavigator = {
  async showWarning(tabId, nonce) {
    // Cancelling the response and loading our page ourselves keeps warning.html out of
    // web_accessible_resources, where any site could load it.
    await browser.tabs.update(tabId, { url: browser.runtime.getURL(`warning.html?ticket=${encodeURIComponent(nonce)}`) });
  },
};
