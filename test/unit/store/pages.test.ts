// The store keeps hosts in pages (src/store/pages.ts): these tests hold what the pages must keep
// true however hosts arrive, change and go, read through the store and checked on the raw pages.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { applyObservation } from '../../../src/core/apply.js';
import { registrableDomain } from '../../../src/core/domain.js';
import { summarize } from '../../../src/core/host-summary.js';
import { judgeObservation } from '../../../src/core/judge.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import type { TrustEvent } from '../../../src/core/trust-event.js';
import { PAGES_PER_READ } from '../../../src/store/page-store.js';
import { PAGE_ENTRIES, type StoredPage } from '../../../src/store/pages.js';
import { SCHEMA_VERSION } from '../../../src/store/schema.js';
import { openTrustStore, type TrustStore } from '../../../src/store/trust-store.js';
import { observationOf } from '../core/fixtures.js';

const T0 = 1_800_000_000_000;
let n = 0;
let store: TrustStore | undefined;
afterEach(() => store?.close());

async function fresh(): Promise<{ s: TrustStore; name: string }> {
  const name = `pages-test-${++n}`;
  store = await openTrustStore(name);
  return { s: store, name };
}

const obs = observationOf('first-visit-intermediate', T0);
const template = applyObservation(undefined, obs, judgeObservation(undefined, obs), registrableDomain).record;

function recordOf(host: string): TrustRecord {
  return { ...template, host, domain: registrableDomain(host) };
}
const firstUse = (host: string): TrustEvent => ({ host, at: T0, kind: 'first-use', severity: 'none' });
const hostName = (i: number) => `h${String(i).padStart(3, '0')}.site${i % 5}.test`;

/** A fixed shuffle, so a failure repeats. */
function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function rawPages(name: string): Promise<{ keys: string[]; pages: StoredPage[]; summaryKeys: string[] }> {
  const raw = await openDB(name, SCHEMA_VERSION);
  const out = { keys: await raw.getAllKeys('pages') as string[], pages: await raw.getAll('pages') as StoredPage[], summaryKeys: await raw.getAllKeys('summaryPages') as string[] };
  raw.close();
  return out;
}

