// The IndexedDB schema. Every change to it is a new numbered file in migrations/.
import type { DBSchema } from 'idb';
import type { HostSummary } from '../core/host-summary.js';
import type { Policy } from '../core/policy.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { StoredTrustEvent } from '../core/trust-event.js';
import type { StoredPage, SummaryPage } from './pages.js';

export const DB_NAME = 'firstseen';

/**
 * The number of migrations in migrations/index.ts (a unit test holds them equal). Kept here so that
 * opening an up-to-date database does not load the migrations: they bring the Public Suffix List,
 * which a waking event page should not wait for.
 */
export const SCHEMA_VERSION = 5;

export interface FirstSeenDB extends DBSchema {
  /** Since 005: the hosts, records and histories, in pages of neighbouring hosts (pages.ts), under each page's first host. */
  pages: { key: string; value: StoredPage; indexes: { 'by-domain': string } };
  /** The summaries of each page's hosts, under the same key: what the host list loads. */
  summaryPages: { key: string; value: SummaryPage; indexes: { 'by-host': string } };
  /** Until 005: one trust record per host key. */
  hosts: { key: string; value: TrustRecord; indexes: { 'by-domain': string } };
  /** From 004 until 005: each host's history as one row. */
  histories: { key: string; value: { host: string; events: StoredTrustEvent[] } };
  /** Until 004: the history as one row per event. */
  events: {
    key: number;
    value: StoredTrustEvent;
    indexes: { 'by-host': string };
  };
  /** From 003 until 005: summarize(record) for every record. */
  summaries: { key: string; value: HostSummary };
  /** Key-value settings; "policy" holds the user's modes, ignore rules and pins. */
  settings: { key: string; value: Policy };
}
