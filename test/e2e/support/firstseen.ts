// Drives the built FirstSeen add-on in a real Firefox: its pages, its messages, its badge.
import { readFileSync } from 'node:fs';
import type { Browser as Puppeteer, Page } from 'puppeteer-core';
import type { Browser } from 'webextension-polyfill';
import type { HostDetail, HostReport, TabReport } from '../../../src/protocol.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import type { StoredTrustEvent } from '../../../src/core/trust-event.js';
import { openExtensionPage, type ExtensionUnderTest } from './firefox.js';

const DIST = new URL('../../../dist/', import.meta.url).pathname;

export const FIRSTSEEN: ExtensionUnderTest = {
  dir: DIST,
  geckoId: (JSON.parse(readFileSync(`${DIST}manifest.json`, 'utf8')) as { browser_specific_settings: { gecko: { id: string } } })
    .browser_specific_settings.gecko.id,
  uuid: '5f1e2c3d-4b5a-4968-8778-695a4b3c2d1e',
};

export const EXTENSION_BASE = `moz-extension://${FIRSTSEEN.uuid}/`;

type ExtensionGlobal = typeof globalThis & { browser: Browser };

/** An extension page kept open to ask the add-on things, as its own pages do. */
/**
 * Loads a URL in a tab; where FirstSeen stops the load, ends on its warning page instead. Puppeteer's
 * url() does not follow a navigation the add-on started, so the document itself is asked.
 */
