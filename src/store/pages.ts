// Hosts are stored in pages: each page holds up to PAGE_ENTRIES neighbouring hosts (in host order),
// as one JSON text in the export file's own host form, events inline. Firefox's IndexedDB costs
// per request, not per byte, and parses JSON text faster than it reads structured clones back
// (bench:idb, docs/PERFORMANCE.md): an import of 100,000 hosts becomes ~12,500 page writes instead
// of 300,000 rows, and an export mostly a concatenation of stored texts. Pure functions here; the
// IndexedDB side is page-store.ts. Migration 005 builds its pages with these: a later change of the
// page format is a new migration, and this code must then stay as 005 knows it.
import { type ExportedEvent, type ExportedHost } from '../core/history/format.js';
import { summarize, type HostSummary } from '../core/host-summary.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { StoredTrustEvent, TrustEvent } from '../core/trust-event.js';

/**
 * A host in a page: its record with its history (exactly as exported), or a history alone: events
 * about a host with no record yet, such as a pin or mode set on a host never visited.
 */
export type PageEntry = ExportedHost | { host: string; events: ExportedEvent[] };

/** A page of the `pages` store, kept under the host of its first entry. */
export interface StoredPage {
  /** The hosts with a record, in order: known without parsing `json`. */
  hosts: string[];
  /** Their registrable domains, each once (a multiEntry index finds a domain's pages). */
  domains: string[];
  /** True when some entry is a history alone: an export must then leave it out. */
  loose: boolean;
  /** The entries, a JSON array. */
  json: string;
}

/** A page of the `summaryPages` store: the summaries of a `pages` page, under the same key. */
export interface SummaryPage {
  hosts: string[];
  /** HostSummary[] as JSON text. */
  json: string;
}

/** A page is cut in pieces of this many entries when it grows past twice this. */
export const PAGE_ENTRIES = 16;
/** ...or of about this many characters, when it grows past twice this (keys with long chains). */
export const PAGE_CHARS = 64 * 1024;

export const hasRecord = (entry: PageEntry): entry is ExportedHost => Array.isArray((entry as Partial<ExportedHost>).keys);

export function recordOf(entry: ExportedHost): TrustRecord {
  const record: Partial<ExportedHost> = { ...entry };
  delete record.events;
  return record as TrustRecord;
}

/** A host's events as the store hands them out: with their host, numbered from 1 in order. */
export function storedEvents(entry: PageEntry | undefined): StoredTrustEvent[] {
  const events = Array.isArray(entry?.events) ? entry.events : [];
  return events.map((e, i) => ({ ...e, host: entry!.host, id: i + 1 }));
}

/** The entry with `record` (or the one it had, or none) and `events` appended to its history. */
export function entryWith(old: PageEntry | undefined, host: string, record: TrustRecord | undefined, events: readonly TrustEvent[]): PageEntry {
  const kept = Array.isArray(old?.events) ? old.events : [];
  // Stored without host (the entry's) and id (the place in the list).
  const added = events.map(({ host: _host, id: _id, ...e }: TrustEvent & { id?: number }) => e);
  const base = record ?? (old && hasRecord(old) ? recordOf(old) : undefined);
  // { ...record, events }: an ExportedHost, the export file's host, so a stored page is a piece of an export.
  return base ? { ...base, events: [...kept, ...added] } : { host, events: [...kept, ...added] };
}

/** Parses a page's entries; a page that is not JSON, or not a list of hosts, throws. */
export function entriesOf(page: StoredPage): PageEntry[] {
  const entries: unknown = JSON.parse(page.json);
  if (!Array.isArray(entries) || !entries.every((e) => typeof (e as { host?: unknown })?.host === 'string')) {
    throw new Error('not a list of hosts');
  }
  return entries as PageEntry[];
}

/**
 * Entries (sorted by host) as pages, each under the host of its first entry. A page that has not
 * outgrown twice the page size stays whole, so a host's write rewrites one page; a bigger one is
 * cut into pieces of at most PAGE_ENTRIES entries and about PAGE_CHARS characters.
 */
export function pagesOf(entries: readonly PageEntry[]): [string, StoredPage, SummaryPage][] {
  const texts = entries.map((e) => JSON.stringify(e));
  const chars = texts.reduce((n, t) => n + t.length + 1, 0);
  if (entries.length === 0) return [];
  if (entries.length <= 2 * PAGE_ENTRIES && chars <= 2 * PAGE_CHARS) return [pageOf(entries, texts)];
  const out: [string, StoredPage, SummaryPage][] = [];
  for (let from = 0; from < entries.length;) {
    let to = from + 1;
    let size = texts[from]!.length;
    while (to < entries.length && to - from < PAGE_ENTRIES && size + texts[to]!.length < PAGE_CHARS) size += texts[to++]!.length + 1;
    out.push(pageOf(entries.slice(from, to), texts.slice(from, to)));
    from = to;
  }
  return out;
}

function pageOf(entries: readonly PageEntry[], texts: readonly string[]): [string, StoredPage, SummaryPage] {
  const records = entries.filter(hasRecord);
  const hosts = records.map((e) => e.host);
  const domains = [...new Set(records.map((e) => e.domain).filter((d): d is string => typeof d === 'string'))];
  const summaries: HostSummary[] = records.map((e) => summarize(e));
  return [
    entries[0]!.host,
    { hosts, domains, loose: records.length < entries.length, json: `[${texts.join(',')}]` },
    { hosts, json: JSON.stringify(summaries) },
  ];
}

/** The index of the page holding `host` among the sorted page keys: the last key not after it (0 before all). */
export function pageIndexOf(keys: readonly string[], host: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! <= host) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Finds `host` in entries sorted by host: its index, or where it would go as -(index + 1). */
export function entryIndexOf(entries: readonly PageEntry[], host: string): number {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = entries[mid]!.host;
    if (h === host) return mid;
    if (h < host) lo = mid + 1;
    else hi = mid - 1;
  }
  return -(lo + 1);
}
