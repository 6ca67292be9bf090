import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { applyObservation } from '../../../src/core/apply.js';
import { registrableDomain } from '../../../src/core/domain.js';
import { judgeObservation } from '../../../src/core/judge.js';
import { openTrustStore, type TrustStore } from '../../../src/store/trust-store.js';
import { SCHEMA_VERSION } from '../../../src/store/schema.js';
import { observationOf } from '../core/fixtures.js';

const T0 = 1_800_000_000_000;
let n = 0;
let store: TrustStore | undefined;
afterEach(() => store?.close());

async function fresh(): Promise<{ store: TrustStore; name: string }> {
  const name = `store-test-${++n}`;
  store = await openTrustStore(name);
  return { store, name };
}

function firstUse() {
  const obs = observationOf('first-visit-intermediate', T0);
  return applyObservation(undefined, obs, judgeObservation(undefined, obs), registrableDomain);
}

describe('trust store', () => {
  it('creates the current schema: pages of hosts, found by domain, and their summary pages', async () => {
    const { name } = await fresh();
    store!.close();
    const raw = await openDB(name);
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect([...raw.objectStoreNames].sort()).toEqual(['pages', 'settings', 'summaryPages']);
    const byDomain = raw.transaction('pages').store.index('by-domain');
    expect([byDomain.keyPath, byDomain.multiEntry]).toEqual(['domains', true]);
    const byHost = raw.transaction('summaryPages').store.index('by-host');
    expect([byHost.keyPath, byHost.multiEntry]).toEqual(['hosts', true]);
    raw.close();
  });

  it('keeps a record and its events, and reads them back per host', async () => {
    const { store: s } = await fresh();
    const { record, events } = firstUse();
    await s.commit([record], events);
    expect(await s.getRecord('site.test:8443')).toEqual(record);
    expect(await s.getRecord('other.test')).toBeUndefined();
    const stored = await s.eventsFor('site.test:8443');
    expect(stored).toEqual([{ ...events[0], id: 1 }]);
    expect(await s.countHosts()).toBe(1);
  });

  it('survives closing and reopening the database', async () => {
    const { store: s, name } = await fresh();
    const { record, events } = firstUse();
    await s.commit([record], events);
    s.close();
    store = await openTrustStore(name);
    expect(await store.getRecord('site.test:8443')).toEqual(record);
  });

  it('writes nothing when part of a commit fails', async () => {
    const { store: s } = await fresh();
    const { record, events } = firstUse();
    const broken = { ...record, host: undefined } as unknown as typeof record;
    await expect(s.commit([record, broken], events)).rejects.toThrow();
    expect(await s.countHosts()).toBe(0);
    expect(await s.eventsFor('site.test:8443')).toEqual([]);
  });

  it('keeps a summary beside each record, for the host list', async () => {
    const { store: s } = await fresh();
    const { record, events } = firstUse();
    await s.commit([record], events);
    expect(await s.firstSummaries(10)).toEqual([
      { host: 'site.test:8443', status: 'known', keyCount: 1, lastSeen: T0, lastChangeSeverity: 'none', lastChangeAt: null },
    ]);
  });

  it('forgets a host with its history in one go, and restores it exactly', async () => {
    const { store: s } = await fresh();
    const { record, events } = firstUse();
    await s.commit([record], events);
    const removed = await s.forgetHost('site.test:8443');
    expect(removed?.record).toEqual(record);
    expect(removed?.events).toHaveLength(1);
    expect(await s.getRecord('site.test:8443')).toBeUndefined();
    expect(await s.eventsFor('site.test:8443')).toEqual([]);
    expect(await s.allSummaries()).toEqual([]);
    expect(await s.forgetHost('site.test:8443')).toBeNull();
    await s.restoreHost(removed!.record, removed!.events);
    expect(await s.getRecord('site.test:8443')).toEqual(record);
    expect(await s.eventsFor('site.test:8443')).toEqual(removed!.events);
    expect(await s.allSummaries()).toHaveLength(1);
  });

  it('an undone forget keeps what the host gathered meanwhile, after its old history', async () => {
    const { store: s } = await fresh();
    const { record, events } = firstUse();
    await s.commit([record], events);
    await s.commit([], [{ host: record.host, at: T0 + 1, kind: 'key-accepted', severity: 'none' }]);
    const removed = await s.forgetHost(record.host);
    // The user comes back to the site before pressing undo: a new first use.
    await s.commit([record], [{ host: record.host, at: T0 + 2, kind: 'first-use', severity: 'none' }]);
    await s.restoreHost(removed!.record, removed!.events);
    const after = await s.eventsFor(record.host);
    expect(after.map((e) => [e.kind, e.at])).toEqual([['first-use', T0], ['key-accepted', T0 + 1], ['first-use', T0 + 2]]);
    expect(new Set(after.map((e) => e.id)).size).toBe(3);
  });

  it('reports the hosts of a damaged page as unreadable, never as new, and never writes over it', async () => {
    const { store: s, name } = await fresh();
    const { record, events } = firstUse();
    await s.commit([record], events);
    const raw = await openDB(name, SCHEMA_VERSION);
    const [key] = await raw.getAllKeys('pages');
    await raw.put('pages', { hosts: [record.host], domains: [], loose: false, json: '[{"host": broken' }, key);
    raw.close();
    await expect(s.getRecord(record.host)).rejects.toThrow(`stored record for ${record.host} is unreadable: its page is unreadable`);
    expect(await s.eventsFor(record.host)).toEqual([]);
    // A host the page does not list sorts into it, yet is simply not known.
    expect(await s.getRecord('zzz.test')).toBeUndefined();
    await expect(s.commit([record], [])).rejects.toThrow('is unreadable');
    const after = await openDB(name, SCHEMA_VERSION);
    expect((await after.get('pages', key!)).json).toBe('[{"host": broken');
    after.close();
  });

  it('keeps the policy, and drops only the unreadable parts of a damaged one', async () => {
    const { store: s, name } = await fresh();
    const pin = { pattern: '**.example.com', spkiSha256: `${'A'.repeat(43)}=`, addedAt: 1, expiresAt: null };
    await s.putPolicy({ modes: { 'a.test': 'strict' }, ignoreRules: ['*.internal'], pins: [pin] });
    expect(await s.getPolicy()).toEqual({ modes: { 'a.test': 'strict' }, ignoreRules: ['*.internal'], pins: [pin] });
    const raw = await openDB(name, SCHEMA_VERSION);
    await raw.put('settings', { modes: { 'a.test': 'strict', 'b.test': 'sometimes' }, ignoreRules: ['*.internal', 'a*b'], pins: [pin, { pattern: 'x' }] }, 'policy');
    raw.close();
    expect(await s.getPolicy()).toEqual({ modes: { 'a.test': 'strict' }, ignoreRules: ['*.internal'], pins: [pin] });
  });

  it('reports a corrupted record instead of treating the host as new', async () => {
    const { store: s, name } = await fresh();
    const raw = await openDB(name, SCHEMA_VERSION);
    const bad = { host: 'bad.test', firstSeen: 1, lastSeen: 1, timesSeen: 1, keys: [{ spkiSha256: 'nope' }], events: [] };
    await raw.put('pages', { hosts: ['bad.test'], domains: [], loose: false, json: JSON.stringify([bad]) }, 'bad.test');
    raw.close();
    await expect(s.getRecord('bad.test')).rejects.toThrow('stored record for bad.test is unreadable: keys[0].spkiSha256 is not a SHA-256 digest');
  });
});
