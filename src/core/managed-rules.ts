// The organisation's rules for FirstSeen as the request path asks them (managed-policy.ts reads
// and checks them): which mode a host gets, which inspection root may re-sign it, and what a
// changed policy no longer sets. Kept apart from the reader so that a wake-up with no policy loads
// no schema validator.
import { parseHostPattern, patternMatches, type ParsedPattern } from './host-pattern.js';
import type { HostMode } from './policy.js';
import type { Pin } from './pin.js';

/** Who declared an inspection root: the organisation's policy, or the user on this machine. */
export type InspectorKind = 'organisation' | 'user';

export interface InspectionRoot {
  /** The administrator's name for the proxy: shown as text, never taken from a certificate. */
  name: string;
  spkiSha256: string;
  /** Host patterns it may re-sign; null: every host. */
  domains: string[] | null;
}

export interface LockedOptions {
  checkEveryResponse?: boolean;
  stopOnCritical?: boolean;
  notifications?: true;
  importDisabled?: boolean;
}

export interface ManagedPolicy {
  /** Pins the chain must hold (addedAt 0: set by the organisation, not at a moment of the user's). */
  pins: Pin[];
  /** Mode per pattern, as written. */
  modes: Record<string, HostMode>;
  inspectionRoots: InspectionRoot[];
  locked: LockedOptions;
}

/** What was read: a policy, none (no policies.json entry), or one refused with the reason. */
export type ManagedState =
  | { status: 'none' }
  | { status: 'applied'; policy: ManagedPolicy }
  | { status: 'refused'; reason: string };

export const NO_MANAGED_POLICY: ManagedState = { status: 'none' };

/** How specific a pattern is: an exact host beats any wildcard, a longer domain a shorter one. */
function specificity(p: ParsedPattern): number {
  if (p.kind === 'ip') return 0;
  const depth = p.name.split('.').length * 4 + (p.port !== null ? 1 : 0);
  return p.kind === 'exact' ? 10_000 + depth : p.kind === 'one-label' ? depth + 2 : depth;
}

interface ModeRule { parsed: ParsedPattern; mode: HostMode; rank: number }

// Asked on every response: each policy's patterns are parsed once, most specific first.
const modeRules = new WeakMap<ManagedPolicy, ModeRule[]>();

function rulesOf(policy: ManagedPolicy): ModeRule[] {
  let rules = modeRules.get(policy);
  if (!rules) {
    rules = [];
    for (const [pattern, mode] of Object.entries(policy.modes)) {
      const parsed = parseHostPattern(pattern);
      if (typeof parsed !== 'string') rules.push({ parsed, mode, rank: specificity(parsed) });
    }
    rules.sort((a, b) => b.rank - a.rank);
    modeRules.set(policy, rules);
  }
  return rules;
}

/** The organisation's mode for a host: its most specific matching pattern's, or null. */
export function managedModeOf(policy: ManagedPolicy | undefined, host: string): HostMode | null {
  if (!policy) return null;
  return rulesOf(policy).find((r) => patternMatches(r.parsed, host))?.mode ?? null;
}

/** The expected inspection root that may re-sign this host, by the root's SPKI, or null. */
export function inspectionRootFor(policy: ManagedPolicy | undefined, rootSpki: string, host: string): InspectionRoot | null {
  const root = policy?.inspectionRoots.find((r) => r.spkiSha256 === rootSpki);
  if (!root) return null;
  if (root.domains === null) return root;
  return root.domains.some((d) => {
    const parsed = parseHostPattern(d);
    return typeof parsed !== 'string' && patternMatches(parsed, host);
  }) ? root : null;
}

/** Something an earlier policy set that this one no longer does: for the history. */
export interface RemovedEntry {
  /** The host pattern it was set for; "*" for what applied to every host. */
  pattern: string;
  detail: string;
}

/** What `before` set that `after` (null: no policy) no longer sets, each a line for the history. */
export function removedEntries(before: ManagedPolicy, after: ManagedPolicy | null): RemovedEntry[] {
  const removed: RemovedEntry[] = [];
  for (const [pattern, mode] of Object.entries(before.modes)) {
    if (after?.modes[pattern] !== mode) removed.push({ pattern, detail: `mode ${mode}` });
  }
  for (const p of before.pins) {
    if (!after?.pins.some((q) => q.pattern === p.pattern && q.spkiSha256 === p.spkiSha256)) removed.push({ pattern: p.pattern, detail: `pin ${p.spkiSha256}` });
  }
  for (const r of before.inspectionRoots) {
    if (!after?.inspectionRoots.some((q) => q.spkiSha256 === r.spkiSha256)) removed.push({ pattern: '*', detail: `inspection root ${r.spkiSha256} (${r.name})` });
  }
  for (const [option, value] of Object.entries(before.locked)) {
    if (after?.locked[option as keyof LockedOptions] !== value) removed.push({ pattern: '*', detail: `locked option ${option}` });
  }
  return removed;
}
