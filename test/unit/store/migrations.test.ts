// Upgrades from every earlier schema keep all the data: a database made by the 001 code is opened
// by the current code and compared before and after.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { migrate001 } from '../../../src/store/migrations/001-initial.js';
import { SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
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
    expect(SCHEMA_VERSION).toBe(2);
  });

  it('001 -> 002 keeps every record and event, and adds the registrable domain', async () => {
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
    store.close();
    const raw = await openDB('migrate-001');
    expect(raw.version).toBe(2);
    raw.close();
  });
});