export async function land(tab: Page, url: string): Promise<string> {
  const loaded = await tab.goto(url).then(() => true, () => false);
  if (loaded) return tab.url();
  const until = Date.now() + 10_000;
  let href = '';
  while (Date.now() < until) {
    href = await tab.evaluate(() => location.href).catch(() => '');
    if (href.startsWith(EXTENSION_BASE)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return href;
}

export class FirstSeenDriver {
  private constructor(
    private readonly browser: Puppeteer,
    private readonly page: Page,
  ) {}

  static async open(browser: Puppeteer): Promise<FirstSeenDriver> {
    return new FirstSeenDriver(browser, await openExtensionPage(browser, `${EXTENSION_BASE}popup.html?tab=0`));
  }

  /** The id Firefox gave the tab showing `page`. */
  async tabIdOf(page: Page): Promise<number> {
    // The document's own word: puppeteer's url() misses a navigation the add-on started (the warning page).
    const url = await page.evaluate(() => location.href).catch(() => page.url());
    const id = await this.page.evaluate(async (wanted) => {
      const tabs = await (globalThis as ExtensionGlobal).browser.tabs.query({});
      return tabs.find((t) => t.url === wanted)?.id ?? -1;
    }, url);
    if (id < 0) throw new Error(`no tab shows ${url}`);
    return id;
  }

  /** Loads a URL in a tab and returns that tab's id, for asking about it. */
  async visit(tab: Page, url: string): Promise<number> {
    await tab.goto(url);
    return this.tabIdOf(tab);
  }

  /** Runs `fn` in the driver's extension page, where the add-on's API (browser.*) is at hand. */
  async evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return this.page.evaluate(fn as (a: unknown) => T, arg) as Promise<T>;
  }

  async send<T>(message: object): Promise<T> {
    const reply = await this.page.evaluate((m) => (globalThis as ExtensionGlobal).browser.runtime.sendMessage(m), message) as
      { ok: boolean; value?: T; error?: string };
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as T;
  }

  /** A host's record and history, as the management page's detail gets them. */
  async history(host: string): Promise<{ record: TrustRecord | null; events: StoredTrustEvent[] }> {
    const { record, events } = await this.send<HostDetail>({ type: 'host-detail', host });
    return { record, events };
  }

  /**
   * Marks what a host learned as chained to a root built into Firefox, as a real site's key is:
   * every test root is not built in, so an interception verdict needs this. Done as a user could:
   * export, forget, import the edited host.
   */
  async markBuiltIn(host: string): Promise<void> {
    const { hostsJson } = await this.send<{ hostsJson: string }>({ type: 'export-chunk', after: null, limit: 1000 });
    const hosts = (JSON.parse(hostsJson) as { host: string; keys: { builtInRoot: boolean }[] }[]).filter((h) => h.host === host);
    if (hosts.length !== 1) throw new Error(`${host} is not in the export`);
    for (const k of hosts[0]!.keys) k.builtInRoot = true;
    // A late response of the page just loaded (its favicon) can be judged between the forget and
    // the import: it records the host anew, and an import keeps what this browser saw of a key it
    // knows (builtInRoot included). Then forget and import again, until the imported record holds.
    let after: Awaited<ReturnType<FirstSeenDriver['history']>> | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.send({ type: 'forget-host', host });
      await this.importHosts(hosts);
      after = await this.history(host);
      if (after.record?.keys.every((k) => k.builtInRoot)) return;
    }
    throw new Error(`${host} was not marked: ${JSON.stringify({ record: after?.record, events: after?.events })}`);
  }

  /** Imports exported hosts as the management page does (stage, preview, apply, no conflicts to resolve). */
  async importHosts(hosts: readonly object[]): Promise<void> {
    const { token } = await this.send<{ token: string }>({ type: 'import-begin' });
    await this.send({ type: 'import-stage', token, hostsJson: JSON.stringify(hosts), policy: null });
    await this.send({ type: 'import-preview', token });
    await this.send({ type: 'import-apply', token, resolutions: {} });
  }

  /**
   * Waits until the event page has been suspended. extension.getViews() lists the background page
   * while it lives and does not wake it (a message would): the condition, not a guess at the time
   * an idle page takes to go on a busy machine.
   */
  async suspended(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    const alive = () => this.evaluate(() => (globalThis as ExtensionGlobal).browser.extension.getViews().some((v) => v.location.pathname.endsWith('_generated_background_page.html')));
    while (await alive()) {
      if (Date.now() > until) throw new Error(`the event page was not suspended in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Polls the tab's report until `ready` accepts it: judging runs after the response. */
  async tabReport(tabId: number, ready: (r: TabReport) => boolean = () => true, timeoutMs = 10_000): Promise<TabReport> {
    const until = Date.now() + timeoutMs;
    let last: TabReport | undefined;
    while (Date.now() < until) {
      last = await this.send<TabReport>({ type: 'tab-report', tabId });
      if (ready(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wake = await this.send<{ startedAt: number; verdicts: number }>({ type: 'wake-report' }).catch(() => null);
    // Enough to tell a page never judged from a page reset after its verdict (its URL, and the wake's
    // counts), and why a host could not be checked (its reasons).
    throw new Error(`tab ${tabId} report never became ready; last: ${JSON.stringify({ pageUrl: last?.pageUrl, hosts: last?.hosts.map((h) => [h.host, h.kind, h.reasons.join(',')]) })}; wake: ${JSON.stringify(wake)}`);
  }

  async hostReport(tabId: number, host: string, kind?: string): Promise<HostReport> {
    const report = await this.tabReport(tabId, (r) => r.hosts.some((h) => h.host === host && (!kind || h.kind === kind)));
    return report.hosts.find((h) => h.host === host)!;
  }

  /**
   * The tab's badge text, once FirstSeen has set the button for the document now in the tab.
   * Firefox clears a tab's button when a document commits, and FirstSeen sets it again from
   * webNavigation.onCommitted and once more when the document has loaded; either may reach the
   * event page after puppeteer has seen the load. Until then the tab falls back to the global
   * (idle) button. Every state but idle has a tooltip of its own, and a loud one a colour of its
   * own: a tooltip or colour unlike the global one says the button read is FirstSeen's. A button
   * never set again times out, as a user would see it (so does an idle one: use buttonTitleNow).
   */
  async badgeText(tabId: number, timeoutMs = 10_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const badge = await this.page.evaluate(async (id) => {
        const { action } = (globalThis as ExtensionGlobal).browser;
        const [text, own, global, ownTitle, globalTitle] = await Promise.all([
          action.getBadgeText({ tabId: id }),
          action.getBadgeBackgroundColor({ tabId: id }),
          action.getBadgeBackgroundColor({}),
          action.getTitle({ tabId: id }),
          action.getTitle({}),
        ]);
        return { text, set: JSON.stringify(own) !== JSON.stringify(global) || ownTitle !== globalTitle };
      }, tabId);
      if (badge.set) return badge.text;
      if (Date.now() > until) throw new Error(`tab ${tabId}: FirstSeen never set its badge for the page in it`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The button's tooltip for a tab (its state in words), once FirstSeen has set the tab's badge. */
  async buttonTitle(tabId: number): Promise<string> {
    await this.badgeText(tabId);
    return this.page.evaluate((id) => (globalThis as ExtensionGlobal).browser.action.getTitle({ tabId: id }), tabId);
  }

  /** The button's tooltip for a tab as it is now, set by FirstSeen or Firefox's default after a reset. */
  async buttonTitleNow(tabId: number): Promise<string> {
    return this.page.evaluate((id) => (globalThis as ExtensionGlobal).browser.action.getTitle({ tabId: id }), tabId);
  }

  /** The tab's badge text as it is now, set by FirstSeen or Firefox's default after a reset. */
  async badgeTextNow(tabId: number): Promise<string> {
    return this.page.evaluate((id) => (globalThis as ExtensionGlobal).browser.action.getBadgeText({ tabId: id }), tabId);
  }

  /** Opens the popup as a page for a tab, as a user would see it, once it has rendered. */
  async popupFor(tabId: number): Promise<PopupView> {
    const page = await openExtensionPage(this.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    await page.waitForSelector('body[data-ready="yes"]', { timeout: 10_000 });
    return new PopupView(page);
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

export interface PopupRow {
  host: string;
  verdict: string;
  severity: string;
}

/** The popup page as rendered: rows and certificate fields read from the DOM. */
export class PopupView {
  constructor(readonly page: Page) {}

  async rows(): Promise<PopupRow[]> {
    return this.page.$$eval('li.host', (els) =>
      els.map((el) => ({
        host: el.getAttribute('data-host') ?? '',
        verdict: el.getAttribute('data-verdict') ?? '',
        severity: el.getAttribute('data-severity') ?? '',
      })));
  }

  /** A certificate field's text on a host's row: role is "previous" or "observed". */
  async field(host: string, role: 'previous' | 'observed', field: string): Promise<string> {
    return this.page.$eval(`li.host[data-host="${host}"] section.cert[data-role="${role}"] dd[data-field="${field}"]`,
      (el) => el.textContent ?? '');
  }

  async click(host: string, action: 'accept' | 'reject' | 'hold'): Promise<void> {
    await this.page.click(`li.host[data-host="${host}"] button[data-action="${action}"]`);
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
