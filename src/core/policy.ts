// The user's decisions about hosts: their mode, ignore rules and pins. Small by nature (only what
// the user set), so it is loaded whole and consulted on the request path.
import { matchesHost } from './host-pattern.js';
import { managedModeOf, type ManagedPolicy } from './managed-rules.js';
import { isPinActive, isPinEnforcing, type Pin } from './pin.js';
import { portlessHost } from './host-port.js';

/** watch: TOFU with warnings (the default); strict: block on mismatch; ignore: record nothing. */
export type HostMode = 'watch' | 'strict' | 'ignore';

export interface Policy {
  /** Hosts whose mode is not the default "watch". */
  modes: Record<string, Exclude<HostMode, 'watch'>>;
  /** Host patterns never recorded, e.g. "*.internal", "localhost", "<ip>". */
  ignoreRules: string[];
  pins: Pin[];
  /**
   * The organisation's rules (managed-policy.ts), in memory only: attached where the policy is
   * read for use, never stored, exported or imported as the user's. They win over the user's: a
   * user may make a host stricter, never less strict, and cannot accept a key past a managed pin.
   */
  managed?: ManagedPolicy;
}

export const EMPTY_POLICY: Policy = { modes: {}, ignoreRules: [], pins: [] };

/** The user's own mode for a host, without the organisation's. */
export function userModeOf(policy: Policy, host: string): HostMode {
  return policy.modes[host] ?? 'watch';
}

/**
 * A port with no mode of its own is strict where its name is (host-port.ts: it gets the name's
 * cookies). Only strictness passes to it: no port is checked less than it was before this rule.
 */
function strictByName(policy: Policy, host: string): boolean {
  const name = host.includes(':') ? portlessHost(host) : null;
  return name !== null && policy.modes[name] === 'strict';
}

/**
 * The mode in force: the organisation's where it sets one, unless the user chose strict (stricter
 * than any); otherwise the user's.
 */
export function modeOf(policy: Policy, host: string): HostMode {
  const user = policy.modes[host] ?? (strictByName(policy, host) ? 'strict' : 'watch');
  const managed = managedModeOf(policy.managed, host);
  return managed === null || user === 'strict' ? user : managed;
}

/** Whether the organisation set this host's mode (the pages show it read-only). */
export function isModeManaged(policy: Policy, host: string): boolean {
  return managedModeOf(policy.managed, host) !== null;
}

export function isIgnored(policy: Policy, host: string): boolean {
  // The user's ignore rules and modes do not reach a host whose mode the organisation set, nor one
  // it pinned: ignoring a host would switch its required pins off (an attacker review found it).
  if (policy.managed && managedModeOf(policy.managed, host) !== null) return modeOf(policy, host) === 'ignore';
  if (policy.managed && managedPinsFor(policy, host).length > 0) return false;
  return modeOf(policy, host) === 'ignore' || policy.ignoreRules.some((rule) => matchesHost(rule, host));
}

/** The user's pins and the organisation's that match a host. */
export function pinsFor(policy: Policy, host: string): Pin[] {
  const own = policy.pins.filter((p) => matchesHost(p.pattern, host));
  return policy.managed ? [...own, ...managedPinsFor(policy, host)] : own;
}

/** A pin as the user's policy stores it: only its own fields (an imported `managed: true` is not the organisation's). */
export function ownPin(p: Pin): Pin {
  return { pattern: p.pattern, spkiSha256: p.spkiSha256, addedAt: p.addedAt, expiresAt: p.expiresAt, ...(p.reportOnly ? { reportOnly: true as const } : {}) };
}

export function managedPinsFor(policy: Policy, host: string): Pin[] {
  return policy.managed?.pins.filter((p) => matchesHost(p.pattern, host)) ?? [];
}

/**
 * Whether mismatches on this host are blocked: strict mode, or an active pin. Asked on every
 * response, so it allocates nothing; enforcementFor gives the detail once judging is needed.
 */
export function isEnforced(policy: Policy, host: string, now: number): boolean {
  const pinned = (pins: readonly Pin[]) => pins.some((p) => isPinEnforcing(p, now) && matchesHost(p.pattern, host));
  return modeOf(policy, host) === 'strict' || pinned(policy.pins) || (policy.managed !== undefined && pinned(policy.managed.pins));
}

export interface Enforcement {
  /** True when a mismatch is blocked: strict mode, or at least one active pin. */
  strict: boolean;
  activePins: Pin[];
  /**
   * The organisation's active pins (also in activePins): a chain must hold one of them, whatever
   * the user trusts. Absent or empty: none.
   */
  managedPins?: Pin[];
  /** Pins for the host that have expired: shown, never enforced. */
  expiredPins: Pin[];
  /** Report-only pins for the host, not expired: shown, never enforced. */
  reportOnlyPins?: Pin[];
}

export function enforcementFor(policy: Policy, host: string, now: number): Enforcement {
  const pins = pinsFor(policy, host);
  const activePins = pins.filter((p) => isPinEnforcing(p, now));
  const managedPins = managedPinsFor(policy, host).filter((p) => isPinActive(p, now));
  const reportOnlyPins = pins.filter((p) => p.reportOnly && isPinActive(p, now));
  return {
    strict: modeOf(policy, host) === 'strict' || activePins.length > 0,
    activePins,
    ...(managedPins.length > 0 ? { managedPins } : {}),
    ...(reportOnlyPins.length > 0 ? { reportOnlyPins } : {}),
    expiredPins: pins.filter((p) => !isPinActive(p, now)),
  };
}
