// Export reads, from the pages: a page's stored text is already the export file's host form, so a
// page wholly inside the chunk is copied as it is, neither parsed nor stringified.
import { openDB, type IDBPDatabase } from 'idb';
import { readEntries, walkPages } from './page-store.js';
import { hasRecord } from './pages.js';
import { DB_NAME, SCHEMA_VERSION, type FirstSeenDB } from './schema.js';
import { hostsIn } from './summary-pages.js';

/**
 * Up to `limit` hosts after `after` in host order, each with its history, as pieces of the text of
 * a list of exported hosts: joined with ',' and put in brackets, they are that list. Hosts with a
 * history but no record are left out. One read-only transaction: a consistent snapshot.
 */
export async function exportPieces(db: IDBPDatabase<FirstSeenDB>, after: string | null, limit: number): Promise<{ pieces: string[]; count: number; last: string | null }> {
  const pieces: string[] = [];
  let count = 0;
  let last: string | null = null;
  await walkPages(db.transaction('pages').store, after, (page, key) => {
    const hosts = hostsIn(page);
    const whole = !page.loose && (after === null || key > after) && count + hosts.length <= limit &&
      typeof page.json === 'string' && page.json.startsWith('[{') && page.json.endsWith('}]');
    if (whole) {
      pieces.push(page.json.slice(1, -1));
      count += hosts.length;
      last = hosts[hosts.length - 1] ?? last;
    } else {
      // A chunk's edge, `after` or a history alone falls in this page: take its hosts one by one.
      for (const e of readEntries(page, key)) {
        if (!hasRecord(e) || (after !== null && e.host <= after) || count >= limit) continue;
        pieces.push(JSON.stringify(e));
        count += 1;
        last = e.host;
      }
    }
    return count < limit;
  });
  return { pieces, count, last };
}

/** exportPieces as one JSON text: one export chunk. */
export async function exportHosts(db: IDBPDatabase<FirstSeenDB>, after: string | null, limit: number): Promise<{ json: string; count: number; last: string | null }> {
  const { pieces, count, last } = await exportPieces(db, after, limit);
  return { json: `[${pieces.join(',')}]`, count, last };
}

/**
 * Opens the database to read it, from outside the event page (the export worker). It never
 * creates, upgrades or holds up the database: if it is missing or older than this code, the open
 * fails, and the caller asks the event page instead. The event page stays the only writer.
 */
export async function openForReading(name = DB_NAME): Promise<IDBPDatabase<FirstSeenDB>> {
  const db = await openDB<FirstSeenDB>(name, SCHEMA_VERSION, {
    upgrade(_db, _oldVersion, _newVersion, tx) {
      // The open fails with an AbortError, and a database this open created is deleted with it.
      tx.done.catch(() => undefined);
      tx.abort();
    },
    blocking() {
      db.close();
    },
  });
  return db;
}

/**
 * Every host after `after`, read straight from the database (`name`), as a Blob holding the inside
 * of a host list: what follows the first host in an export file. For the export worker.
 */
export async function exportRestBlob(after: string, name = DB_NAME): Promise<{ blob: Blob; count: number }> {
  const db = await openForReading(name);
  try {
    const { pieces, count } = await exportPieces(db, after, Number.MAX_SAFE_INTEGER);
    // Separated as one chunk's hosts are.
    return { blob: new Blob(pieces.flatMap((p, i) => (i === 0 ? [p] : [',', p]))), count };
  } finally {
    db.close();
  }
}
