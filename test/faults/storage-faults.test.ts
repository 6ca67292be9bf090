// Storage faults in a real Firefox: the database deleted under the add-on (as "clear site data"
// or a cleaner add-on does), and a database the add-on can no longer open. FirstSeen keeps judging,
// says what happened, and never silently relearns a wiped history as first uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, type Authority } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import type { StorageStatus } from '../../src/protocol.js';

declare const browser: import('webextension-polyfill').Browser;

let work: string;
let ca: Authority;
let servers: Record<string, TestServer>;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
const NAMES = ['one.test', 'two.test', 'three.test'];
const at = (name: string) => `${name}:${servers[name]!.port}`;

async function visit(name: string): Promise<number> {
  const tab = await firefox.browser.newPage();
  await tab.goto(`https://${at(name)}/?${Math.random()}`);
  return driver.tabIdOf(tab);
}

/** The hosts in the database itself, read by an export. */
async function storedHosts(): Promise<string[]> {
  const chunk = await driver.send<{ hostsJson: string }>({ type: 'export-chunk', after: null, limit: 5000 });
  return (JSON.parse(chunk.hostsJson) as { host: string }[]).map((h) => h.host);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-storage-'));
  ca = makeAuthority(work, 'Storage CA');
  servers = {};
  for (const name of NAMES) servers[name] = await startHttpsServer(makeServerCert(work, [name], ca));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: NAMES, extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of Object.values(servers ?? {})) await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('storage faults', () => {
  it('a wiped database is told, not relearned: nothing is written until the user starts over', async () => {
    await driver.hostReport(await visit('one.test'), at('one.test'), 'first-use');
    // The sentinel, outside IndexedDB, follows a moment after the write.
    await driver.evaluate(async () => {
      for (let i = 0; i < 50; i++) {
        const { sentinel } = await browser.storage.local.get('sentinel');
        if ((sentinel as { hosts?: number } | undefined)?.hosts === 1) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the sentinel never counted the host');
    });

    // Delete the database under the running add-on.
    await driver.evaluate(() => new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase('firstseen');
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the add-on held on to its database'));
    }));

    const tabId = await visit('two.test');
    await driver.hostReport(tabId, at('two.test'), 'first-use');
    expect(await driver.send<StorageStatus>({ type: 'storage-status' })).toMatchObject({ kind: 'wiped', hostsBefore: 1 });
    const popup = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    await popup.waitForSelector('[data-storage="wiped"]');
    await popup.close();
    // Whatever was waiting has had its chance to be written (an export flushes the batcher first).
    await driver.send({ type: 'export-chunk', after: null, limit: 1 });
    expect(await storedHosts()).toEqual([]);

    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('[data-storage="wiped"] button[data-action="start-over"][disabled]');
    await manager.click('input[data-action="start-over-confirm"]');
    await manager.click('button[data-action="start-over"]');
    await manager.waitForFunction(() => document.querySelector('[data-storage]') === null);
    await manager.close();
    expect(await driver.send<StorageStatus>({ type: 'storage-status' })).toEqual({ kind: 'ok' });
    expect(await storedHosts()).toContain(at('two.test'));
  });

  it('a database it can no longer open (a newer version took it): keeps judging, in memory, and says why', async () => {
    await driver.evaluate(() => new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('firstseen', 99);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    }));
    const tabId = await visit('three.test');
    await driver.hostReport(tabId, at('three.test'), 'first-use');
    const status = await driver.send<StorageStatus>({ type: 'storage-status' });
    expect(status).toMatchObject({ kind: 'unavailable', detail: expect.stringContaining('VersionError') });
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('[data-storage="unavailable"]');
  });
});
