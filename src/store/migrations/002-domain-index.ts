// 002: each record carries its registrable domain, indexed, so a key already trusted on a sibling
// host (www.example.com for api.example.com) is found with one index read, not a scan.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { registrableDomain } from '../../core/domain.js';
import type { FirstSeenDB } from '../schema.js';

export function migrate002(
  _db: IDBPDatabase<FirstSeenDB>,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
): Promise<void> {
  const hosts = tx.objectStore('hosts');
  hosts.createIndex('by-domain', 'domain');
  // Inside the upgrade transaction: the cursor walk finishes before the database opens.
  return (async () => {
    for (let cursor = await hosts.openCursor(); cursor; cursor = await cursor.continue()) {
      const record = cursor.value;
      if (record.domain === undefined) await cursor.update({ ...record, domain: registrableDomain(record.host) });
    }
  })();
}
