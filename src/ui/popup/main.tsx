// Entry of popup.html. Shows the active tab, or the tab named by ?tab=<id> when opened as a page.
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { request } from '../client.js';
import { OBSERVED_ORIGINS } from '../../core/observed-origins.js';
import { t } from '../i18n.js';
import type { TabReport } from '../../protocol.js';
import { Popup, type PopupActions } from './Popup.js';

async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}

const root = document.getElementById('root')!;

function show(report: TabReport | null, error: string | null, actions: PopupActions): void {
  render(<Popup report={report} error={error} now={Date.now()} t={t} actions={actions} />, root);
  document.body.dataset.ready = error ? 'error' : report ? 'yes' : 'no';
}

async function refresh(): Promise<void> {
  try {
    const tabId = await targetTab();
    if (tabId === undefined) throw new Error(t('popupNoTab'));
    show(await request({ type: 'tab-report', tabId }), null, actions);
  } catch (e) {
    show(null, e instanceof Error ? e.message : String(e), actions);
  }
}

const actions: PopupActions = {
  decide(host, key, decision) {
    request({ type: 'decide-key', host, key, decision }).then(refresh, (e: unknown) => show(null, String(e), actions));
  },
  hold(host) {
    request({ type: 'hold-host', host }).then(refresh, (e: unknown) => show(null, String(e), actions));
  },
  allowAccess() {
    void browser.permissions.request({ origins: OBSERVED_ORIGINS }).then(refresh, (e: unknown) => show(null, String(e), actions));
  },
  viewCertificate(host, spki) {
    const url = browser.runtime.getURL(`certificate.html?host=${encodeURIComponent(host)}&spki=${encodeURIComponent(spki)}`);
    void browser.tabs.create({ url }).then(() => window.close());
  },
  manage(host) {
    const url = browser.runtime.getURL(host ? `manager.html?host=${encodeURIComponent(host)}` : 'manager.html');
    void browser.tabs.create({ url }).then(() => window.close());
  },
};

show(null, null, actions);
void refresh();
