// The judgement of one observation against what was known about its host.
import type { BlockReason } from './enforcement.js';
import type { InspectorLookup } from './inspection-roots.js';
import type { Severity } from './severity.js';
import type { SkipReason } from './observation.js';
import type { KeyRef, KnownKey, LearnMode } from './trust-record.js';

export type VerdictKind =
  | 'first-use' // no trusted key yet: learned
  | 'match' // the host's current key, under its issuer
  | 'multi-key' // another of the host's trusted keys: a host that uses several
  | 'renewal' // a trusted key and issuer in a new certificate
  | 'downgrade' // a trusted key over a weaker connection (TLS version, CT, HSTS)
  | 'key-change' // a new leaf key from a known issuing CA
  | 'issuer-change' // an issuing CA this host was never trusted under
  | 'interception' // a root not built into Firefox, where a built-in root was seen before
  | 'inspected' // re-signed by the inspection root the organisation declared for this host
  | 'rejected-key' // a key the user chose to keep distrusting
  | 'shared-connection' // HTTP/2 coalescing: another host's trusted certificate, which names this host too
  | 'unresolved' // a key already alarmed about, not yet decided: shown, not alarmed again
  | 'old-key-returned' // a key replaced by a provisional one came back: the replacement is doubted
  | 'certificate-override' // the user clicked through a certificate error
  | 'unchecked'; // seen, but nothing could be judged (not secure, no usable security info)

export interface Verdict {
  kind: VerdictKind;
  severity: Severity;
  host: string;
  at: number;
  /** Plain-language reasons, in order of importance. */
  reasons: string[];
  /** The key the response presented, when it had one. */
  observed?: KeyRef;
  /** The trusted key it was compared against, for a change. */
  previous?: KeyRef;
  /** For 'inspected': the inspection proxy's name, the administrator's or the root's own (text, never HTML). */
  inspectedBy?: string;
  /** Set when strict mode or a pin stopped the response. */
  blocked?: BlockReason;
  /**
   * For a key the host never showed: how it may be learned without asking. Absent, a change waits
   * for the user's decision (pending). 'provisional': on probation (trust-record.ts, Provisional).
   */
  learn?: LearnMode;
  /** With learn 'provisional': SPKIs of the keys it is taken to replace (empty: served beside them). */
  replaces?: string[];
  /**
   * Keys on probation whose trust this verdict withdraws (they go back to pending): a replaced key
   * that came back, or a second key claiming the same renewal.
   */
  doubts?: KeyRef[];
}

/** What a host the user chose to ignore gets: seen, and deliberately not checked. */
export function ignoredVerdict(host: string, at: number): Verdict {
  return { kind: 'unchecked', severity: 'none', host, at, reasons: ['reasonIgnoredByRule'] };
}

/** A key trusted on another host of the same registrable domain. */
export interface SiblingKey {
  /** Trusted there long enough, and not on probation: a key planted there last week is not. */
  mature: boolean;
  /** The root (SPKI) it was seen under there. */
  rootSpki: string;
}

/** What the judge knows beyond the host's own record. */
export interface JudgeContext {
  /** Keys trusted on other hosts of the same registrable domain, by SPKI. */
  siblingKeys?: ReadonlyMap<string, readonly SiblingKey[]>;
  /** Roots (SPKI) that several hosts flipped to at once: suspected interception. */
  interceptionRoots?: ReadonlySet<string>;
  /**
   * The DNS names of a known key's certificate (key-names.ts), null when unknown. Given where a new
   * key is judged with its DER; without it, no rule asks for names.
   */
  namesOf?: (k: KnownKey) => readonly string[] | null;
  /**
   * The known TLS inspection root (by its SPKI) that may re-sign this host, or null: the
   * organisation's (managed-rules.ts, named by the administrator) or one the user recognised on
   * this machine (options.ts, named by its subject). Only asked of a root not built into Firefox.
   */
  inspectionRoot?: InspectorLookup;
}

const SKIP_REASONS: Record<Exclude<SkipReason, 'not-tls'>, string> = {
  'from-cache': 'reasonFromCache',
  'not-secure': 'reasonNotSecure',
  'no-security-info': 'reasonNoSecurityInfo',
};

/** A host seen but not judged (its certificate could not be read): no observation does not mean safe. */
export function uncheckedVerdict(host: string, at: number, reason: Exclude<SkipReason, 'not-tls'>): Verdict {
  return { kind: 'unchecked', severity: 'none', host, at, reasons: [SKIP_REASONS[reason]] };
}
