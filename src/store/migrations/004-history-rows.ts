// 004: a host's history becomes one row (store "histories", keyed by host) instead of one row per
// event (store "events", removed). Bulk import and export cost per request (docs/PERFORMANCE.md).
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { StoredTrustEvent } from '../../core/trust-event.js';
import type { FirstSeenDB } from '../schema.js';

/** Events read per request while moving them. */
const BATCH = 5_000;

export function migrate004(
  db: IDBPDatabase<FirstSeenDB>,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
): Promise<void> {
  db.createObjectStore('histories', { keyPath: 'host' });
  const events = tx.objectStore('events');
  const histories = tx.objectStore('histories');
  return (async () => {
    // In id order, which is each host's order: the rows keep the ids, so the page's keys stay.
    const rows = new Map<string, StoredTrustEvent[]>();
    let after: number | null = null;
    for (;;) {
      const batch: StoredTrustEvent[] = await events.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), BATCH);
      for (const e of batch) {
        // A row without a host was never in the by-host index, so never shown: it cannot be keyed.
        if (typeof e.host !== 'string') continue;
        const row = rows.get(e.host);
        if (row) row.push(e);
        else rows.set(e.host, [e]);
      }
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!.id;
    }
    await Promise.all([...rows].map(([host, list]) => histories.put({ host, events: list })));
    db.deleteObjectStore('events');
  })();
}
