// Entries of a host's history: what happened and when. Kept separately from the trust record,
// so the record stays small and the history can grow.
import type { Severity } from './severity.js';
import type { KeyRef } from './trust-record.js';

export type TrustEventKind =
  | 'first-use'
  | 'key-change'
  | 'issuer-change'
  | 'interception'
  | 'downgrade'
  | 'rejected-key'
  | 'certificate-override'
  | 'old-key-returned'
  | 'key-accepted'
  | 'key-rejected'
  | 'decision-undone'
  | 'held-until-decided'
  | 'pin-added'
  | 'pin-removed'
  | 'mode-changed'
  | 'managed-removed'
  | 'imported'
  | 'key-pruned';

export interface TrustEvent {
  host: string;
  at: number;
  kind: TrustEventKind;
  severity: Severity;
  /** The key the event is about. */
  key?: KeyRef;
  /** The trusted key it replaced or was compared with. */
  previous?: KeyRef;
  /** For certificate-override: Firefox's error category. */
  category?: string;
  /**
   * For pin-added/removed: the pinned SPKI; for mode-changed: the new mode; for managed-removed:
   * what the organisation's policy no longer sets ("mode strict", "pin <SPKI>"), the host being
   * the pattern it was set for.
   */
  detail?: string;
}

/** A stored event carries the id IndexedDB gave it. */
export interface StoredTrustEvent extends TrustEvent {
  id: number;
}
