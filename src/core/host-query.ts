// Querying the host list: the search, filters and sort the management page offers. Pure, so the
// background's host directory and its tests share it.
import type { HostStatus, HostSummary } from './host-summary.js';
import { modeOf, type HostMode, type Policy } from './policy.js';
import { severityRank, type Severity } from './severity.js';
import { displayHost } from './host-display.js';

export type SortKey = 'host' | 'status' | 'keyCount' | 'lastSeen' | 'lastChangeSeverity' | 'mode';

export interface HostQuery {
  search: string;
  status: HostStatus | null;
  mode: HostMode | null;
  severity: Severity | null;
  sort: SortKey;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface HostRow extends HostSummary {
  mode: HostMode;
}

export interface HostPage {
  total: number;
  offset: number;
  rows: HostRow[];
}

export const DEFAULT_QUERY: HostQuery = { search: '', status: null, mode: null, severity: null, sort: 'host', descending: false, offset: 0, limit: 50 };

export function isPlainListing(q: HostQuery): boolean {
  return q.search === '' && q.status === null && q.mode === null && q.severity === null && q.sort === 'host' && !q.descending;
}

export function compareBy(sort: SortKey, policy: Policy): (a: HostSummary, b: HostSummary) => number {
  switch (sort) {
    case 'host': return (a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);
    case 'status': return (a, b) => a.status.localeCompare(b.status);
    case 'keyCount': return (a, b) => a.keyCount - b.keyCount;
    case 'lastSeen': return (a, b) => a.lastSeen - b.lastSeen;
    case 'lastChangeSeverity': return (a, b) => severityRank(a.lastChangeSeverity) - severityRank(b.lastChangeSeverity);
    case 'mode': return (a, b) => modeOf(policy, a.host).localeCompare(modeOf(policy, b.host));
  }
}

/**
 * The search by name: a host matches when the text is part of its stored (ASCII, punycode) name
 * or of its Unicode form, so "bücher" and "xn--bcher" both find xn--bcher-kva.example.
 */
export function hostSearch(text: string): (host: string) => boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return () => true;
  return (host) => host.includes(needle) || (host.includes('xn--') && displayHost(host).unicode.toLowerCase().includes(needle));
}

/** Whether a summary passes the query's search and filters. */
export function matchesQuery(q: HostQuery, x: HostSummary, policy: Policy): boolean {
  return hostSearch(q.search)(x.host) &&
    (q.status === null || x.status === q.status) &&
    (q.severity === null || x.lastChangeSeverity === q.severity) &&
    (q.mode === null || modeOf(policy, x.host) === q.mode);
}
