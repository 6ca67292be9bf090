// The first five minutes, in a real Firefox: the first-run page opens on install and says what
// FirstSeen does, its first-use limit, and what it has been allowed; notifications are turned on
// there, and a warning then reaches the desktop; the page opens again from the management page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, nextSecond, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

let work: string;
let caOne: Authority;
let caTwo: Authority;
let site: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
type Ext = typeof globalThis & { browser: { notifications: { getAll(): Promise<Record<string, { title: string; message: string }>> } } };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-first-run-'));
  caOne = makeAuthority(work, 'First Run CA One');
  caTwo = makeAuthority(work, 'First Run CA Two');
  site = await startHttpsServer(makeServerCert(work, ['bank.test'], caOne));
  prepareProfile(join(work, 'profile'), [caOne, caTwo]);
  // Optional permissions granted without Firefox's prompt, as a user who clicks Allow there.
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: ['bank.test'], extensions: [FIRSTSEEN], prefs: {
    'extensions.webextOptionalPermissionPrompts': false,
    // Firefox's own alert windows, kept open: the system's (none, headless) closes them at once,
    // before notifications.getAll can read them back.
    'alerts.useSystemBackend': false, 'alerts.totalOpenTime': 60_000,
  } });
  driver = await FirstSeenDriver.open(firefox.browser);
}, 120_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

async function welcomeTab(): Promise<Page> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    // Puppeteer's url() misses a navigation the add-on started: ask each document where it is.
    for (const p of await firefox.browser.pages()) {
      if (await p.evaluate(() => location.href).catch(() => '') === `${EXTENSION_BASE}welcome.html`) return p;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the first-run page never opened');
}

describe('first run in a real Firefox', () => {
  let welcome: Page;

  it('opens on install, with the first-use limit and what FirstSeen may do', async () => {
    welcome = await welcomeTab();
    await welcome.waitForSelector('body[data-ready="yes"]');
    expect(await welcome.$eval('[data-role="first-use-limit"]', (e) => e.textContent)).toContain('If that first visit already goes through an attacker');
    // Protection starts now, what to do at a warning, strict mode for the sites that matter most.
    expect(await welcome.$eval('[data-role="starts-now"]', (e) => e.textContent)).toContain('Protection starts now');
    expect(await welcome.$$eval('[data-role="when-warning"] li', (els) => els.length)).toBe(3);
    expect(await welcome.$eval('[data-role="suggest-strict"]', (e) => [e.textContent?.includes('Strict'), !!e.querySelector('button[data-action="manage"]')])).toEqual([true, true]);
    // Notifications are the recommended step: said, and the one blue button while they are off.
    expect(await welcome.$eval('[data-notifications][data-recommended]', (e) => e.querySelector('button')?.classList.contains('primary'))).toBe(true);
    expect(await welcome.$eval('[data-access]', (e) => e.getAttribute('data-access'))).toBe('granted');
    // Private windows are off until the user allows them in about:addons, and the page says how.
    expect(await welcome.$eval('[data-private-access]', (e) => [e.getAttribute('data-private-access'), e.textContent])).toEqual(['not-allowed', expect.stringContaining('about:addons')]);
    expect(await welcome.$$eval('[data-term]', (els) => els.map((e) => e.getAttribute('data-term')))).toEqual(['key', 'spki', 'trustEarned', 'severity']);
    expect(await welcome.$eval('[data-notifications]', (e) => e.getAttribute('data-notifications'))).toBe('off');
  });

  it('turns notifications on, and a warning then creates one for its tab', async () => {
    await welcome.click('button[data-action="enable-notifications"]');
    await welcome.waitForSelector('[data-notifications="on"]');
    const tab = await firefox.browser.newPage();
    const host = `bank.test:${site.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${host}/`), host, 'first-use');
    await nextSecond();
    site.setCert(makeServerCert(work, ['bank.test'], caTwo));
    const tabId = await driver.visit(tab, `https://${host}/?2`);
    await driver.hostReport(tabId, host, 'issuer-change');
    let all: Record<string, { title: string; message: string }> = {};
    const until = Date.now() + 10_000;
    while (Date.now() < until && Object.keys(all).length === 0) {
      all = await driver.evaluate(() => (globalThis as Ext).browser.notifications.getAll());
      if (Object.keys(all).length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const ids = Object.keys(all);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(new RegExp(`^firstseen-tab-${tabId}-`));
    expect(all[ids[0]!]!.title).toBe(`${host} changed its key in an unusual way`);
    // Off again: no more notifications API for the add-on.
    await welcome.click('button[data-action="disable-notifications"]');
    await welcome.waitForSelector('[data-notifications="off"]');
    await tab.close();
  });

  it('opens again from the management page', async () => {
    await welcome.close();
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('button[data-action="open-welcome"]');
    await manager.click('button[data-action="open-welcome"]');
    const again = await welcomeTab();
    await again.waitForSelector('body[data-ready="yes"]');
    await manager.close();
  });
});
