// axe-core in a real Firefox, on every page and state users meet: the popup in each verdict and
// without access, the management page's list and a host's detail, an import's preview, the pin
// export review, the warning page, and the first-run page. Zero violations is the bar.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { makeAuthority, makeServerCert, nextSecond, type Authority } from './support/certs.js';
import { html, startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';
import type { HostReport } from '../../src/protocol.js';

const NAMES = ['news.test', 'cdn.test', 'bank.test', 'shop.test', 'mail.test'];
let work: string;
let caOne: Authority;
let caTwo: Authority;
let servers: Record<string, TestServer>;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;
const host = (n: string) => `${n}:${servers[n]!.port}`;
const url = (n: string, q = '') => `https://${host(n)}/${q}`;

async function popupViolations(tabId: number): Promise<string[]> {
  const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
  await page.waitForSelector('body[data-ready="yes"]');
  const found = await axeViolations(page);
  await page.close();
  return found;
}

/**
 * How far the popup's content runs past a narrow viewport (WCAG 1.4.10, reflow): 360 CSS px is a
 * phone's width, and the 720 px popup at 200 % zoom. 0 when nothing needs a horizontal scroll.
 */
async function overflowAt(tabId: number, width: number): Promise<number> {
  const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
  await page.setViewport({ width, height: 800 });
  await page.waitForSelector('body[data-ready="yes"]');
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.close();
  return over;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-axe-'));
  caOne = makeAuthority(work, 'Axe CA One');
  caTwo = makeAuthority(work, 'Axe CA Two');
  servers = Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await startHttpsServer(makeServerCert(work, [n], caOne))] as const)));
  prepareProfile(join(work, 'profile'), [caOne, caTwo]);
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: NAMES, extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
  for (const n of NAMES) await driver.hostReport(await driver.visit(tab, url(n)), host(n), 'first-use');
}, 180_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of Object.values(servers ?? {})) await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('accessibility (axe-core) in a real Firefox', () => {
  it('the popup of a page with many sites, whose quiet ones fold into one line', async () => {
    // A page of every site here, all with known keys: one line says so, and opens to list them.
    servers['news.test']!.route('/many', html(NAMES.slice(1).map((n) => `<img src="${url(n)}pixel.png">`).join('')));
    const tabId = await driver.visit(tab, url('news.test', 'many'));
    for (const n of NAMES) await driver.hostReport(tabId, host(n), 'match');
    const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    await page.waitForSelector('body[data-ready="yes"]');
    expect(await page.$eval('details[data-role="quiet-hosts"]', (d) => [d.getAttribute('data-count'), d.hasAttribute('open'), d.querySelector('summary')?.textContent])).toEqual(['5', false, '5 sites: nothing changed']);
    expect(await page.$$eval('li.host', (lis) => lis.filter((li) => li.checkVisibility()).length)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('details[data-role="quiet-hosts"] summary');
    expect(await page.$$eval('li.host', (lis) => lis.filter((li) => li.checkVisibility()).length)).toBe(5);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('the popup, in every state', async () => {
    const found: Record<string, string[]> = {};
    found.known = await popupViolations(await driver.visit(tab, url('news.test', '?again')));
    await nextSecond();
    servers['cdn.test']!.setCert(makeServerCert(work, ['cdn.test'], caOne, [], undefined, new Date(Date.now() - 86_400_000)));
    let tabId = await driver.visit(tab, url('cdn.test', '?2'));
    await driver.hostReport(tabId, host('cdn.test'), 'key-change');
    found.notice = await popupViolations(tabId);
    servers['bank.test']!.setCert(makeServerCert(work, ['bank.test'], caTwo));
    tabId = await driver.visit(tab, url('bank.test', '?2'));
    const changed: HostReport = await driver.hostReport(tabId, host('bank.test'), 'issuer-change');
    found.warning = await popupViolations(tabId);
    // A change's two certificates side by side reflow into one column on a narrow screen.
    expect(await overflowAt(tabId, 360)).toBe(0);
    await driver.send({ type: 'decide-key', host: host('bank.test'), key: { spkiSha256: changed.observed!.spkiSha256, issuerSpkiSha256: changed.observed!.issuerSpkiSha256 }, decision: 'rejected' });
    found.decided = await popupViolations(tabId);
    // Critical stops the page; the popup of its tab (on the warning page) still shows why.
    await land(tab, url('bank.test', '?3'));
    tabId = await driver.tabIdOf(tab);
    await driver.hostReport(tabId, host('bank.test'), 'rejected-key');
    found.critical = await popupViolations(tabId);
    expect(found).toEqual({ known: [], notice: [], warning: [], decided: [], critical: [] });
  });

  it('the warning page', async () => {
    await driver.send({ type: 'set-mode', host: host('shop.test'), mode: 'strict' });
    servers['shop.test']!.setCert(makeServerCert(work, ['shop.test'], caTwo));
    await land(tab, url('shop.test', '?2'));
    await tab.waitForSelector('body[data-ready="yes"]');
    const closed = await axeViolations(tab);
    await tab.$eval('details.trust', (d) => ((d as HTMLDetailsElement).open = true));
    expect({ closed, advanced: await axeViolations(tab) }).toEqual({ closed: [], advanced: [] });
  });

  it('the management page: list, a host\'s detail, an import preview, the pin export review', async () => {
    const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html?host=${encodeURIComponent(host('bank.test'))}`);
    await page.waitForSelector('body[data-ready="yes"] .host-detail');
    const detail = await axeViolations(page);
    // The list's scrolling box is no Tab stop of its own (Firefox would make it one, unnamed).
    expect(await page.$eval('.host-body', (e) => (e as HTMLElement).tabIndex)).toBe(-1);
    // Forget is apart from the mode controls: after the site's timeline, not beside the modes.
    expect(await page.$eval('button[data-action="forget"]', (b) => {
      const timeline = document.querySelector('.host-detail .timeline')!;
      return [b.closest('fieldset') === null, !!(timeline.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)];
    })).toEqual([true, true]);
    // Import is beside export, before the pin export.
    expect(await page.$eval('#import-file', (i) => !!(i.compareDocumentPosition(document.querySelector('[data-action="export-pins"]')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
    await page.click('button[data-action="export-pins"]');
    await page.waitForSelector('[data-role="pin-review"]');
    const pins = await axeViolations(page);
    const file = join(work, 'pins.txt');
    writeFileSync(file, `# host: bank.test\nPublic-Key-Pins: pin-sha256="${'A'.repeat(43)}="; pin-sha256="${'B'.repeat(43)}="; max-age=60\n`);
    const input = await page.$('input#import-file');
    await input!.uploadFile(file);
    await page.waitForSelector('[data-preview]');
    const preview = await axeViolations(page);
    await page.close();
    expect({ detail, pins, preview }).toEqual({ detail: [], pins: [], preview: [] });
  });

  it('the first-run page, and the popup without site access', async () => {
    const welcome = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}welcome.html`);
    await welcome.waitForSelector('body[data-ready="yes"]');
    const firstRun = await axeViolations(welcome);
    await welcome.close();
    // A tab of its own: the shared tab still holds the warning page, and leaving an extension page
    // for a site lost its load event now and then on a loaded machine (a 30 s navigation timeout).
    const own = await firefox.browser.newPage();
    const tabId = await driver.visit(own, url('news.test', '?last'));
    await driver.evaluate(() => (globalThis as unknown as { browser: { permissions: { remove(p: object): Promise<boolean> } } }).browser.permissions.remove({ origins: ['https://*/*', 'wss://*/*'] }));
    const blind = await popupViolations(tabId);
    expect({ firstRun, blind }).toEqual({ firstRun: [], blind: [] });
  });
});
