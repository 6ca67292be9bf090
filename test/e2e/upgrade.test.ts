// A profile whose database an older FirstSeen made (schema 4: a row per host in "hosts",
// "summaries" and "histories") is upgraded by this one in a real Firefox, keeping every record
// and event. Firefox's IndexedDB decides whether the migrations' chained steps stay inside the
// upgrade transaction; fake-indexeddb alone cannot say.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustRecord } from '../../src/core/trust-record.js';
import { makeAuthority, makeServerCert, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

const NAME = 'upgrade.test';
let work: string;
let ca: Authority;
let server: TestServer;
let firefox: RunningFirefox | undefined;

const launch = () => launchFirefox({ profileDir: join(work, 'profile'), hosts: [NAME], extensions: [FIRSTSEEN] });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-upgrade-'));
  ca = makeAuthority(work, 'Upgrade CA');
  server = await startHttpsServer(makeServerCert(work, [NAME], ca));
  prepareProfile(join(work, 'profile'), [ca]);
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Replaces the add-on's database with a schema-4 one holding `record`, as the 004 code left it. */
function writeSchema4(record: TrustRecord): Promise<string> {
  return new Promise((resolve) => {
    const attempt = (left: number) => {
      const deleting = indexedDB.deleteDatabase('firstseen');
      deleting.onerror = () => resolve(`delete failed: ${String(deleting.error)}`);
      deleting.onsuccess = () => {
        const opening = indexedDB.open('firstseen', 4);
        opening.onupgradeneeded = () => {
          const db = opening.result;
          db.createObjectStore('hosts', { keyPath: 'host' }).createIndex('by-domain', 'domain');
          db.createObjectStore('summaries', { keyPath: 'host' });
          db.createObjectStore('settings');
          db.createObjectStore('histories', { keyPath: 'host' });
          const tx = opening.transaction!;
          tx.objectStore('hosts').put(record);
          tx.objectStore('summaries').put({ host: record.host, status: 'known', keyCount: 1, lastSeen: record.lastSeen, lastChangeSeverity: 'none', lastChangeAt: null });
          tx.objectStore('histories').put({ host: record.host, events: [{ id: 41, host: record.host, at: record.firstSeen, kind: 'first-use', severity: 'none' }] });
          tx.objectStore('histories').put({ host: 'pinned-only.test', events: [{ id: 42, host: 'pinned-only.test', at: 5, kind: 'mode-changed', severity: 'none', detail: 'strict' }] });
        };
        opening.onsuccess = () => {
          opening.result.close();
          resolve('ok');
        };
        // The add-on reopened its database between the deletion and this open: try again.
        opening.onerror = () => (left > 0 ? attempt(left - 1) : resolve(`open failed: ${String(opening.error)}`));
      };
    };
    attempt(3);
  });
}

describe('upgrading an older profile in a real Firefox', () => {
  it('moves a schema-4 database into pages, and the site is known after the restart', async () => {
    firefox = await launch();
    let driver = await FirstSeenDriver.open(firefox.browser);
    const tab = await firefox.browser.newPage();
    const host = `${NAME}:${server.port}`;
    await tab.goto(`https://${host}/`);
    await driver.hostReport(await driver.tabIdOf(tab), host, 'first-use');
    const record = (await driver.history(host)).record!;
    expect(await driver.evaluate(writeSchema4, record)).toBe('ok');
    await firefox.close();

    firefox = await launch();
    driver = await FirstSeenDriver.open(firefox.browser);
    const again = await firefox.browser.newPage();
    await again.goto(`https://${host}/`);
    expect((await driver.hostReport(await driver.tabIdOf(again), host)).kind).toBe('match');
    expect((await driver.history(host)).events.map((e) => [e.id, e.kind, e.at])).toEqual([[1, 'first-use', record.firstSeen]]);
    expect((await driver.history('pinned-only.test')).events.map((e) => [e.kind, e.detail])).toEqual([['mode-changed', 'strict']]);
    const schema = await driver.evaluate(() => new Promise<{ version: number; stores: string[] }>((resolve) => {
      const opening = indexedDB.open('firstseen');
      opening.onsuccess = () => {
        const db = opening.result;
        resolve({ version: db.version, stores: [...db.objectStoreNames].sort() });
        db.close();
      };
    }));
    expect(schema).toEqual({ version: 5, stores: ['pages', 'settings', 'summaryPages'] });
  });
});
