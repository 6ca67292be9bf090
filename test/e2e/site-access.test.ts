// The user takes FirstSeen's site access away (as about:addons lets them, in Manifest V3): FirstSeen
// sees nothing, and says so on the button and in the popup, instead of "nothing unusual".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

let work: string;
let site: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-access-'));
  const ca = makeAuthority(work, 'Access CA');
  site = await startHttpsServer(makeServerCert(work, ['seen.test'], ca));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  // Optional permissions granted without Firefox's prompt, as a user who clicks Allow there.
  firefox = await launchFirefox({ profileDir, hosts: ['seen.test'], extensions: [FIRSTSEEN], prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('site access taken away', () => {
  it('marks the button and says so in the popup, with a button to allow access', async () => {
    const host = `seen.test:${site.port}`;
    // The tab keeps its id; found by its URL now, while the add-on may still see that URL.
    const tabId = await driver.visit(tab, `https://${host}/`);
    await driver.hostReport(tabId, host, 'first-use');
    const revoked = await driver.evaluate(() => (globalThis as unknown as { browser: { permissions: { remove(p: object): Promise<boolean> } } })
      .browser.permissions.remove({ origins: ['https://*/*', 'wss://*/*'] }));
    expect(revoked).toBe(true);

    await tab.goto(`https://${host}/?blind`);
    expect(await driver.badgeText(tabId)).toBe('×');
    const popup = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    await popup.waitForSelector('[data-access="missing"] button[data-action="allow-access"]');
    expect(await popup.$eval('[data-role="headline-text"]', (e) => e.textContent)).toBe('FirstSeen cannot see this site');
    await popup.close();
    // The management page says it too, and its button gives the access back.
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('[data-access="missing"] button[data-action="allow-access"]');
    await manager.click('[data-access="missing"] button[data-action="allow-access"]');
    await manager.waitForFunction(() => !document.querySelector('[data-access="missing"]'));
    expect(await driver.evaluate(() => (globalThis as unknown as { browser: { permissions: { contains(p: object): Promise<boolean> } } })
      .browser.permissions.contains({ origins: ['https://*/*', 'wss://*/*'] }))).toBe(true);
    await manager.close();
    // Seen again: the button leaves its no-access state.
    await tab.goto(`https://${host}/?back`);
    const until = Date.now() + 10_000;
    let badge = '×';
    while (Date.now() < until && (badge = await driver.badgeText(tabId)) === '×') await new Promise((r) => setTimeout(r, 100));
    expect(badge).not.toBe('×');
  });
});
