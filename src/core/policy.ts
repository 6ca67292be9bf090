// The user's decisions about hosts: their mode, ignore rules and pins. Small by nature (only what
// the user set), so it is loaded whole and consulted on the request path.
import { matchesHost } from './host-pattern.js';
import { isPinActive, type Pin } from './pin.js';

/** watch: TOFU with warnings (the default); strict: block on mismatch; ignore: record nothing. */
export type HostMode = 'watch' | 'strict' | 'ignore';

export interface Policy {
  /** Hosts whose mode is not the default "watch". */
  modes: Record<string, Exclude<HostMode, 'watch'>>;
  /** Host patterns never recorded, e.g. "*.internal", "localhost", "<ip>". */
  ignoreRules: string[];
  pins: Pin[];
}

export const EMPTY_POLICY: Policy = { modes: {}, ignoreRules: [], pins: [] };

export function modeOf(policy: Policy, host: string): HostMode {
  return policy.modes[host] ?? 'watch';
}

export function isIgnored(policy: Policy, host: string): boolean {
  return modeOf(policy, host) === 'ignore' || policy.ignoreRules.some((rule) => matchesHost(rule, host));
}

export function pinsFor(policy: Policy, host: string): Pin[] {
  return policy.pins.filter((p) => matchesHost(p.pattern, host));
}

/**
 * Whether mismatches on this host are blocked: strict mode, or an active pin. Asked on every
 * response, so it allocates nothing; enforcementFor gives the detail once judging is needed.
 */
export function isEnforced(policy: Policy, host: string, now: number): boolean {
  return modeOf(policy, host) === 'strict' || policy.pins.some((p) => isPinActive(p, now) && matchesHost(p.pattern, host));
}

export interface Enforcement {
  /** True when a mismatch is blocked: strict mode, or at least one active pin. */
  strict: boolean;
  activePins: Pin[];
  /** Pins for the host that have expired: shown, never enforced. */
  expiredPins: Pin[];
}

export function enforcementFor(policy: Policy, host: string, now: number): Enforcement {
  const pins = pinsFor(policy, host);
  const activePins = pins.filter((p) => isPinActive(p, now));
  return {
    strict: modeOf(policy, host) === 'strict' || activePins.length > 0,
    activePins,
    expiredPins: pins.filter((p) => !isPinActive(p, now)),
  };
}
