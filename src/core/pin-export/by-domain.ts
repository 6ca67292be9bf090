// For the formats keyed by domain name, Android and TrustKit: one entry per name, holding that
// host's pins and its **. pattern's (the formats refuse a name twice), with includeSubdomains for
// **. and the earliest expiry. A port and a one-label wildcard cannot be said there: refused.
import type { Caveat, Refusal } from './export-types.js';
import type { PinGroup, PinPlan } from './plan.js';

export interface DomainEntry {
  name: string;
  groups: PinGroup[];
  pins: string[];
  includeSubdomains: boolean;
  /** The earliest of the pins' expiries: the entry must never outlive one of its pins. */
  expiresAt: number | null;
}

export function byDomain(plan: PinPlan): { entries: DomainEntry[]; refused: Refusal[]; caveats: Caveat[] } {
  const refused: Refusal[] = [];
  const caveats: Caveat[] = [];
  const byName = new Map<string, PinGroup[]>();
  for (const g of plan.groups) {
    if (g.port !== null) refused.push({ pattern: g.pattern, reason: 'port' });
    else if (g.scope === 'one-label') refused.push({ pattern: g.pattern, reason: 'one-label-wildcard' });
    else byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
  }
  const entries = [...byName].map(([name, groups]): DomainEntry => {
    if (groups.length > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'merged-with-subdomains' });
    const expiries = groups.flatMap((g) => g.pins.map((p) => p.expiresAt));
    const dated = expiries.filter((x): x is number => x !== null);
    if (new Set(expiries).size > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'earliest-expiry' });
    return {
      name, groups,
      pins: [...new Set(groups.flatMap((g) => g.pins.map((p) => p.spkiSha256)))],
      includeSubdomains: groups.some((g) => g.scope === 'any-depth'),
      expiresAt: dated.length ? Math.min(...dated) : null,
    };
  });
  return { entries, refused, caveats };
}
