// One export chunk, read from the pages: a page's stored text is already the export file's host
// form, so a page wholly inside the chunk is copied as it is, neither parsed nor stringified.
import type { IDBPDatabase } from 'idb';
import { readEntries, walkPages } from './page-store.js';
import { hasRecord } from './pages.js';
import type { FirstSeenDB } from './schema.js';
import { hostsIn } from './summary-pages.js';

/**
 * Up to `limit` hosts after `after` in host order, each with its history, as the JSON text of a
 * list of exported hosts. Hosts with a history but no record are left out.
 */
export async function exportHosts(db: IDBPDatabase<FirstSeenDB>, after: string | null, limit: number): Promise<{ json: string; count: number; last: string | null }> {
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
  return { json: `[${pieces.join(',')}]`, count, last };
}
