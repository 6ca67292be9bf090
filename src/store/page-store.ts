// Reading and rewriting host pages (pages.ts) inside an IndexedDB transaction. Every write goes
// through editHosts, which keeps the two page stores in step: the same keys, the same hosts.
import type { IDBPTransaction, StoreNames } from 'idb';
import { entriesOf, pageIndexOf, pagesOf, type PageEntry, type StoredPage } from './pages.js';
import { CorruptRecordError } from './record-validation.js';
import type { FirstSeenDB } from './schema.js';

type Names = StoreNames<FirstSeenDB>[];
/** What locating pages needs of either page store (both have the same keys). */
interface PageKeys {
  openKeyCursor(query?: IDBKeyRange | null, direction?: IDBCursorDirection): Promise<{ key: string } | null>;
  getAllKeys(): Promise<string[]>;
}

/** Above this many hosts, one read of every page key beats a cursor per host. */
const FEW_HOSTS = 32;

/** The page a host belongs in: the last one whose key is not after it, or else the first page. */
export async function pageKeyOf(store: PageKeys, host: string): Promise<string | undefined> {
  const before = await store.openKeyCursor(IDBKeyRange.upperBound(host), 'prev');
  if (before) return before.key;
  return (await store.openKeyCursor())?.key;
}

/** Pages read per request when walking them in order. */
export const PAGES_PER_READ = 64;

/** What walking pages in key order needs of either page store. */
interface PageWalk<V> extends PageKeys {
  getAllKeys(query?: IDBKeyRange | null, count?: number): Promise<string[]>;
  getAll(query?: IDBKeyRange | null, count?: number): Promise<V[]>;
}

/**
 * Calls `visit` with each page (and its key) in key order, from the page holding `from` (from the
 * start when null), PAGES_PER_READ pages per read, until it returns false or the pages end.
 */
export async function walkPages<V>(store: PageWalk<V>, from: string | null, visit: (page: V, key: string) => boolean): Promise<void> {
  const start = from === null ? undefined : (await store.openKeyCursor(IDBKeyRange.upperBound(from), 'prev'))?.key;
  let range: IDBKeyRange | null = start === undefined ? null : IDBKeyRange.lowerBound(start);
  for (;;) {
    const [keys, pages] = await Promise.all([store.getAllKeys(range, PAGES_PER_READ), store.getAll(range, PAGES_PER_READ)]);
    for (const [i, page] of pages.entries()) if (!visit(page, keys[i]!)) return;
    if (pages.length < PAGES_PER_READ) return;
    range = IDBKeyRange.lowerBound(keys[keys.length - 1]!, true);
  }
}

/** The page holding `host`, if any (a host before the first page is in none). */
export async function pageHolding(store: { openCursor(query: IDBKeyRange, direction: IDBCursorDirection): Promise<{ value: StoredPage } | null> }, host: string): Promise<StoredPage | undefined> {
  return (await store.openCursor(IDBKeyRange.upperBound(host), 'prev'))?.value;
}

/** Hosts grouped by the key of the page they belong in ('' when there are no pages yet), hosts sorted. */
export async function groupByPage(store: PageKeys, hosts: Iterable<string>): Promise<Map<string, string[]>> {
  const sorted = [...new Set(hosts)].sort();
  const keys: (string | undefined)[] = [];
  if (sorted.length <= FEW_HOSTS) keys.push(...(await Promise.all(sorted.map((h) => pageKeyOf(store, h)))));
  else {
    const all = await store.getAllKeys();
    for (const h of sorted) keys.push(all.length === 0 ? undefined : all[pageIndexOf(all, h)]);
  }
  const groups = new Map<string, string[]>();
  sorted.forEach((h, i) => {
    const key = keys[i] ?? '';
    const group = groups.get(key);
    if (group) group.push(h);
    else groups.set(key, [h]);
  });
  return groups;
}

