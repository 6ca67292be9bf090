// The records of one DNS name on every port, for judging a host with no record of its own against
// the same name on another port (core/host-port.ts, RecordKeeper.forJudging).
import { portlessHost } from '../core/host-port.js';
import type { TrustRecord } from '../core/trust-record.js';
import { walkPages } from './page-store.js';
import { entriesOf, hasRecord, recordOf, type StoredPage } from './pages.js';
import { checkStoredRecord } from './record-validation.js';

type PageWalk = Parameters<typeof walkPages<StoredPage>>[0];

/** `name` itself and each `name:port`. Host keys sort by name: they lie between "name" and "name;" (';' follows ':'). */
export async function recordsOfName(pages: PageWalk, name: string): Promise<TrustRecord[]> {
  const end = `${name};`;
  const out: TrustRecord[] = [];
  await walkPages(pages, name, (page, key) => {
    if (key >= end) return false;
    try {
      for (const e of entriesOf(page)) {
        if (!hasRecord(e) || (e.host !== name && portlessHost(e.host) !== name)) continue;
        try {
          out.push(checkStoredRecord(e.host, recordOf(e)));
        } catch {
          // One unreadable port must not hide the others.
        }
      }
    } catch {
      // A damaged page: its hosts read as absent here; their own reads report the damage.
    }
    return true;
  });
  return out;
}
