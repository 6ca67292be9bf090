// For the formats keyed by domain name, Android and TrustKit: one entry per name, holding that
// host's pins and its **. pattern's (the formats refuse a name twice), with includeSubdomains for
// **. and the earliest expiry. A port and a one-label wildcard cannot be said there: refused.
// Android and TrustKit use only the most specific entry for a host, while FirstSeen accepts a pin
// from any pattern that matches it: so an entry also holds the pins of every wider pattern that
// covers its name (**.parent, and *.parent one label up), said as a caveat.
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

/** Whether a wider pattern (`**.d`: d and every name under it; `*.d`: one label under d) covers a name. */
function covers(g: PinGroup, name: string): boolean {
  if (g.scope === 'any-depth') return name === g.name || name.endsWith(`.${g.name}`);
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot + 1) === g.name;
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
  const wider = plan.groups.filter((g) => g.port === null && g.scope !== 'exact');
  const entries = [...byName].map(([name, groups]): DomainEntry => {
    if (groups.length > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'merged-with-subdomains' });
    const inherited = wider.filter((w) => !groups.includes(w) && covers(w, name));
    if (inherited.length > 0) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'inherits-wider-pins' });
    const all = [...groups, ...inherited];
    const expiries = all.flatMap((g) => g.pins.map((p) => p.expiresAt));
    const dated = expiries.filter((x): x is number => x !== null);
    if (new Set(expiries).size > 1) for (const g of groups) caveats.push({ pattern: g.pattern, kind: 'earliest-expiry' });
    return {
      name, groups,
      pins: [...new Set(all.flatMap((g) => g.pins.map((p) => p.spkiSha256)))],
      includeSubdomains: groups.some((g) => g.scope === 'any-depth'),
      expiresAt: dated.length ? Math.min(...dated) : null,
    };
  });
  return { entries, refused, caveats };
}