describe('host pages', () => {
  it('find one name on every port, across pages, and nothing of the names sorted between', async () => {
    const { s } = await fresh();
    const ports = ['nas.example', 'nas.example:5001', 'nas.example:5002', 'nas.example:8443'];
    // Sorted between "nas.example" and "nas.example:": other names, and enough hosts to fill pages.
    const between = Array.from({ length: 3 * PAGE_ENTRIES }, (_, i) => `nas.example.h${String(i).padStart(3, '0')}.test`);
    const others = ['nas.example-x.test', 'nas.examples.test', 'nas.exampl.test', 'mas.example:5001'];
    for (const h of shuffled([...ports, ...between, ...others])) await s.commit([recordOf(h)], [firstUse(h)]);
    expect((await s.recordsOfName('nas.example')).map((r) => r.host).sort()).toEqual(ports);
    expect((await s.recordsOfName('absent.example')).map((r) => r.host)).toEqual([]);
  });


  it('grow, split, and go as hosts come one by one and leave, keeping every page under its first host', async () => {
    const { s, name } = await fresh();
    const hosts = Array.from({ length: 150 }, (_, i) => hostName(i));
    for (const h of shuffled(hosts)) await s.commit([recordOf(h)], [firstUse(h)]);
    expect(await s.allHosts()).toEqual(hosts);
    expect(await s.countHosts()).toBe(150);
    const { keys, pages, summaryKeys } = await rawPages(name);
    expect(summaryKeys).toEqual(keys);
    expect(pages.length).toBeGreaterThan(150 / (2 * PAGE_ENTRIES));
    pages.forEach((page, i) => {
      expect(page.hosts[0]).toBe(keys[i]);
      expect(page.hosts.length).toBeLessThanOrEqual(2 * PAGE_ENTRIES);
      expect(JSON.parse(page.json).map((e: { host: string }) => e.host)).toEqual(page.hosts);
    });
    for (const h of [hosts[0]!, hosts[77]!, hosts[149]!]) {
      expect(await s.getRecord(h)).toEqual(recordOf(h));
      expect(await s.eventsFor(h)).toEqual([{ ...firstUse(h), id: 1 }]);
    }
    expect(await s.summariesOf([hosts[149]!, 'absent.test', hosts[3]!])).toEqual([summarize(recordOf(hosts[149]!)), summarize(recordOf(hosts[3]!))]);
    expect((await s.summariesAfter(hosts[40]!, 5)).map((x) => x.host)).toEqual(hosts.slice(41, 46));
    expect((await s.firstSummaries(3)).map((x) => x.host)).toEqual(hosts.slice(0, 3));
    expect((await s.recordsOfDomain('site2.test')).map((r) => r.host)).toEqual(hosts.filter((h) => h.includes('.site2.')));

    for (const h of shuffled(hosts).reverse()) expect((await s.forgetHost(h))?.record.host).toBe(h);
    expect(await s.countHosts()).toBe(0);
    expect(await s.isEmpty()).toBe(true);
    expect((await rawPages(name)).keys).toEqual([]);
  });

  it('exports exactly `limit` hosts after any host, the same text whole or in chunks', async () => {
    const { s } = await fresh();
    const hosts = Array.from({ length: 100 }, (_, i) => hostName(i));
    await s.commit(hosts.map(recordOf), hosts.map(firstUse));
    const whole = await s.exportHosts(null, 1_000);
    expect(whole.count).toBe(100);
    expect(whole.last).toBe(hosts[99]);
    const parsed = JSON.parse(whole.json) as { host: string; events: unknown[] }[];
    expect(parsed[7]).toEqual({ ...recordOf(hosts[7]!), events: [{ at: T0, kind: 'first-use', severity: 'none' }] });
    const mid = await s.exportHosts(hosts[40]!, 7);
    expect(JSON.parse(mid.json).map((e: { host: string }) => e.host)).toEqual(hosts.slice(41, 48));
    const pieces: string[] = [];
    for (let after: string | null = null; ;) {
      const chunk = await s.exportHosts(after, 7);
      pieces.push(chunk.json.slice(1, -1));
      if (chunk.count < 7) break;
      after = chunk.last;
    }
    expect(`[${pieces.filter(Boolean).join(',')}]`).toBe(whole.json);
  });

  it('walks past one read of pages: summaries and exports of more pages than a read brings', async () => {
    const { s, name } = await fresh();
    const hosts = Array.from({ length: 1_200 }, (_, i) => `w${String(i).padStart(4, '0')}.test`);
    await s.commit(hosts.map(recordOf), []);
    expect((await rawPages(name)).keys.length).toBeGreaterThan(PAGES_PER_READ);
    expect((await s.summariesAfter(null, 5_000)).map((x) => x.host)).toEqual(hosts);
    expect((await s.summariesAfter(hosts[1_150]!, 3)).map((x) => x.host)).toEqual(hosts.slice(1_151, 1_154));
    const all = await s.exportHosts(null, 5_000);
    expect(JSON.parse(all.json).map((e: { host: string }) => e.host)).toEqual(hosts);
  });

  it('writes an import of several runs whole, into an empty store and into pages already there', async () => {
    const policy = { modes: {}, ignoreRules: [], pins: [] };
    const hosts = Array.from({ length: 7_000 }, (_, i) => `r${String(i).padStart(4, '0')}.test`);
    const expectStored = async (s: TrustStore, name: string, want: string[]) => {
      expect((await s.summariesAfter(null, 10_000)).map((x) => x.host)).toEqual(want);
      const { keys, pages } = await rawPages(name);
      expect(pages.flatMap((p) => p.hosts)).toEqual(want);
      expect(keys).toEqual(pages.map((p) => p.hosts[0]));
    };
    // Into no pages at all: one run after another of new pages.
    const empty = await fresh();
    const some = hosts.filter((_, i) => i % 3 === 0);
    await empty.s.importAll(some.map(recordOf), some.map(firstUse), policy);
    await expectStored(empty.s, empty.name, some);
    // Into those pages: each page gains the hosts between its own.
    await empty.s.importAll(hosts.map(recordOf), hosts.map(firstUse), policy);
    await expectStored(empty.s, empty.name, hosts);
    expect((await empty.s.eventsFor(hosts[6_999]!)).map((e) => e.kind)).toEqual(['first-use', 'first-use']);
    expect((await empty.s.eventsFor(hosts[6_998]!)).map((e) => e.kind)).toEqual(['first-use']);
  });

  it('keeps a history with no record apart from the hosts, and joins it to the record when the host is seen', async () => {
    const { s } = await fresh();
    const pin: TrustEvent = { host: 'pinned.test', at: T0 - 1, kind: 'pin-added', severity: 'none', detail: 'x' };
    await s.commit([], [pin]);
    expect(await s.countHosts()).toBe(0);
    expect(await s.isEmpty()).toBe(true);
    expect(await s.allSummaries()).toEqual([]);
    expect(await s.exportHosts(null, 10)).toEqual({ json: '[]', count: 0, last: null });
    expect(await s.forgetHost('pinned.test')).toBeNull();
    expect(await s.eventsFor('pinned.test')).toEqual([{ ...pin, id: 1 }]);
    await s.commit([recordOf('pinned.test'), recordOf('other.test')], [firstUse('pinned.test')]);
    expect((await s.eventsFor('pinned.test')).map((e) => [e.kind, e.id])).toEqual([['pin-added', 1], ['first-use', 2]]);
    expect(JSON.parse((await s.exportHosts(null, 10)).json).map((e: { host: string; events: unknown[] }) => [e.host, e.events.length])).toEqual([
      ['other.test', 0], ['pinned.test', 2],
    ]);
  });

  it('rewrites every record exactly once, even when its changes cut pages in pieces under the walk', async () => {
    const { s, name } = await fresh();
    const hosts = Array.from({ length: 100 }, (_, i) => hostName(i));
    await s.commit(hosts.map(recordOf), []);
    const pagesBefore = (await rawPages(name)).keys.length;
    const seen: string[] = [];
    const { changed, removed } = await s.rewriteAll((record) => {
      seen.push(record.host);
      if (record.host.includes('.site0.')) return { record: null, events: [] };
      // A long event: the pages outgrow their size and are cut while the walk goes on.
      return { record: { ...record, timesSeen: record.timesSeen + 1 }, events: [{ host: record.host, at: T0, kind: 'key-pruned', severity: 'none', detail: 'x'.repeat(12_000) }] };
    }, 40);
    expect(seen).toEqual(hosts);
    expect(removed).toEqual(hosts.filter((h) => h.includes('.site0.')));
    expect(changed.map((r) => r.host)).toEqual(hosts.filter((h) => !h.includes('.site0.')));
    expect((await rawPages(name)).keys.length).toBeGreaterThan(pagesBefore);
    expect(await s.countHosts()).toBe(80);
    expect((await s.getRecord(hosts[1]!))?.timesSeen).toBe(template.timesSeen + 1);
    expect(await s.eventsFor(hosts[1]!)).toHaveLength(1);
    expect(await s.getRecord(hosts[0]!)).toBeUndefined();
  });

  it('writes an import into a store with pages, adding hosts before, between and after them', async () => {
    const { s } = await fresh();
    const hosts = Array.from({ length: 120 }, (_, i) => hostName(i));
    const known = hosts.filter((_h, i) => i % 3 === 1);
    await s.commit(known.map(recordOf), known.map(firstUse));
    const policy = { modes: {}, ignoreRules: ['*.internal'], pins: [] };
    await s.importAll(hosts.map(recordOf), hosts.map((h) => ({ host: h, at: T0 + 1, kind: 'imported', severity: 'none' as const })), policy);
    expect(await s.allHosts()).toEqual(hosts);
    expect((await s.eventsFor(known[5]!)).map((e) => e.kind)).toEqual(['first-use', 'imported']);
    expect((await s.eventsFor(hosts[0]!)).map((e) => e.kind)).toEqual(['imported']);
    expect(await s.getPolicy()).toEqual(policy);
  });
});
