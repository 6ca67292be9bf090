// What FirstSeen remembers about one host: the keys it has been shown, under which issuing CA,
// and what the user decided about each.
import type { CertificateSummary } from './certificate.js';
import type { Severity } from './severity.js';

/**
 * - first-use: learned without asking: on the host's first visit, or as a routine rotation
 *   (then `provisional` until it matures)
 * - accepted: the user accepted it after a change
 * - pinned: the user pinned it
 * - pending: seen after a change, not yet decided: shown as unresolved until the user decides
 * - rejected: the user chose to keep distrusting it
 *
 * The one list every reader checks against: the store, the import and the schema.
 */
export const KEY_STATUSES = ['first-use', 'accepted', 'pinned', 'pending', 'rejected'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export function isKeyStatus(value: unknown): value is KeyStatus {
  return (KEY_STATUSES as readonly unknown[]).includes(value);
}

/** How a change may be learned without asking: for good, or on probation. */
export type LearnMode = 'trusted' | 'provisional';

/**
 * A key learned by a routine rule (renewal due, an old key lapsed, a parallel or fleet key) rather
 * than by the user or the host's first visit. It is trusted, but on probation: if a key it was
 * taken to replace comes back before it matures, that is an alarm (judge.ts).
 */
export interface Provisional {
  /** SPKIs of the keys this one was taken to replace; empty for a key served beside the others. */
  replaces: string[];
}

/** A leaf key as seen under one issuing CA. The pair is the unit of trust. */
export interface KnownKey {
  spkiSha256: string;
  /** SPKI of the certificate that issued the leaf; "" for a lone self-signed leaf. */
  issuerSpkiSha256: string;
  status: KeyStatus;
  firstSeen: number;
  lastSeen: number;
  timesSeen: number;
  /** The latest certificate seen with this key. */
  cert: CertificateSummary;
  /** SPKI of every certificate in the built chain, leaf first. */
  chainSpki: string[];
  /** Subject of every certificate in the built chain, leaf first. */
  chainSubjects: string[];
  builtInRoot: boolean;
  ctStatus: string;
  tlsVersion: string;
  /**
   * DER (base64) of the chain of the latest certificate read whole with this key (a new key, or a
   * renewal that keeps it): for PEM export, and the names a routine change must carry over.
   */
  chainDer?: string[];
  /** Earliest Signed Certificate Timestamp of the leaf (epoch ms): when it really was issued. */
  issuedAt?: number;
  /** Set while the key is on probation (learned by a routine rule); see isProvisional. */
  provisional?: Provisional;
  /**
   * A pending key's alarm that no tab has shown yet: its change was first seen by a request with
   * no tab (a service worker's fetch), or it came with an import. The next tab that meets the key
   * gets this alarm, not a quiet "unresolved", and then it is cleared. Local to this profile:
   * never exported. Absent on every key stored before it existed, which is right: those alarms
   * were shown.
   */
  unshownAlarm?: UnshownAlarm;
}

/** The verdict kinds an unshown alarm may carry: changes to a key, never a quiet kind. */
export const ALARM_KINDS = ['key-change', 'issuer-change', 'interception', 'shared-connection', 'unresolved'] as const;
/** ...and its severities: never below the quiet "unresolved" notice it stands in for. */
export const ALARM_SEVERITIES = ['notice', 'warning', 'critical'] as const;

export interface UnshownAlarm {
  /** The change as it was judged. */
  kind: (typeof ALARM_KINDS)[number];
  severity: (typeof ALARM_SEVERITIES)[number];
  reasons: string[];
}

export interface OverrideSighting {
  category: string;
  firstSeen: number;
  lastSeen: number;
  timesSeen: number;
}

export interface TrustRecord {
  host: string;
  firstSeen: number;
  lastSeen: number;
  timesSeen: number;
  keys: KnownKey[];
  /** The registrable domain (public suffix list), null for IP literals: indexed to find sibling hosts. */
  domain: string | null;
  /** True once the host has sent Strict-Transport-Security. */
  hsts?: boolean;
  /** Set when the user clicked through a certificate error for this host. */
  override?: OverrideSighting;
  /** The latest change worth a line in the host list. */
  lastChange?: { at: number; kind: string; severity: Severity };
  /**
   * Set (epoch ms) when the user chose "Block until I decide" on a change: while a key of the host
   * waits for a decision, the host is enforced as in strict mode (only its trusted keys load).
   * Cleared by the decision that leaves no key waiting. Local to this profile: an import drops it.
   */
  heldUntilDecided?: number;
}

/** Whether the host is blocked until the user decides: held, with a key still waiting. */
export function isHeld(record: TrustRecord | undefined): boolean {
  return record?.heldUntilDecided !== undefined && record.keys.some((k) => k.status === 'pending');
}

export interface KeyRef {
  spkiSha256: string;
  issuerSpkiSha256: string;
}

/** What the user decides about a key; `undecided` takes a decision back, so the key waits for one again. */
export type KeyDecision = 'accepted' | 'rejected' | 'undecided';

export function sameKey(a: KeyRef, b: KeyRef): boolean {
  return a.spkiSha256 === b.spkiSha256 && a.issuerSpkiSha256 === b.issuerSpkiSha256;
}

export function isTrusted(key: KnownKey): boolean {
  return key.status === 'first-use' || key.status === 'accepted' || key.status === 'pinned';
}

export function findKey(record: TrustRecord | undefined, ref: KeyRef): KnownKey | undefined {
  return record?.keys.find((k) => sameKey(k, ref));
}

/** The trusted key seen most recently: what a change is compared against. */
export function latestTrustedKey(record: TrustRecord | undefined): KnownKey | undefined {
  let best: KnownKey | undefined;
  for (const k of record?.keys ?? []) if (isTrusted(k) && (!best || k.lastSeen > best.lastSeen)) best = k;
  return best;
}

/** SPKI of the last certificate of the key's chain: the root (or the leaf itself, alone). */
export function rootSpkiOf(key: KnownKey): string {
  return key.chainSpki[key.chainSpki.length - 1] ?? key.spkiSha256;
}
