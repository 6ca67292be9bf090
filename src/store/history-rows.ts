// A host's history is one row, { host, events }, appended to in place. One row per host rather than
// one per event: an import of 100,000 hosts with 5 events each writes 100,000 rows instead of
// 500,000 (Firefox's IndexedDB costs per request: bench:idb measured 2.0 s against 13.0 s per
// 20,000 hosts), and an export reads a chunk's histories with one request.
import type { StoredTrustEvent, TrustEvent } from '../core/trust-event.js';

export interface HistoryRow {
  host: string;
  /** Oldest first. Ids are unique within the host (the page lists a host's events by them). */
  events: StoredTrustEvent[];
}

/** The events of a stored row; a row that is not one (damaged on disk) reads as no history. */
export function eventsOf(row: unknown): StoredTrustEvent[] {
  const events = (row as { events?: unknown } | undefined)?.events;
  return Array.isArray(events) ? (events as StoredTrustEvent[]) : [];
}

/** Events grouped by host, each group in the order given. */
export function groupByHost<E extends TrustEvent>(events: readonly E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const e of events) {
    const group = groups.get(e.host);
    if (group) group.push(e);
    else groups.set(e.host, [e]);
  }
  return groups;
}

/** The row with `events` appended, each numbered after the row's highest id. */
export function appended(row: unknown, host: string, events: readonly TrustEvent[]): HistoryRow {
  const kept = eventsOf(row);
  let next = kept.reduce((max, e) => Math.max(max, typeof e.id === 'number' ? e.id : 0), 0);
  return { host, events: [...kept, ...events.map((e) => ({ ...e, id: ++next }))] };
}

/**
 * The row after an undo of "forget": the events that were removed, then any the host gathered
 * since (a visit after the forget starts a new history), numbered after them.
 */
export function restored(row: unknown, host: string, removed: readonly StoredTrustEvent[]): HistoryRow {
  const since = eventsOf(row).map(({ id: _id, ...event }) => event);
  return appended({ host, events: removed }, host, since);
}
