// A verdict with what enforcement makes of it: stopped (blocked, at least a warning, with why) or
// let through as it is. The policy in force decides; where it could not be read, failing closed
// (UNKNOWN_POLICY) with the organisation's rules on top, which are read apart from the store.
import { blockReason, UNKNOWN_POLICY } from './enforcement.js';
import { enforcementFor, type Enforcement, type Policy } from './policy.js';
import { maxSeverity } from './severity.js';
import type { Verdict } from './verdict.js';

export interface EnforceContext {
  host: string;
  now: number;
  /** The host's enforcement from the policy in force; undefined when the policy could not be read. */
  enforcement: Enforcement | undefined;
  /** The organisation's rules alone, for when the user's policy could not be read. */
  organisationOnly: Policy | undefined;
  /** "Block until I decide" is on for the host: strict until the decision. */
  held: boolean;
}

export function enforceVerdict(verdict: Verdict, chain: readonly string[] | null, c: EnforceContext): Verdict {
  const rules = c.enforcement ?? (c.organisationOnly ? { ...enforcementFor(c.organisationOnly, c.host, c.now), strict: true } : UNKNOWN_POLICY);
  const reason = blockReason(c.held ? { ...rules, strict: true } : rules, verdict, chain);
  // The organisation's pin keeps its own reason: it is not "settings unavailable", and no one may waive it.
  const blocked = reason && !c.enforcement && reason !== 'managed-pin' ? 'settings-unavailable' : reason === 'key-mismatch' && c.held && !rules.strict ? 'held' : reason;
  if (!blocked) return verdict;
  const why = blocked === 'settings-unavailable' ? 'reasonSettingsUnavailable' : blocked === 'held' ? 'reasonBlockedHeld' : 'reasonBlockedStrict';
  return { ...verdict, blocked, severity: maxSeverity(verdict.severity, 'warning'), reasons: [...verdict.reasons, why] };
}
