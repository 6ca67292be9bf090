// One line of the host list: what the management page sorts, filters and shows for every host,
// kept small so 100,000 of them load at once.
import type { Severity } from './severity.js';
import { isTrusted, type TrustRecord } from './trust-record.js';

/** known: nothing waiting; changed: a key awaits the user's decision; override: only ever seen through a clicked-through error. */
export type HostStatus = 'known' | 'changed' | 'override';

export interface HostSummary {
  host: string;
  status: HostStatus;
  keyCount: number;
  lastSeen: number;
  lastChangeSeverity: Severity;
  lastChangeAt: number | null;
}

export function summarize(record: TrustRecord): HostSummary {
  const pending = record.keys.some((k) => k.status === 'pending');
  const trusted = record.keys.some(isTrusted);
  return {
    host: record.host,
    status: pending ? 'changed' : !trusted && record.override ? 'override' : 'known',
    keyCount: record.keys.length,
    lastSeen: record.lastSeen,
    lastChangeSeverity: record.lastChange?.severity ?? 'none',
    lastChangeAt: record.lastChange?.at ?? null,
  };
}
