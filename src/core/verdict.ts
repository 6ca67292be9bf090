// The judgement of one observation against what was known about its host.
import type { Severity } from './severity.js';
import type { KeyRef } from './trust-record.js';

export type VerdictKind =
  | 'first-use' // no trusted key yet: learned
  | 'match' // a trusted key under a trusted issuer
  | 'renewal' // a trusted key and issuer in a new certificate
  | 'key-change' // a new leaf key from a known issuing CA
  | 'issuer-change' // an issuing CA this host was never trusted under
  | 'rejected-key' // a key the user chose to keep distrusting
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
}

export const CHANGE_KINDS: ReadonlySet<VerdictKind> = new Set(['key-change', 'issuer-change', 'rejected-key']);
