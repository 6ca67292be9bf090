// The records of one DNS name on every port, for judging a host with no record of its own against
// the same name on another port (core/host-port.ts, RecordKeeper.forJudging).
import { portlessHost } from '../core/host-port.js';
import type { TrustRecord } from '../core/trust-record.js';
import { entriesOf, hasRecord, recordOf, type StoredPage } from './pages.js';
import { checkStoredRecord } from './record-validation.js';

/** What the lookup needs of the page store. */
interface Pages {
  openCursor(query: IDBKeyRange, direction: IDBCursorDirection): Promise<{ value: StoredPage } | null>;
  getAll(query: IDBKeyRange): Promise<StoredPage[]>;
}

/**
 * `name` itself and each `name:port`. Host keys sort by name: they lie between "name" and "name;"
 * (';' follows ':'), in the page holding "name" and in any page whose first host is in that range
 * (usually none). Asked on a first visit of a host, so it reads those pages only: one cursor step
 * and one bounded read.
 */
export async function recordsOfName(pages: Pages, name: string): Promise<TrustRecord[]> {
  const end = `${name};`;
  const [holding, after] = await Promise.all([
    pages.openCursor(IDBKeyRange.upperBound(name), 'prev').then((c) => (c ? [c.value] : [])),
    pages.getAll(IDBKeyRange.bound(name, end, true, true)),
  ]);
  const out: TrustRecord[] = [];
  const ofName = (host: string) => host === name || portlessHost(host) === name;
  for (const page of [...holding, ...after]) {
    // The page lists its hosts with a record: parsed only where one of them is the name's.
    if (Array.isArray(page.hosts) && !page.hosts.some(ofName)) continue;
    try {
      for (const e of entriesOf(page)) {
        if (!hasRecord(e) || !ofName(e.host)) continue;
        try {
          out.push(checkStoredRecord(e.host, recordOf(e)));
        } catch {
          // One unreadable port must not hide the others.
        }
      }
    } catch {
      // A damaged page: its hosts read as absent here; their own reads report the damage.
    }
  }
  return out;
}
