// Upgrades from every earlier schema keep all the data: a database made by the 001 code is opened
// by the current code and compared before and after.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrate001 } from '../../../src/store/migrations/001-initial.js';
import { migrate002 } from '../../../src/store/migrations/002-domain-index.js';
import { migrate003 } from '../../../src/store/migrations/003-summaries-and-settings.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { SCHEMA_VERSION } from '../../../src/store/schema.js';
import type { FirstSeenDB } from '../../../src/store/schema.js';
import { openTrustStore } from '../../../src/store/trust-store.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';

const BEFORE = JSON.parse(readFileSync(new URL('../../fixtures/migrations/001-hosts.json', import.meta.url), 'utf8')) as TrustRecord[];

async function databaseAt001(name: string): Promise<void> {
  const db = await openDB<FirstSeenDB>(name, 1, { upgrade: (d) => migrate001(d) });
  for (const r of BEFORE) await db.put('hosts', r);
  await db.add('events', { host: BEFORE[0]!.host, at: 1, kind: 'first-use', severity: 'none' } as never);
  db.close();
}

describe('migrations', () => {
  it('are numbered: the schema version is their count', () => {
    expect(SCHEMA_VERSION).toBe(4);
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  it('a fresh database is created whole, though the first try to open it gives up the upgrade', async () => {
    const store = await openTrustStore('migrate-fresh');
    store.close();
    const raw = await openDB('migrate-fresh');
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(['histories', 'hosts', 'settings', 'summaries']);
    expect([...raw.transaction('hosts').store.indexNames]).toEqual(['by-domain']);
    raw.close();
  });

  it('001 -> current keeps every record and event, adds the registrable domain and the summaries', async () => {
    await databaseAt001('migrate-001');
    expect(BEFORE.every((r) => !('domain' in r))).toBe(true);
    const store = await openTrustStore('migrate-001');
    for (const before of BEFORE) {
      const after = await store.getRecord(before.host);
      const { domain, ...rest } = after!;
      expect(rest).toEqual(before);
      expect(domain).toBe(before.host.startsWith('192.') ? null : 'example.co.uk');
    }
    expect(await store.eventsFor(BEFORE[0]!.host)).toHaveLength(1);
    const siblings = await store.recordsOfDomain('example.co.uk');
    expect(siblings.map((r) => r.host).sort()).toEqual(['api.example.co.uk:8443', 'www.example.co.uk']);
    expect((await store.allSummaries()).map((x) => [x.host, x.keyCount, x.status])).toEqual([
      ['192.0.2.7', 1, 'known'], ['api.example.co.uk:8443', 1, 'changed'], ['www.example.co.uk', 1, 'known'],
    ]);
    expect(await store.getPolicy()).toEqual({ modes: {}, ignoreRules: [], pins: [] });
    store.close();
    const raw = await openDB('migrate-001');
    expect(raw.version).toBe(4);
    raw.close();
  });

  it('002 -> 003 builds a summary for every record made by the 002 code', async () => {
    const db = await openDB<FirstSeenDB>('migrate-002', 2, {
      upgrade: (d, old, _n, tx) => {
        migrate001(d);
        migrate002(d, tx);
        void old;
      },
    });
    for (const r of BEFORE) await db.put('hosts', { ...r, domain: null });
    db.close();
    const store = await openTrustStore('migrate-002');
    expect((await store.allSummaries()).map((x) => x.host)).toEqual(BEFORE.map((r) => r.host).sort());
    expect((await store.getRecord(BEFORE[0]!.host))?.keys).toEqual(BEFORE[0]!.keys);
    store.close();
  });

  it('003 -> 004 moves every event into the history row of its host, in order, with its id, and drops the old store', async () => {
    const db = await openDB<FirstSeenDB>('migrate-003', 3, {
      upgrade: (d, _old, _n, tx) => {
        migrate001(d);
        migrate002(d, tx);
        migrate003(d, tx);
      },
    });
    const hosts = ['a.test', 'b.test', 'c.test'];
    // More events than the migration reads at once, the hosts interleaved as a browsing session leaves them.
    const tx = db.transaction('events', 'readwrite');
    for (let i = 0; i < 5_200; i++) void tx.store.add({ host: hosts[i % 3]!, at: i, kind: 'key-change', severity: 'notice' } as never);
    // A row no host index ever showed: it must not stop the upgrade.
    void tx.store.add({ at: 1, kind: 'first-use', severity: 'none' } as never);
    await tx.done;
    db.close();

    const store = await openTrustStore('migrate-003');
    for (const [h, host] of hosts.entries()) {
      const events = await store.eventsFor(host);
      expect(events).toHaveLength(h < 1 ? 1734 : 1733);
      expect(events.every((e) => e.host === host && (e.at % 3) === h)).toBe(true);
      expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((x, y) => x - y));
      // The ids IndexedDB gave them stay: 1-based, every third.
      expect(events[0]!.id).toBe(h + 1);
    }
    // New events go after the moved ones, numbered past them.
    await store.commit([], [{ host: 'a.test', at: 9_999, kind: 'key-accepted', severity: 'none' }]);
    const a = await store.eventsFor('a.test');
    expect(a.at(-1)).toMatchObject({ at: 9_999, id: a.at(-2)!.id + 1 });
    store.close();
    const raw = await openDB('migrate-003');
    expect(raw.version).toBe(4);
    expect([...raw.objectStoreNames]).not.toContain('events');
    raw.close();
  });
});
