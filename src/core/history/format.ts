// The trust history file: FirstSeen's export and import format, versioned on its own.
// Documented in docs/EXPORT.md, described by docs/firstseen-trust-history.schema.json.
import type { Policy } from '../policy.js';
import { knownEvent, knownRecord } from './known-fields.js';
import type { TrustRecord } from '../trust-record.js';
import type { TrustEvent } from '../trust-event.js';

export const HISTORY_FORMAT = 'firstseen-trust-history';
export const HISTORY_VERSION = 1;

/** An event as exported: its host is the host it is listed under; store ids are not exported. */
export type ExportedEvent = Omit<TrustEvent, 'host'>;

/** A trust record as exported, with its history. */
export interface ExportedHost extends TrustRecord {
  events: ExportedEvent[];
}

export interface TrustHistory {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  /** ISO 8601 time of export. */
  exportedAt: string;
  hosts: ExportedHost[];
  policy: Policy;
}

/** A file's host as a record and its events, with only the fields FirstSeen knows (known-fields.ts). */
export function splitHost(exported: ExportedHost): { record: TrustRecord; events: TrustEvent[] } {
  return { record: knownRecord(exported), events: exported.events.map((e) => knownEvent(e, exported.host)) };
}

/**
 * The file, written in pieces so 100,000 hosts never need one giant string: a head, one piece per
 * host, and a tail. Joined, the pieces are one JSON document.
 */
export function historyHead(exportedAt: string, policy: Policy): string {
  return `{"format":"${HISTORY_FORMAT}","version":${HISTORY_VERSION},"exportedAt":${JSON.stringify(exportedAt)},` +
    `"policy":${JSON.stringify(policy)},"hosts":[`;
}

/** The hosts of one chunk, given as a JSON array's text, as a piece of the file. */
export function historyChunkPiece(hostsJson: string, first: boolean): string {
  const inner = hostsJson.trim().slice(1, -1);
  return inner === '' ? '' : (first ? '\n' : ',\n') + inner;
}

export const HISTORY_TAIL = '\n]}\n';
