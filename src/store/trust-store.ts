// The trust store: trust records and their history in IndexedDB, through idb.
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { HostSummary } from '../core/host-summary.js';
import type { Policy } from '../core/policy.js';
import { checkStoredPolicy } from './policy-validation.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { StoredTrustEvent, TrustEvent } from '../core/trust-event.js';
import { exportHosts } from './page-export.js';
import { editHosts, groupByPage, pageHolding, putPages, readEntries, type Edit } from './page-store.js';
import { recordsOfName } from './name-lookup.js';
import { entriesOf, entryIndexOf, entryWith, hasRecord, PAGE_ENTRIES, recordOf, storedEvents, type PageEntry, type StoredPage } from './pages.js';
import { checkStoredRecord, CorruptRecordError } from './record-validation.js';
import { DB_NAME, SCHEMA_VERSION, type FirstSeenDB } from './schema.js';
import { allHosts, allSummaries, noHosts, summariesAfter, summariesOf } from './summary-pages.js';

export interface TrustStore {
  getRecord(host: string): Promise<TrustRecord | undefined>;
  /** Writes records and appends events in one transaction: all of it lands, or none. */
  commit(records: readonly TrustRecord[], events: readonly TrustEvent[]): Promise<void>;
  eventsFor(host: string): Promise<StoredTrustEvent[]>;
  /** The records of a registrable domain's hosts. */
  recordsOfDomain(domain: string): Promise<TrustRecord[]>;
  /** The records of one DNS name on every port: `name` itself and each `name:port` (host-port.ts). */
  recordsOfName(name: string): Promise<TrustRecord[]>;
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
  /**
   * Up to `limit` hosts after `host` in host order, each with its history, as the JSON text of a
   * list of exported hosts (format.ts): one export chunk. Hosts with a history but no record are
   * left out.
   */
  exportHosts(after: string | null, limit: number): Promise<{ json: string; count: number; last: string | null }>;
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
  /**
   * How many write transactions this connection has begun (counted as each is created). The event
   * page is the database's only writer, so what was read after a count still holds while the count
   * is the same.
   */
  writeCount(): number;
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

/** The record of `host` in its page's entries, checked; undefined when the page lists no such host. */
function recordIn(entries: readonly PageEntry[], host: string): TrustRecord | undefined {
  const entry = entries[entryIndexOf(entries, host)];
  return entry && hasRecord(entry) ? checkStoredRecord(host, recordOf(entry)) : undefined;
}

/** Edits that give hosts their new records and append their events. */
function editsFor(records: readonly TrustRecord[], events: readonly TrustEvent[]): Map<string, Edit> {
  const byHost = new Map<string, { record?: TrustRecord; events: TrustEvent[] }>();
  for (const r of records) {
    // Checked here, not left to IndexedDB: the host decides which page the record goes in.
    if (typeof r.host !== 'string' || r.host === '') throw new Error('a record without its host cannot be stored');
    byHost.set(r.host, { record: r, events: [] });
  }
  for (const e of events) {
    const change = byHost.get(e.host);
    if (change) change.events.push(e);
    else byHost.set(e.host, { events: [e] });
  }
  return new Map([...byHost].map(([host, change]) => [host, (old: PageEntry | undefined) => entryWith(old, host, change.record, change.events)]));
}

export async function openTrustStore(name = DB_NAME, events: StoreEvents = {}): Promise<TrustStore> {
  const db = await openDatabase(name, events);
  let writesBegun = 0;

  /** Applies edits in one read-write transaction (the policy too, when given): all of it, or none. */
  async function edit(edits: ReadonlyMap<string, Edit>, policy?: Policy): Promise<void> {
    writesBegun += 1;
    const tx = db.transaction(policy ? ['pages', 'summaryPages', 'settings'] : ['pages', 'summaryPages'], 'readwrite');
    await allOrNothing(tx, async (writes) => {
      await editHosts(tx, edits, writes);
      if (policy) writes.push(tx.objectStore('settings').put(policy, 'policy'));
    });
  }

  /** The entry of `host`, or undefined; a damaged page throws CorruptRecordError. */
  async function entryOf(host: string): Promise<PageEntry | undefined> {
    const page = await pageHolding(db.transaction('pages').store, host);
    // A host the page does not list is not parsed for: it has no record (a history alone is
    // listed as `loose`), and a damaged neighbour does not make it unreadable.
    if (!page || (!page.loose && Array.isArray(page.hosts) && !page.hosts.includes(host))) return undefined;
    const entries = readEntries(page, host);
    return entries[entryIndexOf(entries, host)];
  }

  return {
    async getRecord(host) {
      const entry = await entryOf(host);
      return entry && hasRecord(entry) ? checkStoredRecord(host, recordOf(entry)) : undefined;
    },
    async commit(records, events) {
      if (records.length === 0 && events.length === 0) return;
      await edit(editsFor(records, events));
    },
    async eventsFor(host) {
      try {
        return storedEvents(await entryOf(host));
      } catch (error) {
        // A damaged page reads as no history here; its record reports the damage.
        if (error instanceof CorruptRecordError) return [];
        throw error;
      }
    },
    async recordsOfDomain(domain) {
      const pages: StoredPage[] = await db.getAllFromIndex('pages', 'by-domain', domain);
      return pages.flatMap((page) => {
        try {
          return entriesOf(page).filter(hasRecord).filter((e) => e.domain === domain).flatMap((e) => {
            try {
              return [checkStoredRecord(e.host, recordOf(e))];
            } catch {
              // One unreadable sibling must not stop the others from vouching.
              return [];
            }
          });
        } catch {
          return [];
        }
      });
    },
    recordsOfName(name) {
      return recordsOfName(db.transaction('pages').store, name);
    },
    async countHosts() {
      return db.countFromIndex('summaryPages', 'by-host');
    },
    async isEmpty() {
      return noHosts(db);
    },
    async firstSummaries(limit) {
      return summariesAfter(db, null, limit);
    },
    allSummaries: () => allSummaries(db),
    summariesAfter: (host, limit) => summariesAfter(db, host, limit),
    allHosts: () => allHosts(db),
    summariesOf: (hosts) => summariesOf(db, hosts),
    async forgetHost(host) {
      let removed: { record: TrustRecord; events: StoredTrustEvent[] } | null = null;
      await edit(new Map([[host, (old: PageEntry | undefined) => {
        // A history alone stays: forgetting is of a host the user can see.
        if (!old || !hasRecord(old)) return old;
        removed = { record: recordOf(old), events: storedEvents(old) };
        return undefined;
      }]]));
      return removed;
    },
    async restoreHost(record, events) {
      // The removed history first, then whatever the host gathered since the forget.
      const whole: Edit = (since) => entryWith({ host: record.host, events: [] }, record.host, record, [...events, ...storedEvents(since)]);
      await edit(new Map([[record.host, whole]]));
    },
    async getRecords(hosts) {
      const store = db.transaction('pages').store;
      const groups = [...(await groupByPage(store, hosts))].filter(([key]) => key !== '');
      const pages = await Promise.all(groups.map(([key]) => store.get(key)));
      const out = new Map<string, TrustRecord>();
      groups.forEach(([, group], i) => {
        const page = pages[i];
        if (!page) return;
        const entries = readEntries(page, group[0]!);
        for (const h of group) {
          const record = recordIn(entries, h);
          if (record) out.set(h, record);
        }
      });
      return out;
    },
    exportHosts: (after, limit) => exportHosts(db, after, limit),
    async importAll(records, events, policy) {
      await edit(editsFor(records, events), policy);
    },
    async hostsPresent(hosts) {
      // One read of every page's host list beats a read per imported host, above all into an empty profile.
      const all = new Set(await allHosts(db));
      return new Set(hosts.filter((h) => all.has(h)));
    },
    async rewriteAll(change, chunk = 500, dryRun = false) {
      const changed: TrustRecord[] = [];
      const removed: string[] = [];
      const perRead = Math.max(1, Math.ceil(chunk / PAGE_ENTRIES));
      let after: string | null = null;
      for (;;) {
        // readwrite even for a dry run: the preview and the prune take one path.
        if (!dryRun) writesBegun += 1;
        const tx = db.transaction(['pages', 'summaryPages'], 'readwrite');
        const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const [keys, pages]: [string[], StoredPage[]] = await Promise.all([tx.objectStore('pages').getAllKeys(range, perRead), tx.objectStore('pages').getAll(range, perRead)]);
        const writes: Promise<unknown>[] = [];
        for (const [i, page] of pages.entries()) {
          let entries: PageEntry[];
          try {
            entries = entriesOf(page);
          } catch {
            // A damaged page is left as it is, for its hosts to report.
            after = keys[i]!;
            continue;
          }
          let dirty = false;
          const next = entries.flatMap((e) => {
            if (!hasRecord(e)) return [e];
            const outcome = change(recordOf(e));
            if (!outcome) return [e];
            dirty = true;
            if (outcome.record === null) {
              removed.push(e.host);
              return [];
            }
            changed.push(outcome.record);
            return [entryWith(e, e.host, outcome.record, outcome.events)];
          });
          if (dirty && !dryRun) writes.push(...putPages(tx, keys[i]!, next));
          // Pages cut from this one sort before the next page: walk on from its last host.
          after = entries.at(-1)?.host ?? keys[i]!;
        }
        await allOrNothing(tx, (queued) => void queued.push(...writes));
        if (pages.length < perRead) return { changed, removed };
      }
    },
    async getPolicy() {
      const { policy, problems } = checkStoredPolicy(await db.get('settings', 'policy'));
      if (problems.length > 0) console.warn('FirstSeen: parts of the stored policy were unreadable', problems);
      return policy;
    },
    async putPolicy(policy) {
      writesBegun += 1;
      await db.put('settings', policy, 'policy');
    },
    writeCount: () => writesBegun,
    close() {
      db.close();
    },
  };
}
