// 003: a compact summary per host, so the management page can list, sort and search 100,000 hosts
// without reading every full record; and a settings store for the user's policy (modes, ignore
// rules, pins).
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { summarize } from '../../core/host-summary.js';
import type { FirstSeenDB } from '../schema.js';

export function migrate003(
  db: IDBPDatabase<FirstSeenDB>,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
): Promise<void> {
  db.createObjectStore('summaries', { keyPath: 'host' });
  db.createObjectStore('settings');
  const hosts = tx.objectStore('hosts');
  const summaries = tx.objectStore('summaries');
  return (async () => {
    for (let cursor = await hosts.openCursor(); cursor; cursor = await cursor.continue()) {
      await summaries.put(summarize(cursor.value));
    }
  })();
}
