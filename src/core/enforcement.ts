// Strict mode and pins: whether a response must be stopped. Fails closed: a strict host that could
// not be checked is blocked, as Firefox's own pinning does.
import type { Enforcement } from './policy.js';
import type { Verdict } from './verdict.js';

/**
 * settings-unavailable: the policy could not be read, so any host may be strict or pinned, and
 * this response could not be judged either: stopped, as an unreadable response of a strict host is.
 */
export type BlockReason = 'pin-mismatch' | 'key-mismatch' | 'certificate-error' | 'unverifiable' | 'settings-unavailable';

/** Verdicts on a key the host is trusted to use. */
// old-key-returned: the key presented is a trusted one; the doubt falls on its replacement.
// shared-connection: a key trusted for the host whose connection Firefox reused, valid for this
// one too; stopping it would block a strict host now and then, and teach the user to click "trust".
const TRUSTED_KINDS = new Set<Verdict['kind']>(['match', 'multi-key', 'renewal', 'downgrade', 'old-key-returned', 'shared-connection']);

export function chainMatchesPin(enforcement: Enforcement, chainSpki: readonly string[]): boolean {
  return enforcement.activePins.some((p) => chainSpki.includes(p.spkiSha256));
}

/**
 * Why a response must be stopped, or null to let it through. A response passes when any
 * certificate of its chain has an active pin's SPKI (as in HPKP), or its key is one the host is
 * trusted to use. A strict host with no key and no pin has nothing to enforce yet: it is learned.
 */
export function blockReason(enforcement: Enforcement, verdict: Verdict, chainSpki: readonly string[] | null): BlockReason | null {
  if (!enforcement.strict) return null;
  if (verdict.kind === 'certificate-override') return 'certificate-error';
  if (verdict.kind === 'unchecked') return 'unverifiable';
  if (chainSpki && chainMatchesPin(enforcement, chainSpki)) return null;
  if (TRUSTED_KINDS.has(verdict.kind)) return null;
  if (verdict.kind === 'first-use' && verdict.severity === 'none' && enforcement.activePins.length === 0) return null;
  return enforcement.activePins.length > 0 ? 'pin-mismatch' : 'key-mismatch';
}
