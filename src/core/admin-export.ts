// The user's own pins and modes as a policies.json an administrator can deploy: the very shape
// extension/managed-schema.json accepts, under 3rdparty.Extensions and the add-on's id.
import type { Policy } from './policy.js';

export interface ManagedFragment {
  pins?: { pattern: string; sha256: string[]; expires?: string }[];
  modes?: Record<string, 'strict' | 'watch' | 'ignore'>;
}

/**
 * Pins grouped per pattern and expiry (one entry, several keys, as HPKP's backup pins); the user's
 * modes, and the user's ignore rules as "ignore". One difference is said in docs/MANAGED.md: in a
 * policy the most specific pattern wins, so a host set strict beats an ignore rule covering it,
 * where the user's own ignore rules win over everything.
 */
export function managedFragmentOf(policy: Policy): ManagedFragment {
  const groups = new Map<string, { pattern: string; sha256: string[]; expires?: string }>();
  for (const pin of policy.pins) {
    // The organisation's are not the user's; a report-only pin would be enforced by a policy.
    if (pin.managed || pin.reportOnly) continue;
    const expires = pin.expiresAt === null ? undefined : new Date(pin.expiresAt).toISOString();
    const key = `${pin.pattern}\n${expires ?? ''}`;
    const entry = groups.get(key) ?? { pattern: pin.pattern, sha256: [], ...(expires ? { expires } : {}) };
    if (!entry.sha256.includes(pin.spkiSha256)) entry.sha256.push(pin.spkiSha256);
    groups.set(key, entry);
  }
  const modes: Record<string, 'strict' | 'watch' | 'ignore'> = {};
  for (const rule of policy.ignoreRules) modes[rule] = 'ignore';
  for (const [host, mode] of Object.entries(policy.modes)) modes[host] = mode;
  return {
    ...(groups.size > 0 ? { pins: [...groups.values()] } : {}),
    ...(Object.keys(modes).length > 0 ? { modes } : {}),
  };
}

/** The whole policies.json text, for the add-on `id`. */
export function policiesJsonOf(policy: Policy, id: string): string {
  return `${JSON.stringify({ policies: { '3rdparty': { Extensions: { [id]: managedFragmentOf(policy) } } } }, null, 2)}\n`;
}
