// 005: hosts are kept in pages of neighbouring hosts, each page one JSON text holding the hosts'
// records with their histories in the export's form (pages.ts), and a page of their summaries
// beside it. The stores "hosts", "summaries" and "histories" are moved into them and removed.
// Event ids become each event's place in its host's list: nothing refers to them but the page's
// list keys. A bulk import writes ~12,500 pages instead of 300,000 rows (docs/PERFORMANCE.md).
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { TrustRecord } from '../../core/trust-record.js';
import type { StoredTrustEvent } from '../../core/trust-event.js';
import { entryWith, pagesOf, type PageEntry } from '../pages.js';
import type { FirstSeenDB } from '../schema.js';

/** Rows read per request while moving them. */
const BATCH = 5_000;

/** Every value of a store keyed by host, in host order, read a batch at a time. */
async function readAll<T>(store: { getAll(query: IDBKeyRange | null, count: number): Promise<T[]> }, hostOf: (value: T) => string): Promise<T[]> {
  const out: T[] = [];
  for (let after: string | null = null; ;) {
    const batch = await store.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), BATCH);
    out.push(...batch);
    if (batch.length < BATCH) return out;
    after = hostOf(batch[batch.length - 1]!);
  }
}

export function migrate005(
  db: IDBPDatabase<FirstSeenDB>,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
): Promise<void> {
  db.createObjectStore('pages').createIndex('by-domain', 'domains', { multiEntry: true });
  // Counting the index's entries counts the hosts without reading a page.
  db.createObjectStore('summaryPages').createIndex('by-host', 'hosts', { multiEntry: true });
  const pages = tx.objectStore('pages');
  const summaryPages = tx.objectStore('summaryPages');
  return (async () => {
    const records: TrustRecord[] = await readAll(tx.objectStore('hosts'), (r) => r.host);
    const rows: { host: string; events: StoredTrustEvent[] }[] = await readAll(tx.objectStore('histories'), (r) => r.host);
    const histories = new Map(rows.map((row) => [row.host, Array.isArray(row.events) ? row.events : []]));
    const entries: PageEntry[] = records.map((r) => entryWith(undefined, r.host, r, histories.get(r.host) ?? []));
    // A history whose host has no record (a pin or mode set on a host never visited) is kept too.
    const known = new Set(records.map((r) => r.host));
    for (const [host, events] of histories) if (!known.has(host)) entries.push(entryWith(undefined, host, undefined, events));
    entries.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
    await Promise.all(pagesOf(entries).flatMap(([key, page, summary]) => [pages.put(page, key), summaryPages.put(summary, key)]));
    db.deleteObjectStore('hosts');
    db.deleteObjectStore('summaries');
    db.deleteObjectStore('histories');
  })();
}
