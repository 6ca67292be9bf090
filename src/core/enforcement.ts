// Strict mode and pins: whether a response must be stopped. Fails closed: a strict host that could
// not be checked is blocked, as Firefox's own pinning does.
import type { Enforcement } from './policy.js';
import type { Verdict } from './verdict.js';

/**
 * settings-unavailable: the policy could not be read, so any host may be strict or pinned, and
 * this response could not be judged either: stopped, as an unreadable response of a strict host is.
 * managed-pin: the chain holds none of the keys the organisation pinned for the host: nothing the
 * user trusts lets it through.
 * held: the user chose "Block until I decide" on a change of this host: enforced as strict mode
 * (only the host's trusted keys load) until the decision.
 */
export type BlockReason = 'managed-pin' | 'pin-mismatch' | 'key-mismatch' | 'held' | 'certificate-error' | 'unverifiable' | 'settings-unavailable' | 'critical';

/** Verdicts on a key the host is trusted to use. */
// old-key-returned: the key presented is a trusted one; the doubt falls on its replacement.
// Not shared-connection: that key is trusted for another host, never for this one; a strict host
// with keys of its own is stopped on it (an attacker's certificate can name his own site too).
const TRUSTED_KINDS = new Set<Verdict['kind']>(['match', 'multi-key', 'renewal', 'downgrade', 'old-key-returned']);

/** Verdicts that learn a host's first key: let through where no pin says otherwise. */
const FIRST_KEY_KINDS = new Set<Verdict['kind']>(['first-use', 'shared-connection']);

/**
 * What is enforced while the policy cannot be read: any host may be strict or pinned, so only a key
 * the host is trusted to use (or its very first key) goes through. Fails closed, as a strict host.
 */
export const UNKNOWN_POLICY: Enforcement = { strict: true, activePins: [], expiredPins: [] };

export function chainMatchesPin(enforcement: Enforcement, chainSpki: readonly string[]): boolean {
  return enforcement.activePins.some((p) => chainSpki.includes(p.spkiSha256));
}

/**
 * Why a response must be stopped, or null to let it through. A response passes when any
 * certificate of its chain has an active pin's SPKI (as in HPKP), or its key is one the host is
 * trusted to use. A strict host with no key and no pin has nothing to enforce yet: it is learned.
 * The organisation's pins come first and are required: a chain without one of them is stopped.
 */
export function blockReason(enforcement: Enforcement, verdict: Verdict, chainSpki: readonly string[] | null): BlockReason | null {
  if (!enforcement.strict) return null;
  if (verdict.kind === 'certificate-override') return 'certificate-error';
  if (verdict.kind === 'unchecked') return 'unverifiable';
  const managed = enforcement.managedPins ?? [];
  if (managed.length > 0 && !(chainSpki && managed.some((p) => chainSpki.includes(p.spkiSha256)))) return 'managed-pin';
  if (chainSpki && chainMatchesPin(enforcement, chainSpki)) return null;
  // Re-signed by a known inspection proxy (the organisation's, or one the user recognised): it
  // vouches for the host, so a strict host behind it still loads; a pin, the user's too, still
  // applies to the chain as presented (a user may only add stricter rules).
  if (verdict.kind === 'inspected') return enforcement.activePins.length > 0 ? 'pin-mismatch' : null;
  // Unless the key presented is the one doubted (judge.ts doubtedOnOtherPorts): an eighth review
  // got his doubted key through strict mode and a hold as "the old key returned".
  const doubtsItself = verdict.doubts?.some((d) => d.spkiSha256 === verdict.observed?.spkiSha256) ?? false;
  if (TRUSTED_KINDS.has(verdict.kind) && !doubtsItself) return null;
  if (FIRST_KEY_KINDS.has(verdict.kind) && verdict.severity === 'none' && enforcement.activePins.length === 0) return null;
  return enforcement.activePins.length > 0 ? 'pin-mismatch' : 'key-mismatch';
}
