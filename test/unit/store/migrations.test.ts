// Upgrades from every earlier schema keep all the data: a database made by the 001 code is opened
// by the current code and compared before and after.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrate001 } from '../../../src/store/migrations/001-initial.js';
import { migrate002 } from '../../../src/store/migrations/002-domain-index.js';
import { migrate003 } from '../../../src/store/migrations/003-summaries-and-settings.js';
import { migrate004 } from '../../../src/store/migrations/004-history-rows.js';
import { summarize } from '../../../src/core/host-summary.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { SCHEMA_VERSION } from '../../../src/store/schema.js';
import type { FirstSeenDB } from '../../../src/store/schema.js';
import { openTrustStore } from '../../../src/store/trust-store.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import { isProvisional } from '../../../src/core/timing.js';

const BEFORE = JSON.parse(readFileSync(new URL('../../fixtures/migrations/001-hosts.json', import.meta.url), 'utf8')) as TrustRecord[];

async function databaseAt001(name: string): Promise<void> {
  const db = await openDB<FirstSeenDB>(name, 1, { upgrade: (d) => migrate001(d) });
  for (const r of BEFORE) await db.put('hosts', r);
  await db.add('events', { host: BEFORE[0]!.host, at: 1, kind: 'first-use', severity: 'none' } as never);
  db.close();
}

describe('migrations', () => {
  it('are numbered: the schema version is their count', () => {
    expect(SCHEMA_VERSION).toBe(5);
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  it('a fresh database is created whole, though the first try to open it gives up the upgrade', async () => {
    const store = await openTrustStore('migrate-fresh');
    store.close();
    const raw = await openDB('migrate-fresh');
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(['pages', 'settings', 'summaryPages']);
    expect([...raw.transaction('pages').store.indexNames]).toEqual(['by-domain']);
    expect([...raw.transaction('summaryPages').store.indexNames]).toEqual(['by-host']);
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
    expect(raw.version).toBe(5);
    raw.close();
  });

  it('keys written before probation and SCT times read as settled keys with no proven age', async () => {
    // provisional and issuedAt are optional: absent on every key an earlier version wrote. No
    // migration adds them; a key read back must not count as on probation, or be refused.
    await databaseAt001('migrate-probation');
    const store = await openTrustStore('migrate-probation');
    try {
      for (const r of BEFORE) {
        const read = (await store.getRecord(r.host))!;
        expect(read.keys.length).toBeGreaterThan(0);
        for (const k of read.keys) {
          expect(k.provisional).toBeUndefined();
          expect(k.issuedAt).toBeUndefined();
          expect(isProvisional(k)).toBe(false);
        }
      }
    } finally {
      store.close();
    }
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

  it('003 -> current moves every event into its host\'s history, in order, and drops the old store', async () => {
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
      // Since 005 an id is the event's place in its host's list.
      expect(events.map((e) => e.id)).toEqual(events.map((_e, i) => i + 1));
    }
    // New events go after the moved ones, numbered past them.
    await store.commit([], [{ host: 'a.test', at: 9_999, kind: 'key-accepted', severity: 'none' }]);
    const a = await store.eventsFor('a.test');
    expect(a.at(-1)).toMatchObject({ at: 9_999, id: a.at(-2)!.id + 1 });
    store.close();
    const raw = await openDB('migrate-003');
    expect(raw.version).toBe(5);
    expect([...raw.objectStoreNames]).not.toContain('events');
    raw.close();
  });

  it('004 -> 005 moves every record, summary and history into pages, a history without a record too', async () => {
    const db = await openDB<FirstSeenDB>('migrate-004', 4, {
      upgrade: async (d, _old, _n, tx) => {
        migrate001(d);
        await migrate002(d, tx);
        await migrate003(d, tx);
        await migrate004(d, tx);
      },
    });
    // More hosts than the migration reads at once, so that every batch must be read.
    const digest = (n: number) => btoa(String(n).padStart(32, '0')).slice(0, 43) + '=';
    const records: TrustRecord[] = Array.from({ length: 5_300 }, (_, i) => ({
      ...BEFORE[1]!, host: `h${String(i).padStart(5, '0')}.example${i % 7}.test`, domain: `example${i % 7}.test`,
      keys: [{ ...BEFORE[1]!.keys[0]!, spkiSha256: digest(i) }],
    }));
    const tx = db.transaction(['hosts', 'summaries', 'histories'], 'readwrite');
    for (const r of records) {
      void tx.objectStore('hosts').put(r);
      void tx.objectStore('summaries').put(summarize(r));
      void tx.objectStore('histories').put({ host: r.host, events: [
        { id: 7, host: r.host, at: 1, kind: 'first-use', severity: 'none' }, { id: 90, host: r.host, at: 2, kind: 'key-accepted', severity: 'none' },
      ] });
    }
    void tx.objectStore('histories').put({ host: 'pinned-only.test', events: [{ id: 3, host: 'pinned-only.test', at: 5, kind: 'pin-added', severity: 'none', detail: digest(1) }] });
    await tx.done;
    db.close();

    const store = await openTrustStore('migrate-004');
    expect(await store.countHosts()).toBe(records.length);
    expect(await store.allHosts()).toEqual(records.map((r) => r.host));
    expect(await store.allSummaries()).toEqual(records.map(summarize));
    for (const i of [0, 4_999, 5_000, 5_299]) {
      expect(await store.getRecord(records[i]!.host)).toEqual(records[i]);
      expect((await store.eventsFor(records[i]!.host)).map((e) => [e.id, e.kind, e.host])).toEqual([
        [1, 'first-use', records[i]!.host], [2, 'key-accepted', records[i]!.host],
      ]);
    }
    expect((await store.recordsOfDomain('example3.test')).map((r) => r.host)).toEqual(records.filter((r) => r.domain === 'example3.test').map((r) => r.host));
    expect(await store.getRecord('pinned-only.test')).toBeUndefined();
    expect(await store.eventsFor('pinned-only.test')).toEqual([{ id: 1, host: 'pinned-only.test', at: 5, kind: 'pin-added', severity: 'none', detail: digest(1) }]);
    store.close();
    const raw = await openDB('migrate-004');
    expect(raw.version).toBe(5);
    expect([...raw.objectStoreNames].sort()).toEqual(['pages', 'settings', 'summaryPages']);
    expect(await raw.count('pages')).toBeGreaterThan(records.length / 16);
    raw.close();
  });
});
