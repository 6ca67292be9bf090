// Strict mode, pins, ignore rules and the management page, in a real Firefox, driven through the
// pages as a user would: radio buttons, the pin buttons, the rules box, search, forget and undo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, nextSecond, spkiSha256, type Authority } from './support/certs.js';
import { html, startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';

const HOSTS = ['strict.test', 'pin.test', 'ignored.test', 'busy.test'];
let work: string;
let root: Authority;
let issuing: Authority;
let other: Authority;
let strict: TestServer;
let pinned: TestServer;
let ignored: TestServer;
let busy: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;
let manager: Page;

const host = (name: string, server: TestServer) => `${name}:${server.port}`;

/** Loads a URL in the test tab; a blocked load ends on the warning page instead. */
const visit = (url: string): Promise<string> => land(tab, url);

async function openManager(query = ''): Promise<Page> {
  const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html${query}`);
  await page.waitForSelector('body[data-ready="yes"] .host-table');
  return page;
}

async function listedHosts(page: Page): Promise<string[]> {
  return page.$$eval('.host-body [role="row"]', (rows) => rows.map((r) => r.getAttribute('data-host') ?? ''));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-strict-'));
  root = makeAuthority(work, 'Strict Root');
  issuing = makeAuthority(work, 'Strict Issuing CA', root);
  other = makeAuthority(work, 'Other Root');
  strict = await startHttpsServer(makeServerCert(work, ['strict.test'], root));
  pinned = await startHttpsServer(makeServerCert(work, ['pin.test'], issuing, [issuing]));
  ignored = await startHttpsServer(makeServerCert(work, ['ignored.test'], root));
  busy = await startHttpsServer(makeServerCert(work, ['busy.test'], root));
  busy.route('/images', html(Array.from({ length: 8 }, (_, i) => `<img src="/pixel.png?i=${i}&b=${Math.random()}">`).join('')));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [root, other]);
  firefox = await launchFirefox({ profileDir, hosts: HOSTS, extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
  for (const [name, server] of [['strict.test', strict], ['pin.test', pinned]] as const) {
    await visit(`https://${host(name, server)}/`);
    await driver.hostReport(await driver.tabIdOf(tab), host(name, server), 'first-use');
  }
  manager = await openManager();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of [strict, pinned, ignored, busy]) await s?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('strict mode and pins', () => {
  it('blocks a strict host whose key changed, and the warning page shows both keys', async () => {
    const h = host('strict.test', strict);
    const page = await openManager(`?host=${encodeURIComponent(h)}`);
    await page.waitForSelector(`.host-detail[data-host="${h}"]`);
    // Choosing a mode applies nothing until Apply: arrowing through the radios must not.
    await page.click('input[data-mode="strict"]');
    expect((await driver.send<{ modes: Record<string, string> }>({ type: 'get-policy' })).modes[h]).toBeUndefined();
    await page.click('button[data-action="apply-mode"]');
    await page.waitForFunction(() => !document.querySelector('button[data-action="apply-mode"]') && document.querySelector('input[data-mode="strict"]')?.matches(':checked'));
    expect((await driver.send<{ modes: Record<string, string> }>({ type: 'get-policy' })).modes[h]).toBe('strict');
    await page.close();
    const before = (await driver.history(h)).record!.keys[0]!.spkiSha256;

    await nextSecond();
    const next = makeServerCert(work, ['strict.test'], root);
    strict.setCert(next);
    const landed = await visit(`https://${h}/?changed`);
    expect(landed).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"]');
    const field = (role: string, f: string) => tab.$eval(`section.cert[data-role="${role}"] dd[data-field="${f}"]`, (e) => e.textContent);
    expect(await field('previous', 'spki')).toBe(before);
    expect(await field('observed', 'spki')).toBe(spkiSha256(next.certPem));
    expect(await tab.$eval('.reason', (e) => e.getAttribute('data-reason'))).toBe('key-mismatch');
    expect(await tab.$eval('.honesty', (e) => e.textContent)).toContain('already sent the request');
    // Firefox's pattern: a headline naming the site, the classification the popup gives, going
    // back as the one prominent action, and the rest behind "Advanced…".
    expect(await tab.$eval('h1', (e) => e.textContent)).toBe(`Warning: ${h} may not be the site you expect`);
    expect(await tab.$eval('section.classification', (e) => [e.getAttribute('data-verdict'), e.getAttribute('data-severity')])).toEqual(['key-change', expect.any(String)]);
    expect(await tab.$$eval('section.classification ul.reasons li', (els) => els.length)).toBeGreaterThan(0);
    expect(await tab.$eval('button[data-action="back"]', (b) => [b.classList.contains('primary'), b.textContent])).toEqual([true, 'Go back (recommended)']);
    expect(await tab.$eval('details.trust', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    // Trusting needs the explicit confirmation first.
    expect(await tab.$eval('button[data-action="trust"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it('loads the site once the key is trusted from the warning page', async () => {
    const h = host('strict.test', strict);
    await tab.$eval('details.trust', (d) => ((d as HTMLDetailsElement).open = true));
    await tab.click('input[data-action="confirm"]');
    await tab.click('button[data-action="trust"]');
    await tab.waitForFunction((origin) => location.href.startsWith(origin) && document.querySelector('h1'), {}, `https://${h}/`);
    expect(await tab.evaluate(() => location.href)).toBe(`https://${h}/?changed`);
    expect(await tab.$eval('h1', (e) => e.textContent)).toBe('FirstSeen test page');
    expect((await driver.history(h)).record?.keys.map((k) => k.status)).toEqual(['first-use', 'accepted']);
  });

  it('lets a pinned intermediate survive a leaf key change, still warning of it, and blocks a chain without it', async () => {
    const h = host('pin.test', pinned);
    const page = await openManager(`?host=${encodeURIComponent(h)}`);
    await page.waitForSelector('button[data-action="pin-pinIntermediate"]');
    await page.click('button[data-action="pin-pinIntermediate"]');
    await page.waitForSelector(`li[data-pin="${spkiSha256(issuing.certPem)}"]`);
    // One pin, inside the current chain: the page warns that there is no backup.
    expect(await page.$('p[data-backup="missing"]')).not.toBeNull();
    await page.close();

    await nextSecond();
    pinned.setCert(makeServerCert(work, ['pin.test'], issuing, [issuing]));
    expect(await visit(`https://${h}/?rotated`)).toBe(`https://${h}/?rotated`);
    // The pin lets the page load; it does not make a new key mid-validity any less of a change.
    const report = await driver.hostReport(await driver.tabIdOf(tab), h, 'key-change');
    expect(report).toMatchObject({ severity: 'warning' });
    expect(report.reasons).toContain('reasonFreshMidValidity');

    pinned.setCert(makeServerCert(work, ['pin.test'], other));
    expect(await visit(`https://${h}/?other-ca`)).toMatch(/warning\.html/);
    await tab.waitForSelector('body[data-ready="yes"]');
    expect(await tab.$eval('.reason', (e) => e.getAttribute('data-reason'))).toBe('pin-mismatch');
    expect(await tab.$eval('code[data-field="pin"]', (e) => e.textContent)).toBe(spkiSha256(issuing.certPem));
  });
});

describe('the management page', () => {
  it('records nothing for an ignored host', async () => {
    await manager.close();
    manager = await openManager();
    await manager.$eval('#ignore-text', (e) => ((e as HTMLTextAreaElement).value = ''));
    await manager.type('#ignore-text', 'ignored.test\n*.internal');
    await manager.click('button[data-action="save-rules"]');
    await manager.waitForSelector('.ignore-rules [role="status"]');
    const h = host('ignored.test', ignored);
    await visit(`https://${h}/`);
    const report = await driver.hostReport(await driver.tabIdOf(tab), h, 'unchecked');
    expect(report.reasons).toEqual(['reasonIgnoredByRule']);
    expect((await driver.history(h)).record).toBeNull();
  });

  it('lists the visited hosts, and search narrows the list', async () => {
    await manager.close();
    manager = await openManager();
    await manager.waitForFunction((n) => document.querySelectorAll('.host-body [role="row"]').length >= n, {}, 2);
    expect(await listedHosts(manager)).toEqual([host('pin.test', pinned), host('strict.test', strict)]);
    await manager.type('#host-search', 'stri');
    await manager.waitForFunction(() => document.querySelectorAll('.host-body [role="row"]').length === 1);
    expect(await listedHosts(manager)).toEqual([host('strict.test', strict)]);
    expect(await manager.$eval('.host-body [role="row"]', (r) => r.getAttribute('data-mode'))).toBe('strict');
  });

  it('forgets a host, and undo brings it back whole', async () => {
    const h = host('strict.test', strict);
    const before = await driver.history(h);
    await manager.click(`.host-body [data-host="${h}"] button`);
    await manager.waitForSelector(`.host-detail[data-host="${h}"] button[data-action="forget"]`);
    await manager.click('button[data-action="forget"]');
    await manager.waitForSelector('button[data-action="undo"]');
    expect((await driver.history(h)).record).toBeNull();
    await manager.waitForFunction(() => document.querySelectorAll('.host-body [role="row"]').length === 0);
    await manager.click('button[data-action="undo"]');
    await manager.waitForSelector(`.host-detail[data-host="${h}"]`);
    const after = await driver.history(h);
    expect(after.record).toEqual(before.record);
    expect(after.events).toEqual(before.events);
  });
});

describe('what is checked', () => {
  /** Loads a page of 8 images from its own host, and says how many of its 9 responses were checked. */
  async function checkedOfPage(h: string): Promise<number> {
    const before = (await driver.history(h)).record?.timesSeen ?? 0;
    const seen = await driver.send<{ verdicts: number; covered: number }>({ type: 'wake-report' });
    await visit(`https://${h}/images`);
    await tab.waitForFunction(() => [...document.images].every((i) => i.complete));
    await driver.hostReport(await driver.tabIdOf(tab), h);
    // Sightings are counted in memory at once: wait until the page's 9 responses were each judged
    // or let go unread (the favicon may come too).
    const until = Date.now() + 15_000;
    for (;;) {
      const now = await driver.send<{ verdicts: number; covered: number }>({ type: 'wake-report' });
      if (now.verdicts + now.covered - seen.verdicts - seen.covered >= 9) break;
      if (Date.now() > until) throw new Error('the page\'s responses were not all seen');
      await new Promise((r) => setTimeout(r, 25));
    }
    return ((await driver.history(h)).record?.timesSeen ?? 0) - before;
  }

  it('reads the page and the first responses of a host, and every response once the user asks for it', async () => {
    const h = host('busy.test', busy);
    await checkedOfPage(h);
    const scheduled = await checkedOfPage(h);
    expect(scheduled).toBeGreaterThanOrEqual(1);
    expect(scheduled).toBeLessThan(9);

    await manager.close();
    manager = await openManager();
    await manager.waitForSelector('input[data-option="check-every-response"]:not([disabled])');
    await manager.click('input[data-option="check-every-response"]');
    await manager.waitForFunction(() => document.querySelector<HTMLInputElement>('input[data-option="check-every-response"]')?.checked);
    expect(await checkedOfPage(h)).toBe(9);
  });
});
