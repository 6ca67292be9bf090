// A cheap reset: the store as one attack path sees it. Reads fall through to the point's store
// (fake-indexeddb, as the victim's history left it); writes go nowhere (the path's trust service
// keeps what it learned in its records cache, as the add-on does between writes). Forking takes
// the records a path's service holds now, so one path can branch into several (each attack
// duration) from the state it reached, without replaying it and without touching the point's store.
//
// Records handed out are frozen, not copied: the trust service builds a new record for every
// change, and never changes one in place except a repeat sighting within a minute of the last
// (repeat-sightings.ts), which no path has; were that to change, a path would throw, not drift.
import { portlessHost } from '../../src/core/host-port.js';
import type { TrustRecord } from '../../src/core/trust-record.js';
import type { TrustStore } from '../../src/store/trust-store.js';

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The point's store as it stands while the paths of one point run (nothing writes it meanwhile):
 * each record, domain and the policy read once from fake-indexeddb.
 */
export function pointReads(base: TrustStore): TrustStore {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let got = memo.get(key) as Promise<T> | undefined;
    if (!got) memo.set(key, got = read().then(deepFreeze));
    return got;
  };
  return {
    ...base,
    getRecord: (host) => once(`record:${host}`, () => base.getRecord(host)),
    recordsOfDomain: (domain) => once(`domain:${domain}`, () => base.recordsOfDomain(domain)),
    recordsOfName: (name) => once(`name:${name}`, () => base.recordsOfName(name)),
    // The policy service changes its copy: a fresh one each time.
    getPolicy: () => once('policy', () => base.getPolicy()).then((p) => structuredClone(p)),
    commit: async () => {
      throw new Error('the point store is read-only: paths write into their overlay');
    },
  };
}

export class OverlayStore {
  private constructor(private readonly base: TrustStore, private readonly records: Map<string, TrustRecord>) {}

  static over(base: TrustStore): OverlayStore {
    return new OverlayStore(base, new Map());
  }

  /** A copy of this overlay with these records (a path's current ones) in it, changed apart from here on. */
  fork(current: readonly TrustRecord[]): OverlayStore {
    const records = new Map(this.records);
    for (const r of current) records.set(r.host, deepFreeze(structuredClone(r)));
    return new OverlayStore(this.base, records);
  }

  /** The TrustStore a trust service uses: records read through the overlay, written into it. */
  store(): TrustStore {
    const { base, records } = this;
    return {
      ...base,
      getRecord: async (host) => (records.has(host) ? records.get(host) : base.getRecord(host)),
      getRecords: async (hosts) => {
        const found = await base.getRecords(hosts.filter((h) => !records.has(h)));
        for (const h of hosts) if (records.has(h)) found.set(h, records.get(h)!);
        return found;
      },
      recordsOfDomain: async (domain) => {
        const stored = (await base.recordsOfDomain(domain)).filter((r) => !records.has(r.host));
        return [...stored, ...[...records.values()].filter((r) => r.domain === domain)];
      },
      recordsOfName: async (name) => {
        const stored = (await base.recordsOfName(name)).filter((r) => !records.has(r.host));
        return [...stored, ...[...records.values()].filter((r) => r.host === name || portlessHost(r.host) === name)];
      },
      commit: async () => undefined,
      putPolicy: async () => undefined,
    };
  }
}
