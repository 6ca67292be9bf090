// npm run screenshots: PNGs of what users see, from a real Firefox with the test CAs, in light and
// dark: the popup in each state (all known, notice, warning, critical, no access) and on a page of
// 16 hosts, the warning page (also at 200 % zoom), the management page (also with 300 sites) and
// the first-run page. Written to docs/screenshots/<theme>/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { makeAuthority, makeServerCert, nextSecond } from '../e2e/support/certs.js';
import { html, startHttpsServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from '../e2e/support/firstseen.js';
import type { HostReport } from '../../src/protocol.js';
import { seedHosts } from '../bench/seed-hosts.js';

const out = new URL('../../docs/screenshots/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'firstseen-screens-'));
const caOne = makeAuthority(work, 'Example Trust CA');
const caTwo = makeAuthority(work, 'Unfamiliar Root CA');
const NAMES = ['news.example', 'cdn.example', 'bank.example', 'shop.example', 'mail.example'];
const servers = Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await startHttpsServer(makeServerCert(work, [n], caOne))] as const)));
/** A page's many other hosts (one server, one certificate naming them all): a real page's shape. */
const MANY = ['fonts', 'static', 'img', 'video', 'ads', 'analytics', 'api', 'auth', 'comments', 'maps', 'social', 'search', 'widgets']
  .map((n) => `${n}.example`);
const many = await startHttpsServer(makeServerCert(work, MANY, caOne));
const host = (n: string) => `${n}:${(MANY.includes(n) ? many : servers[n]!).port}`;
const url = (n: string, q = '') => `https://${host(n)}/${q}`;

async function shoot(page: Page, file: string, width = 700, height = 600): Promise<void> {
  await page.setViewport({ width, height });
  await page.screenshot({ path: file as `${string}.png`, fullPage: false });
}

const prefsOf = (theme: 'light' | 'dark'): Record<string, number> => theme === 'dark'
  ? { 'ui.systemUsesDarkTheme': 1, 'layout.css.prefers-color-scheme.content-override': 0 }
  : { 'layout.css.prefers-color-scheme.content-override': 1 };