/** A page's entries; a damaged page is reported for the host that needed it, never rewritten. */
export function readEntries(page: StoredPage, host: string): PageEntry[] {
  try {
    return entriesOf(page);
  } catch (error) {
    throw new CorruptRecordError(host, `its page is unreadable (${(error as Error).message})`);
  }
}

/** What becomes of a host's entry: the new entry, or undefined to remove it. */
export type Edit = (old: PageEntry | undefined) => PageEntry | undefined;

/** Entries written between two waits: a bulk import gives the extension's thread back between runs. */
const RUN = 2_048;

/** A page's entries with `hosts` (sorted) edited, in one walk of both lists; null when no edit changed anything. */
function edited(entries: readonly PageEntry[], hosts: readonly string[], edits: ReadonlyMap<string, Edit>): PageEntry[] | null {
  const out: PageEntry[] = [];
  let changed = false;
  let e = 0;
  for (const host of hosts) {
    while (e < entries.length && entries[e]!.host < host) out.push(entries[e++]!);
    const old = e < entries.length && entries[e]!.host === host ? entries[e++] : undefined;
    const next = edits.get(host)!(old);
    changed ||= next !== old;
    if (next !== undefined) out.push(next);
  }
  while (e < entries.length) out.push(entries[e++]!);
  return changed ? out : null;
}

/**
 * Applies `edits` to the hosts' entries and rewrites the pages they fall in, queueing the writes on
 * `writes`. A page that grows too big is cut; one left empty is removed; one whose first host
 * changes moves to its new key. Every page is read before anything is written. A big edit (an
 * import) is written RUN entries at a time. After queueing a run it waits for the run's first
 * write, which the database does only after the run before: the wait keeps the transaction alive
 * and lets the extension's pages (which share this thread) run in between, and the database
 * writes the rest of the run while this thread makes the next (waiting for a run's last write
 * instead left one side idle while the other worked: 1.5 s of 3.3 s at 100,000 hosts).
 */
export async function editHosts(tx: IDBPTransaction<FirstSeenDB, Names, 'readwrite'>, edits: ReadonlyMap<string, Edit>, writes: Promise<unknown>[]): Promise<void> {
  const pages = tx.objectStore('pages');
  const groups = [...(await groupByPage(pages, edits.keys()))];
  const found = await Promise.all(groups.map(([key]) => (key === '' ? undefined : pages.get(key))));
  let sinceWait = 0;
  /** The first write queued since the last wait. */
  let runStart = writes.length;
  for (const [i, [key, hosts]] of groups.entries()) {
    const page = found[i];
    const entries = edited(page ? readEntries(page, hosts[0]!) : [], hosts, edits);
    // Nothing to write (forgetting a host that is not there): the page stays as it is.
    if (!entries) continue;
    for (let from = 0; from === 0 || from < entries.length; from += RUN) {
      const run = entries.slice(from, from + RUN);
      writes.push(...putPages(tx, from === 0 && page ? key : undefined, run));
      sinceWait += run.length;
      if (sinceWait >= RUN && writes.length > runStart) {
        sinceWait = 0;
        const first = writes[runStart]!;
        runStart = writes.length;
        await first;
      }
    }
  }
}

/** Writes `entries` as the pages replacing the page at `oldKey` (none: new pages). */
export function putPages(tx: IDBPTransaction<FirstSeenDB, Names, 'readwrite'>, oldKey: string | undefined, entries: readonly PageEntry[]): Promise<unknown>[] {
  const pages = tx.objectStore('pages');
  const summaries = tx.objectStore('summaryPages');
  const out = pagesOf(entries);
  const writes: Promise<unknown>[] = [];
  if (oldKey !== undefined && out[0]?.[0] !== oldKey) writes.push(pages.delete(oldKey), summaries.delete(oldKey));
  for (const [key, page, summary] of out) writes.push(pages.put(page, key), summaries.put(summary, key));
  return writes;
}
