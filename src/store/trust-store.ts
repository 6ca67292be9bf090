// The trust store: trust records and their history in IndexedDB, through idb.
import { openDB, unwrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { summarize, type HostSummary } from '../core/host-summary.js';
import type { Policy } from '../core/policy.js';
import { checkStoredPolicy } from './policy-validation.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { StoredTrustEvent, TrustEvent } from '../core/trust-event.js';
import { appended, eventsOf, groupByHost, restored } from './history-rows.js';
import { checkStoredRecord } from './record-validation.js';
import { DB_NAME, SCHEMA_VERSION, type FirstSeenDB } from './schema.js';

export interface TrustStore {
  getRecord(host: string): Promise<TrustRecord | undefined>;
  /** Writes records and appends events in one transaction: all of it lands, or none. */
  commit(records: readonly TrustRecord[], events: readonly TrustEvent[]): Promise<void>;
  eventsFor(host: string): Promise<StoredTrustEvent[]>;
  /** The records of a registrable domain's hosts. */
  recordsOfDomain(domain: string): Promise<TrustRecord[]>;
  countHosts(): Promise<number>;
  /** Whether no host is stored: one key read, where counting would walk them all. */
  isEmpty(): Promise<boolean>;
  /** The first `limit` host summaries in host order: enough to draw a first screen. */
  firstSummaries(limit: number): Promise<HostSummary[]>;
  allSummaries(): Promise<HostSummary[]>;
  /** Up to `limit` summaries after `host` (all from the start when null), in host order. */
  summariesAfter(host: string | null, limit: number): Promise<HostSummary[]>;
  /** Every host key, in order: far lighter to load than the summaries. */
  allHosts(): Promise<string[]>;
  summariesOf(hosts: readonly string[]): Promise<HostSummary[]>;
  /** Removes a host's record, summary and history in one transaction, and returns what was removed. */
  forgetHost(host: string): Promise<{ record: TrustRecord; events: StoredTrustEvent[] } | null>;
  /** Puts back what forgetHost removed. */
  restoreHost(record: TrustRecord, events: readonly StoredTrustEvent[]): Promise<void>;
  /** Which of these hosts have a record. */
  hostsPresent(hosts: readonly string[]): Promise<Set<string>>;
  /** The records of these hosts that exist, in one read transaction. */
  getRecords(hosts: readonly string[]): Promise<Map<string, TrustRecord>>;
  /** Up to `limit` hosts after `host` in host order, each with its history: one export chunk. */
  exportChunk(after: string | null, limit: number): Promise<{ record: TrustRecord; events: StoredTrustEvent[] }[]>;
  /**
   * Writes an import in one transaction: records (with their summaries), appended events and the
   * policy. Any failure aborts all of it, so the store is exactly as it was.
   */
  importAll(records: readonly TrustRecord[], events: readonly TrustEvent[], policy: Policy): Promise<void>;
  /**
   * Walks every record, `chunk` at a time, in host order. `change` says what becomes of a record:
   * undefined leaves it, a record replaces it (with events appended), null removes the host with
   * its summary and history. Each chunk is one transaction, so a host is never half changed.
   */
  rewriteAll(change: (record: TrustRecord) => { record: TrustRecord | null; events: TrustEvent[] } | undefined, chunk?: number,
    dryRun?: boolean): Promise<{ changed: TrustRecord[]; removed: string[] }>;
  getPolicy(): Promise<Policy>;
  putPolicy(policy: Policy): Promise<void>;
  close(): void;
}

/**
 * Queues a transaction's writes and waits for it to commit. A request that fails, even
 * synchronously (a record without its key), aborts everything queued before it.
 */
async function allOrNothing(tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'readwrite'>,
  queue: (writes: Promise<unknown>[]) => void | Promise<void>): Promise<void> {
  const writes: Promise<unknown>[] = [];
  try {
    await queue(writes);
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    // The requests queued before the failure now reject with AbortError: expected, not news.
    for (const w of writes) w.catch(() => undefined);
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    throw error;
  }
}

/** Writes issued between two waits in a bulk import. */
const IMPORT_BATCH = 5_000;

export interface StoreEvents {
  /**
   * The connection is gone: the browser closed it (site data cleared), or someone asked to delete
   * or upgrade the database and this connection stepped aside. Open a new one to go on.
   */
  onLost?(): void;
}

type Migrations = typeof import('./migrations/index.js');

/**
 * Opens the database at SCHEMA_VERSION. The migrations are loaded only if it needs them (a new or
 * older database): the first try gives up an upgrade it cannot run (an aborted upgrade leaves the
 * database as it was, or absent), and the second runs it with the migrations loaded. An upgrade
 * transaction cannot wait for a module to load, hence two tries.
 */
async function openDatabase(name: string, events: StoreEvents): Promise<IDBPDatabase<FirstSeenDB>> {
  let migrations: Migrations | undefined;
  for (;;) {
    let wanted = false;
    try {
      const db: IDBPDatabase<FirstSeenDB> = await openDB<FirstSeenDB>(name, SCHEMA_VERSION, {
        upgrade(database, oldVersion, _newVersion, tx) {
          if (migrations) {
            migrations.runMigrations(database, oldVersion, tx);
            return;
          }
          wanted = true;
          tx.done.catch(() => undefined);
          tx.abort();
        },
        blocking() {
          // Never block a deletion or a newer version: close, and let the owner reopen.
          db.close();
          events.onLost?.();
        },
        terminated() {
          events.onLost?.();
        },
      });
      return db;
    } catch (error) {
      if (!wanted || migrations) throw error;
      migrations = await import('./migrations/index.js');
    }
  }
}

export async function openTrustStore(name = DB_NAME, events: StoreEvents = {}): Promise<TrustStore> {
  const db = await openDatabase(name, events);
  return {
    async getRecord(host) {
      const value: unknown = await db.get('hosts', host);
      return value === undefined ? undefined : checkStoredRecord(host, value);
    },
    async commit(records, events) {
      if (records.length === 0 && events.length === 0) return;
      const tx = db.transaction(['hosts', 'summaries', 'histories'], 'readwrite');
      const hosts = tx.objectStore('hosts');
      const summaries = tx.objectStore('summaries');
      const histories = tx.objectStore('histories');
      const groups = [...groupByHost(events)];
      await allOrNothing(tx, async (writes) => {
        // The histories are read before anything is written, so a failure has nothing to undo here.
        const rows = await Promise.all(groups.map(([host]) => histories.get(host)));
        for (const r of records) writes.push(hosts.put(r), summaries.put(summarize(r)));
        groups.forEach(([host, list], i) => writes.push(histories.put(appended(rows[i], host, list))));
      });
    },
    async eventsFor(host) {
      return eventsOf(await db.get('histories', host));
    },
    async recordsOfDomain(domain) {
      const found: unknown[] = await db.getAllFromIndex('hosts', 'by-domain', domain);
      return found.flatMap((value) => {
        const host = (value as { host?: unknown }).host;
        try {
          return [checkStoredRecord(String(host), value)];
        } catch {
          // One unreadable sibling must not stop the others from vouching.
          return [];
        }
      });
    },
    async countHosts() {
      return db.count('hosts');
    },
    async isEmpty() {
      return (await db.getAllKeys('hosts', null, 1)).length === 0;
    },
    async firstSummaries(limit) {
      return db.getAll('summaries', null, limit);
    },
    async allSummaries() {
      return db.getAll('summaries');
    },
    async summariesAfter(host, limit) {
      return db.getAll('summaries', host === null ? null : IDBKeyRange.lowerBound(host, true), limit);
    },
    async allHosts() {
      return db.getAllKeys('summaries');
    },
    async summariesOf(hosts) {
      const tx = db.transaction('summaries');
      const found = await Promise.all(hosts.map((h) => tx.store.get(h)));
      return found.filter((x): x is HostSummary => x !== undefined);
    },
    async forgetHost(host) {
      const tx = db.transaction(['hosts', 'summaries', 'histories'], 'readwrite');
      const record = await tx.objectStore('hosts').get(host);
      if (!record) {
        await tx.done;
        return null;
      }
      const events = eventsOf(await tx.objectStore('histories').get(host));
      await tx.objectStore('histories').delete(host);
      await tx.objectStore('hosts').delete(host);
      await tx.objectStore('summaries').delete(host);
      await tx.done;
      return { record, events };
    },
    async restoreHost(record, events) {
      const tx = db.transaction(['hosts', 'summaries', 'histories'], 'readwrite');
      const histories = tx.objectStore('histories');
      const since = await histories.get(record.host);
      await Promise.all([
        tx.objectStore('hosts').put(record),
        tx.objectStore('summaries').put(summarize(record)),
        histories.put(restored(since, record.host, events)),
        tx.done,
      ]);
    },
    async getRecords(hosts) {
      const tx = db.transaction('hosts');
      const found = await Promise.all(hosts.map((h) => tx.store.get(h)));
      const out = new Map<string, TrustRecord>();
      found.forEach((r, i) => r && out.set(hosts[i]!, checkStoredRecord(hosts[i]!, r)));
      return out;
    },
    async exportChunk(after, limit) {
      const tx = db.transaction(['hosts', 'histories']);
      const records = await tx.objectStore('hosts').getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), limit);
      const byHost = new Map<string, StoredTrustEvent[]>();
      if (records.length > 0) {
        // One read of the histories for the whole chunk (a read per host would cost a round trip each).
        const range = IDBKeyRange.bound(records[0]!.host, records[records.length - 1]!.host);
        for (const row of await tx.objectStore('histories').getAll(range)) byHost.set(row.host, eventsOf(row));
      }
      await tx.done;
      return records.map((record) => ({ record, events: byHost.get(record.host) ?? [] }));
    },
    async importAll(records, events, policy) {
      const tx = db.transaction(['hosts', 'summaries', 'histories', 'settings'], 'readwrite');
      // Hundreds of thousands of writes: plain requests, no promise each, issued in batches. Waiting
      // for each batch's last request keeps the transaction alive and lets the pages run meanwhile.
      // Any failing request aborts the transaction, and tx.done rejects: all or nothing.
      try {
        const hosts = unwrap(tx.objectStore('hosts'));
        const summaries = unwrap(tx.objectStore('summaries'));
        const histories = unwrap(tx.objectStore('histories'));
        // Hosts that already have a history get the imported events appended to it: one read of
        // every history key, then a read for each of those hosts only.
        const groups = [...groupByHost(events)];
        const known = new Set(await tx.objectStore('histories').getAllKeys());
        const rows = await Promise.all(groups.map(([host]) => (known.has(host) ? tx.objectStore('histories').get(host) : undefined)));
        const writes: (() => IDBRequest)[] = [
          ...records.flatMap((r) => [() => hosts.put(r), () => summaries.put(summarize(r))]),
          ...groups.map(([host, list], i) => () => histories.put(appended(rows[i], host, list))),
          () => unwrap(tx.objectStore('settings')).put(policy, 'policy'),
        ];
        for (let i = 0; i < writes.length; i += IMPORT_BATCH) {
          let last: IDBRequest | undefined;
          for (const write of writes.slice(i, i + IMPORT_BATCH)) last = write();
          await new Promise((resolve, reject) => {
            last!.onsuccess = resolve;
            last!.onerror = () => reject(last!.error);
          });
        }
      } catch (error) {
        tx.done.catch(() => undefined);
        try {
          tx.abort();
        } catch {
          // Already aborted.
        }
        throw error;
      }
      await tx.done;
    },
    async hostsPresent(hosts) {
      // One read of every key beats a read per imported host, above all into an empty profile.
      const all = new Set(await db.getAllKeys('hosts'));
      return new Set(hosts.filter((h) => all.has(h)));
    },
    async rewriteAll(change, chunk = 500, dryRun = false) {
      const changed: TrustRecord[] = [];
      const removed: string[] = [];
      let after: string | null = null;
      for (;;) {
        // readwrite even for a dry run: the preview and the prune take one path.
        const tx = db.transaction(['hosts', 'summaries', 'histories'], 'readwrite');
        const hosts = tx.objectStore('hosts');
        const histories = tx.objectStore('histories');
        const records: TrustRecord[] = await hosts.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), chunk);
        const appends: [string, TrustEvent[]][] = [];
        for (const record of records) {
          const outcome = change(record);
          if (!outcome) continue;
          if (outcome.record === null) {
            removed.push(record.host);
            if (dryRun) continue;
            void hosts.delete(record.host);
            void tx.objectStore('summaries').delete(record.host);
            void histories.delete(record.host);
          } else {
            changed.push(outcome.record);
            if (dryRun) continue;
            void hosts.put(outcome.record);
            void tx.objectStore('summaries').put(summarize(outcome.record));
            if (outcome.events.length > 0) appends.push([record.host, outcome.events]);
          }
        }
        const rows = await Promise.all(appends.map(([host]) => histories.get(host)));
        appends.forEach(([host, list], i) => void histories.put(appended(rows[i], host, list)));
        await tx.done;
        if (records.length < chunk) return { changed, removed };
        after = records[records.length - 1]!.host;
      }
    },
    async getPolicy() {
      const { policy, problems } = checkStoredPolicy(await db.get('settings', 'policy'));
      if (problems.length > 0) console.warn('FirstSeen: parts of the stored policy were unreadable', problems);
      return policy;
    },
    async putPolicy(policy) {
      await db.put('settings', policy, 'policy');
    },
    close() {
      db.close();
    },
  };
}