/** The management page of a profile that knows 300 sites (seeded straight into its database). */
async function managerOf300(theme: 'light' | 'dark', file: string): Promise<void> {
  const profileDir = join(work, `profile-300-${theme}`);
  const prefs = prefsOf(theme);
  let firefox = await launchFirefox({ profileDir, hosts: [], extensions: [FIRSTSEEN], prefs });
  try {
    await (await FirstSeenDriver.open(firefox.browser)).send({ type: 'get-policy' }); // creates the database
    const seeder = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=0`);
    await seedHosts(seeder, 300, 1, 2);
  } finally {
    await firefox.close();
  }
  // A fresh start: nothing of the seeded store is in the background page's memory.
  firefox = await launchFirefox({ profileDir, hosts: [], extensions: [FIRSTSEEN], prefs });
  try {
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('body[data-ready="yes"]');
    await manager.waitForFunction(() => Number(document.querySelector('.host-table')?.getAttribute('data-total') ?? 0) >= 300, { timeout: 30_000 });
    await shoot(manager, file, 1280, 800);
  } finally {
    await firefox.close();
  }
}

for (const theme of ['light', 'dark'] as const) {
  const dir = join(out, theme);
  // Each theme's profile starts from the same sites, each on its first certificate.
  for (const n of NAMES) servers[n]!.setCert(makeServerCert(work, [n], caOne));
  mkdirSync(dir, { recursive: true });
  const profileDir = join(work, `profile-${theme}`);
  prepareProfile(profileDir, [caOne, caTwo]);
  const firefox = await launchFirefox({
    profileDir, hosts: [...NAMES, ...MANY], extensions: [FIRSTSEEN],
    prefs: prefsOf(theme),
  });
  try {
    const driver = await FirstSeenDriver.open(firefox.browser);
    const tab = await firefox.browser.newPage();
    const popup = async (name: string, tabId: number, height = 600) => {
      const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
      await page.waitForSelector('body[data-ready="yes"]');
      await shoot(page, join(dir, `popup-${name}.png`), 700, height);
      await page.close();
    };
    // First visits: every key learned.
    for (const n of NAMES) await driver.hostReport(await driver.visit(tab, url(n)), host(n), 'first-use');
    await popup('known', await driver.visit(tab, url('news.example', '?again')));
    // A routine change: a new key from the same CA, issued before the first visit.
    await nextSecond();
    servers['cdn.example']!.setCert(makeServerCert(work, ['cdn.example'], caOne, [], undefined, new Date(Date.now() - 86_400_000)));
    let tabId = await driver.visit(tab, url('cdn.example', '?2'));
    await driver.hostReport(tabId, host('cdn.example'), 'key-change');
    await popup('notice', tabId);
    // Another CA: a warning.
    servers['bank.example']!.setCert(makeServerCert(work, ['bank.example'], caTwo));
    tabId = await driver.visit(tab, url('bank.example', '?2'));
    const changed: HostReport = await driver.hostReport(tabId, host('bank.example'), 'issuer-change');
    await popup('warning', tabId);
    // One page, 16 hosts: its own, the changed bank, a CDN and 13 others whose keys it knows by now.
    const crowd = [...MANY, 'cdn.example', 'bank.example'].map((n) => `<img alt="" src="https://${host(n)}/pixel.png?crowd">`).join('');
    servers['news.example']!.route('/crowd', html(`<p>A page of many hosts</p>${crowd}`));
    await driver.tabReport(await driver.visit(tab, url('news.example', 'crowd?learn')), (r) => r.hosts.length >= 2 + MANY.length + 1);
    tabId = await driver.visit(tab, url('news.example', 'crowd?again'));
    // Every host in; the bank's change, seen on its own page before, still waits for a decision.
    await driver.tabReport(tabId, (r) => r.hosts.length >= 2 + MANY.length + 1);
    await popup('16-hosts', tabId, 1100);
    // The user refused that key, and it is shown again: critical.
    await driver.send({ type: 'decide-key', host: host('bank.example'), key: { spkiSha256: changed.observed!.spkiSha256, issuerSpkiSha256: changed.observed!.issuerSpkiSha256 }, decision: 'rejected' });
    // Critical stops the page (the warning page stands in for it); its tab's popup still says why.
    await land(tab, url('bank.example', '?3'));
    tabId = await driver.tabIdOf(tab);
    await driver.hostReport(tabId, host('bank.example'), 'rejected-key');
    await popup('critical', tabId);
    // Strict mode and a changed key: the warning page.
    await driver.send({ type: 'set-mode', host: host('shop.example'), mode: 'strict' });
    servers['shop.example']!.setCert(makeServerCert(work, ['shop.example'], caTwo));
    await land(tab, url('shop.example', '?2'));
    await tab.waitForSelector('body[data-ready="yes"]').catch(() => undefined);
    await shoot(tab, join(dir, 'warning-page.png'), 1000, 800);
    // 200 % of a 1280 × 800 window: 640 × 400 CSS pixels, shot at twice the density.
    await tab.setViewport({ width: 640, height: 400, deviceScaleFactor: 2 });
    await tab.screenshot({ path: join(dir, 'warning-page-200.png') as `${string}.png` });
    await tab.setViewport({ width: 1000, height: 800, deviceScaleFactor: 1 });
    // The management page.
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('body[data-ready="yes"]');
    await shoot(manager, join(dir, 'manager.png'), 1280, 800);
    await manager.close();
    // First run.
    const firstRun = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}welcome.html`).catch(() => null);
    if (firstRun) {
      await firstRun.waitForSelector('body[data-ready="yes"]', { timeout: 5_000 }).catch(() => undefined);
      await shoot(firstRun, join(dir, 'first-run.png'), 1000, 900);
      await firstRun.close();
    }
    // No access: the user took the add-on's site access away.
    await driver.evaluate(() => (globalThis as unknown as { browser: { permissions: { remove(p: object): Promise<boolean> } } }).browser.permissions.remove({ origins: ['https://*/*', 'wss://*/*'] }));
    // Without site access the tab's URL cannot be looked up; it is the same tab as before.
    await tab.goto(url('news.example', '?blind'));
    await new Promise((r) => setTimeout(r, 500));
    await popup('no-access', tabId);
  } finally {
    await firefox.close();
  }
  await managerOf300(theme, join(dir, 'manager-300.png'));
  console.log(`screenshots: ${dir}`);
}
for (const s of [...Object.values(servers), many]) await s.close();
rmSync(work, { recursive: true, force: true });
