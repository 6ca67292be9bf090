// Retention: which keys the user may prune, by rule, and what is left of a host afterwards.
// The user's own decisions are never pruned: accepted and pinned keys (trust the user gave), and
// rejected keys (a distrust the user asked FirstSeen to keep).
import type { KeyStatus, KnownKey, TrustRecord } from './trust-record.js';
import type { TrustEvent } from './trust-event.js';

export interface PruneRule {
  /** Prune keys not seen for this many days; null: no limit by age. */
  unseenDays: number | null;
  /** Prune keys whose latest certificate has expired. */
  expired: boolean;
}

const DAY_MS = 86_400_000;
/** A prune touching more hosts is not kept for undo (storage.session is memory): the page says to export first. */
export const UNDO_PRUNE_HOSTS = 5_000;
export const KEPT_STATUSES: ReadonlySet<KeyStatus> = new Set(['accepted', 'pinned', 'rejected']);

export function isPrunable(key: KnownKey, rule: PruneRule, now: number): boolean {
  if (KEPT_STATUSES.has(key.status)) return false;
  const unseen = rule.unseenDays !== null && key.lastSeen <= now - rule.unseenDays * DAY_MS;
  const expired = rule.expired && key.cert.notAfter < now;
  return unseen || expired;
}

export interface PruneResult {
  /** The record without the pruned keys; null when no key is left, and the host goes as a whole. */
  record: TrustRecord | null;
  removed: KnownKey[];
  events: TrustEvent[];
}

/** What pruning does to one record; undefined when it changes nothing. */
export function pruneRecord(record: TrustRecord, rule: PruneRule, now: number): PruneResult | undefined {
  const removed = record.keys.filter((k) => isPrunable(k, rule, now));
  if (removed.length === 0) return undefined;
  const keys = record.keys.filter((k) => !removed.includes(k));
  if (keys.length === 0 && !record.override) return { record: null, removed, events: [] };
  return {
    record: { ...record, keys },
    removed,
    events: removed.map((k) => ({
      host: record.host, at: now, kind: 'key-pruned', severity: 'none',
      key: { spkiSha256: k.spkiSha256, issuerSpkiSha256: k.issuerSpkiSha256 },
    })),
  };
}
