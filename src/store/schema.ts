// The IndexedDB schema. Every change to it is a new numbered file in migrations/.
import type { DBSchema } from 'idb';
import type { HostSummary } from '../core/host-summary.js';
import type { Policy } from '../core/policy.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { StoredTrustEvent } from '../core/trust-event.js';
import type { HistoryRow } from './history-rows.js';

export const DB_NAME = 'firstseen';

/**
 * The number of migrations in migrations/index.ts (a unit test holds them equal). Kept here so that
 * opening an up-to-date database does not load the migrations: they bring the Public Suffix List,
 * which a waking event page should not wait for.
 */
export const SCHEMA_VERSION = 4;

export interface FirstSeenDB extends DBSchema {
  /** One trust record per host key. */
  hosts: { key: string; value: TrustRecord; indexes: { 'by-domain': string } };
  /** Each host's history, as one row. */
  histories: { key: string; value: HistoryRow };
  /** The history as one row per event, until 004 moved it into `histories` and removed this. */
  events: {
    key: number;
    value: StoredTrustEvent;
    indexes: { 'by-host': string };
  };
  /** summarize(record) for every record, written in the same transaction. */
  summaries: { key: string; value: HostSummary };
  /** Key-value settings; "policy" holds the user's modes, ignore rules and pins. */
  settings: { key: string; value: Policy };
}
