// Private browsing in a real Firefox: private windows are judged against the saved history, what
// they teach stays in memory for the private session, and never reaches disk; in "never remember
// history" mode, FirstSeen judges in memory and says that nothing is kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, type Authority } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import type { StorageStatus } from '../../src/protocol.js';

/** The add-on's API, in the driver's extension page where these functions run. */
declare const browser: import('webextension-polyfill').Browser;

let work: string;
let ca: Authority;
let known: TestServer;
let secret: TestServer;
let firefox: RunningFirefox | undefined;
const at = (name: string, server: TestServer) => `${name}:${server.port}`;

async function start(name: string, prefs: Record<string, boolean> = {}): Promise<FirstSeenDriver> {
  const profileDir = join(work, name);
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: ['known.test', 'secret.test'], extensions: [FIRSTSEEN], prefs, allowPrivate: true });
  return FirstSeenDriver.open(firefox.browser);
}

/** Opens a private window on `url` through the extension API, and returns its tab's id. */
async function openPrivate(driver: FirstSeenDriver, url: string): Promise<{ windowId: number; tabId: number }> {
  return driver.evaluate(async (u) => {
    const w = await browser.windows.create({ incognito: true, url: u });
    return { windowId: w.id!, tabId: w.tabs![0]!.id! };
  }, url);
}

/** Everything FirstSeen keeps on disk, as text: the exported history and storage.local. */
async function everythingOnDisk(driver: FirstSeenDriver): Promise<string> {
  const chunk = await driver.send<{ hostsJson: string; policy: unknown }>({ type: 'export-chunk', after: null, limit: 5000 });
  const local = await driver.evaluate(() => browser.storage.local.get(null));
  return JSON.stringify([chunk, local]);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-private-'));
  ca = makeAuthority(work, 'Private CA');
  known = await startHttpsServer(makeServerCert(work, ['known.test'], ca));
  secret = await startHttpsServer(makeServerCert(work, ['secret.test'], ca));
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of [known, secret]) await s?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('private windows', () => {
  it('are judged against the saved history, remembered in memory for the session, and never written', async () => {
    const driver = await start('profile');
    const tab = await firefox!.browser.newPage();
    await tab.goto(`https://${at('known.test', known)}/`);
    await driver.hostReport(await driver.tabIdOf(tab), at('known.test', known), 'first-use');

    const first = await openPrivate(driver, `https://${at('known.test', known)}/`);
    const knownReport = await driver.hostReport(first.tabId, at('known.test', known));
    expect(knownReport).toMatchObject({ kind: 'match', incognito: true });
    await driver.evaluate((args) => browser.tabs.update(args[0], { url: args[1] }), [first.tabId, `https://${at('secret.test', secret)}/`] as const);
    await driver.hostReport(first.tabId, at('secret.test', secret), 'first-use');
    // Seen again in the same private session: known, from memory.
    await driver.evaluate((args) => browser.tabs.update(args[0], { url: args[1] }), [first.tabId, `https://${at('secret.test', secret)}/?again`] as const);
    await driver.hostReport(first.tabId, at('secret.test', secret), 'match');

    const popup = await openExtensionPage(firefox!.browser, `${EXTENSION_BASE}popup.html?tab=${first.tabId}`);
    // Failed once in a full fresh-clone run (not reproduced alone or beside CPU hogs): on failure,
    // say what the popup showed and what the tab's report holds then, to tell a popup that never
    // rendered from a report that lost its hosts.
    await popup.waitForSelector('[data-private]', { timeout: 15_000 }).catch(async (error: unknown) => {
      const shown = await popup.evaluate(() => ({ ready: document.body.dataset['ready'], text: document.body.innerText.slice(0, 300) })).catch(() => null);
      const report = await driver.send<{ pageUrl: string | null; hosts: { host: string; kind: string; incognito?: boolean }[] }>({ type: 'tab-report', tabId: first.tabId }).catch(() => null);
      throw new Error(`the popup never said private: ${String(error)}; popup ${JSON.stringify(shown)}; report ${JSON.stringify(report)}`);
    });
    await popup.close();

    expect((await driver.history(at('secret.test', secret))).record).toBeNull();
    // Every write that was waiting goes to disk first (an export flushes them): then nothing of it is there.
    await driver.send({ type: 'export-chunk', after: null, limit: 1 });
    expect(await everythingOnDisk(driver)).not.toContain('secret.test');

    // The private session ends with its window: a new one, opened at once, starts from the saved
    // history alone (no wait: the add-on counts private windows by their events, in order).
    await driver.evaluate((id) => browser.windows.remove(id), first.windowId);
    const second = await openPrivate(driver, `https://${at('secret.test', secret)}/`);
    await driver.hostReport(second.tabId, at('secret.test', secret), 'first-use');
    expect(await everythingOnDisk(driver)).not.toContain('secret.test');
    await firefox!.close();
    firefox = undefined;
  });
});

describe('never remember history', () => {
  it('judges in memory, and says plainly that nothing is kept', async () => {
    const driver = await start('autostart', { 'browser.privatebrowsing.autostart': true });
    const status = await driver.send<StorageStatus>({ type: 'storage-status' });
    expect(status.kind).toBe('unavailable');
    const tab = await firefox!.browser.newPage();
    await tab.goto(`https://${at('known.test', known)}/`);
    const tabId = await driver.tabIdOf(tab);
    await driver.hostReport(tabId, at('known.test', known), 'first-use');
    await tab.goto(`https://${at('known.test', known)}/?again`);
    await driver.hostReport(tabId, at('known.test', known), 'match');
    const popup = await openExtensionPage(firefox!.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    await popup.waitForSelector('[data-storage="unavailable"]');
    expect(await popup.$eval('[data-storage]', (e) => e.textContent)).toContain('nothing it learns now is kept');
  });
});
