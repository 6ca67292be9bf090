// One line of the host list: what the management page sorts, filters and shows for every host,
// kept small so 100,000 of them load at once.
import type { Severity } from './severity.js';
import { isTrusted, type TrustRecord } from './trust-record.js';

/**
 * known: nothing waiting; changed: a key awaits the user's decision; refused: the host's latest
 * sighting was a key the user refused (the site, or someone in the way, is serving it now);
 * override: only ever seen through a clicked-through error.
 */
export const HOST_STATUSES = ['known', 'changed', 'refused', 'override'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export interface HostSummary {
  host: string;
  status: HostStatus;
  keyCount: number;
  lastSeen: number;
  lastChangeSeverity: Severity;
  lastChangeAt: number | null;
}

/**
 * A refused key is in use when it was seen after every other key of the host: the popup calls
 * that critical, and the host list must not call it known. Once a key the host is trusted with
 * (or one waiting for a decision) is seen again, the refused one is no longer what it serves.
 */
function refusedInUse(record: TrustRecord): boolean {
  const others = Math.max(0, ...record.keys.filter((k) => k.status !== 'rejected').map((k) => k.lastSeen));
  return record.keys.some((k) => k.status === 'rejected' && k.lastSeen > others);
}

export function summarize(record: TrustRecord): HostSummary {
  const pending = record.keys.some((k) => k.status === 'pending');
  const trusted = record.keys.some(isTrusted);
  return {
    host: record.host,
    status: refusedInUse(record) ? 'refused' : pending ? 'changed' : !trusted && record.override ? 'override' : 'known',
    keyCount: record.keys.length,
    lastSeen: record.lastSeen,
    lastChangeSeverity: record.lastChange?.severity ?? 'none',
    lastChangeAt: record.lastChange?.at ?? null,
  };
}
